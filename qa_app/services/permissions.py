"""Who may do what. Services call :func:`require` before touching data, so the rule holds for the UI, the CLI
and workers alike; the navigation only mirrors it."""

from __future__ import annotations

import enum

from qa_app.errors import PermissionDenied
from qa_app.storage.models import Role


class Capability(str, enum.Enum):
    upload_calls = "upload_calls"
    review_calls = "review_calls"
    see_own_feedback = "see_own_feedback"
    see_progress = "see_progress"
    edit_rubric = "edit_rubric"
    build_drills = "build_drills"
    practise_drills = "practise_drills"
    administer = "administer"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.admin: frozenset({Capability.upload_calls, Capability.review_calls, Capability.see_progress,
                           Capability.edit_rubric, Capability.build_drills, Capability.administer}),
    Role.qa_reviewer: frozenset({Capability.upload_calls, Capability.review_calls, Capability.see_progress}),
    Role.trainer: frozenset({Capability.see_progress, Capability.edit_rubric, Capability.build_drills}),
    Role.agent: frozenset({Capability.see_own_feedback, Capability.practise_drills}),
}


def can(role: Role, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES[Role(role)]


def require(identity, capability: Capability) -> None:
    """Raise PermissionDenied unless ``identity`` (anything with a ``role``) holds ``capability``."""
    if identity is None or not can(identity.role, capability):
        raise PermissionDenied("You do not have access to this.")

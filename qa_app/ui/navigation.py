"""The app's pages and who sees them. Built from the same capability table the services enforce."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa_app.services.permissions import Capability, can
from qa_app.storage.models import Role

PAGES_DIR = Path(__file__).parent / "views"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    section: str
    capability: Capability


PAGES: list[PageSpec] = [
    PageSpec("queue.py", "Call queue", ":material/list:", "Calls", Capability.review_calls),
    PageSpec("upload.py", "Upload calls", ":material/upload:", "Calls", Capability.upload_calls),
    PageSpec("review.py", "Review a call", ":material/rate_review:", "Calls", Capability.review_calls),
    PageSpec("feedback.py", "My feedback", ":material/insights:", "My work", Capability.see_own_feedback),
    PageSpec("practice.py", "Practice drills", ":material/record_voice_over:", "My work",
             Capability.practise_drills),
    PageSpec("progress.py", "Progress", ":material/monitoring:", "Coaching", Capability.see_progress),
    PageSpec("rubric.py", "Rubric", ":material/checklist:", "Coaching", Capability.edit_rubric),
    PageSpec("drills.py", "Drill builder", ":material/school:", "Coaching", Capability.build_drills),
    PageSpec("admin.py", "Admin", ":material/admin_panel_settings:", "Admin", Capability.administer),
]


def visible_pages(role: Role) -> list[PageSpec]:
    """The pages a role may open, in menu order (the first is its landing page)."""
    return [page for page in PAGES if can(role, page.capability)]

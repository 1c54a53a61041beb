"""The audit trail: every change a person makes is appended here (who, when, what, before, after)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from qa_app.storage.models import AuditEvent


def record(session: Session, identity, action: str, entity: str, entity_id: int | None, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    event = AuditEvent(actor_id=getattr(identity, "user_id", None), action=action, entity=entity,
                       entity_id=entity_id, before=before, after=after)
    session.add(event)
    return event


def history(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                             .order_by(AuditEvent.id)))

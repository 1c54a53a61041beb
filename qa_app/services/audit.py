"""The audit trail: every change a person makes is appended here (who, when, what, before, after).

The table is append-only in the database itself (triggers in migration 0003); admins read and export it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from qa_app.services.permissions import Capability, require
from qa_app.storage.models import AuditEvent, User


def record(session: Session, identity, action: str, entity: str, entity_id: int | None, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    event = AuditEvent(actor_id=getattr(identity, "user_id", None), action=action, entity=entity,
                       entity_id=entity_id, before=before, after=after)
    session.add(event)
    return event


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    who: str
    action: str
    entity: str
    entity_id: int | None
    before: dict | None
    after: dict | None


def _entries(session: Session, *conditions, limit: int | None = None) -> list[AuditEntry]:
    """Matching events, oldest first (the newest ``limit`` of them, if given)."""
    rows = session.exec(select(AuditEvent, User.username).join(User, User.id == AuditEvent.actor_id, isouter=True)
                        .where(*conditions).order_by(AuditEvent.id.desc()).limit(limit))
    return [AuditEntry(e.at, username or "system", e.action, e.entity, e.entity_id, e.before, e.after)
            for e, username in reversed(rows.all())]


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """What happened to one record, oldest first (callers check access to the record itself)."""
    return _entries(session, AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)


def events(session: Session, identity, *, action_prefix: str = "", since: datetime | None = None,
           limit: int = 5000) -> list[AuditEntry]:
    """The trail for admins, newest last, optionally narrowed by action (e.g. "review.") and time."""
    require(identity, Capability.administer)
    conditions = []
    if action_prefix:
        conditions.append(AuditEvent.action.startswith(action_prefix))
    if since is not None:
        conditions.append(AuditEvent.at >= since)
    return _entries(session, *conditions, limit=limit)


def to_csv(entries: list[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "who", "action", "entity", "entity_id", "before", "after"])
    for e in entries:
        writer.writerow([e.at.isoformat(), e.who, e.action, e.entity, e.entity_id,
                         json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                         json.dumps(e.after, ensure_ascii=False) if e.after is not None else ""])
    return out.getvalue()

"""Rubric versions in the database. A saved version is never edited: saving makes the next version, and old
scores keep the version they were made with."""

from __future__ import annotations

import re
from importlib.resources import files

from sqlalchemy import func, update
from sqlmodel import Session, select

import scoring
from qa_app.errors import UserError
from qa_app.jobs import enqueue_after_commit
from qa_app.services import audit
from qa_app.services.permissions import Capability, require
from qa_app.services.scoring import scorer_for
from qa_app.storage.models import Recording, RecordingStatus, Rubric, Transcript

DEFAULT_RUBRIC_NAME = "default"
MAX_RUBRIC_CHARS = 200_000


def default_rubric_text() -> str:
    return (files("rubrics") / "default.yaml").read_text(encoding="utf-8")


def active_rubric(session: Session) -> Rubric | None:
    return session.exec(select(Rubric).where(Rubric.active).order_by(Rubric.id.desc())).first()


def versions(session: Session) -> list[Rubric]:
    return list(session.exec(select(Rubric).order_by(Rubric.version.desc())))


def ensure_default_rubric(session: Session) -> Rubric:
    """Install the packaged default rubric as version 1 unless some rubric is already active."""
    current = active_rubric(session)
    if current is not None:
        return current
    text = default_rubric_text()
    validate(text)
    rubric = Rubric(name=DEFAULT_RUBRIC_NAME, version=1, source_text=text, active=True)
    session.add(rubric)
    session.flush()
    return rubric


def validate(text: str) -> scoring.Rubric:
    """The parsed rubric, or a UserError naming the line, column and key of the first problem."""
    if len(text) > MAX_RUBRIC_CHARS:
        raise UserError(f"The rubric is longer than {MAX_RUBRIC_CHARS:,} characters.")
    try:
        return scoring.load_rubric(text)
    except scoring.RubricError as exc:
        raise UserError(str(exc)) from None


def save_version(session: Session, identity, text: str) -> Rubric:
    """Validate and store ``text`` as the next version, and make it the active rubric."""
    require(identity, Capability.edit_rubric)
    validate(text)
    current = active_rubric(session)
    if current is not None and current.source_text == text:
        raise UserError("Nothing changed: this is the active version.")
    next_version = (session.exec(select(func.max(Rubric.version))).one() or 0) + 1
    session.execute(update(Rubric).values(active=False))
    rubric = Rubric(name=current.name if current else DEFAULT_RUBRIC_NAME, version=next_version, source_text=text,
                    active=True, created_by_id=identity.user_id)
    session.add(rubric)
    session.flush()
    audit.record(session, identity, "rubric.save", "rubric", rubric.id,
                 before={"version": current.version} if current else None,
                 after={"version": next_version, "chars": len(text)})
    return rubric


_SPEAKER_PREFIX = re.compile(r"^\s*(agent|customer|a|c)\s*:\s*", re.IGNORECASE)


def parse_exchange(text: str) -> list[scoring.Turn]:
    """Turns from lines such as "Customer: …" / "Agent: …"; lines without a prefix are the agent speaking."""
    turns = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _SPEAKER_PREFIX.match(line)
        speaker = "customer" if match and match.group(1).lower() in ("customer", "c") else "agent"
        turns.append(scoring.Turn(speaker=speaker, text=line[match.end():] if match else line.strip()))
    if not turns:
        raise UserError("Type a sentence, or an exchange with one \"Customer:\" / \"Agent:\" line per turn.")
    return turns


def try_rubric(text: str, exchange: str) -> scoring.CallScore:
    """Score a typed sentence or exchange with a (possibly unsaved) rubric text, for the "try it" box."""
    validate(text)
    return scorer_for(text).score(parse_exchange(exchange))


def queue_rescore(session: Session, identity) -> int:
    """Queue every processed call to be scored again with the active rubric; returns how many.

    Calls keep their transcripts, so the job skips straight to scoring.
    """
    require(identity, Capability.edit_rubric)
    with_transcript = select(Transcript.recording_id)
    queued = session.execute(update(Recording)
                             .where(Recording.status.in_((RecordingStatus.done, RecordingStatus.failed)),
                                    Recording.id.in_(with_transcript))
                             .values(status=RecordingStatus.queued, attempts=0, error=None, progress=0.0)
                             .returning(Recording.id)).scalars().all()
    enqueue_after_commit(session, queued)  # with a broker: one task per call; the rescore is a batch of jobs
    audit.record(session, identity, "rubric.rescore", "rubric", active_rubric(session).id,
                 after={"calls": len(queued)})
    return len(queued)


def rescore_progress(session: Session) -> tuple[int, int]:
    """(calls still waiting to be scored, calls with a transcript)."""
    waiting = session.exec(select(func.count()).select_from(Recording).where(
        Recording.status.in_((RecordingStatus.queued, RecordingStatus.transcribing, RecordingStatus.scoring)),
        Recording.id.in_(select(Transcript.recording_id)))).one()
    total = session.exec(select(func.count()).select_from(Transcript)).one()
    return waiting, total

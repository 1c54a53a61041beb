"""Reading calls back: what the upload page, the queue and the review page show, filtered by who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from qa_app.errors import PermissionDenied
from qa_app.privacy.playback import playable_key
from qa_app.services.permissions import Capability, can, require
from qa_app.services.recordings import get_recording
from qa_app.services.rubrics import active_rubric
from qa_app.services.scoring import call_turns, scorer_for
from qa_app.storage.blobs import default_store
from qa_app.storage.models import (Agent, CriterionResult, Recording, RecordingStatus, Review, ReviewOverride,
                                   ReviewState, Role, Score, Team, Transcript, Turn, User, Verdict)


@dataclass(frozen=True)
class CallStatus:
    recording_id: int
    filename: str
    agent: str | None
    call_date: date
    status: RecordingStatus
    progress: float
    error: str | None
    updated_at: datetime


def recent_uploads(session: Session, identity, limit: int = 20) -> list[CallStatus]:
    """The calls this user uploaded, newest first, with where each is in processing."""
    require(identity, Capability.upload_calls)
    rows = session.exec(
        select(Recording, Agent.name).join(Agent, Agent.id == Recording.agent_id, isouter=True)
        .where(Recording.uploaded_by_id == identity.user_id).order_by(Recording.id.desc()).limit(limit))
    return [CallStatus(r.id, r.original_filename, agent, r.call_date, r.status, r.progress, r.error, r.updated_at)
            for r, agent in rows]


def readable_recording(session: Session, identity, recording_id: int) -> Recording:
    """A call the user may see: reviewers and admins see every call, an agent only their own. Anyone else is
    refused alike whether the call exists or not, so call ids cannot be probed."""
    if can(identity.role, Capability.review_calls):
        return get_recording(session, recording_id)
    recording = session.get(Recording, recording_id)
    if (recording is not None and identity.role is Role.agent and identity.agent_id is not None
            and recording.agent_id == identity.agent_id):
        return recording
    raise PermissionDenied("You do not have access to this call.")


def call_transcript(session: Session, identity, recording_id: int) -> tuple[Transcript | None, list[Turn]]:
    readable_recording(session, identity, recording_id)
    transcript = session.exec(select(Transcript).where(Transcript.recording_id == recording_id)).first()
    return transcript, call_turns(session, recording_id)


def agents(session: Session, include_inactive: bool = False) -> list[Agent]:
    query = select(Agent).order_by(Agent.name)
    return list(session.exec(query if include_inactive else query.where(Agent.active)))


@dataclass(frozen=True)
class QueueFilter:
    agent_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[RecordingStatus, ...] = ()
    score_min: float | None = None
    score_max: float | None = None
    missed_criterion: str | None = None  # calls where this criterion's verdict (after overrides) is not met
    reviewed: bool | None = None  # True: final review exists; False: no final review
    sort: str = "oldest_unreviewed"  # or: newest, score_low, score_high


QUEUE_SORTS = {
    "oldest_unreviewed": "Oldest unreviewed first",
    "newest": "Newest call first",
    "score_low": "Lowest score first",
    "score_high": "Highest score first",
}


@dataclass(frozen=True)
class QueueRow:
    recording_id: int
    filename: str
    agent: str | None
    team: str | None
    call_date: date
    status: RecordingStatus
    total: float | None
    review_state: ReviewState | None
    reviewer: str | None
    missed: tuple[str, ...]


def call_queue(session: Session, identity, where: QueueFilter = QueueFilter(), limit: int = 500) -> list[QueueRow]:
    """Every call matching the filter (reviewers and admins only), with its current score and review."""
    require(identity, Capability.review_calls)
    rubric = active_rubric(session)
    score = (select(Score.id, Score.recording_id, Score.total)
             .where(Score.rubric_id == (rubric.id if rubric else -1)).subquery())
    effective = func.coalesce(ReviewOverride.verdict, CriterionResult.verdict)
    query = (
        select(Recording, Agent.name, Team.name, score.c.total, Review.state, User.display_name)
        .join(Agent, Agent.id == Recording.agent_id, isouter=True)
        .join(Team, Team.id == Agent.team_id, isouter=True)
        .join(score, score.c.recording_id == Recording.id, isouter=True)
        .join(Review, Review.score_id == score.c.id, isouter=True)
        .join(User, User.id == Review.reviewer_id, isouter=True)
    )
    if where.agent_ids:
        query = query.where(Recording.agent_id.in_(where.agent_ids))
    if where.team_ids:
        query = query.where(Agent.team_id.in_(where.team_ids))
    if where.date_from:
        query = query.where(Recording.call_date >= where.date_from)
    if where.date_to:
        query = query.where(Recording.call_date <= where.date_to)
    if where.statuses:
        query = query.where(Recording.status.in_(where.statuses))
    if where.score_min is not None:
        query = query.where(score.c.total >= where.score_min)
    if where.score_max is not None:
        query = query.where(score.c.total <= where.score_max)
    if where.reviewed is True:
        query = query.where(Review.state == ReviewState.final)
    elif where.reviewed is False:
        query = query.where(or_(Review.id.is_(None), Review.state != ReviewState.final))
    if where.missed_criterion:
        missed = (select(CriterionResult.score_id)
                  .join(Review, Review.score_id == CriterionResult.score_id, isouter=True)
                  .join(ReviewOverride, and_(ReviewOverride.review_id == Review.id,
                                             ReviewOverride.criterion == CriterionResult.criterion), isouter=True)
                  .where(CriterionResult.criterion == where.missed_criterion, effective == Verdict.not_met))
        query = query.where(score.c.id.in_(missed))
    unreviewed_first = case((Review.state == ReviewState.final, 1), else_=0)
    order = {
        "oldest_unreviewed": (unreviewed_first, Recording.call_date, Recording.id),
        "newest": (Recording.call_date.desc(), Recording.id.desc()),
        "score_low": (score.c.total.is_(None), score.c.total, Recording.id),
        "score_high": (score.c.total.is_(None), score.c.total.desc(), Recording.id),
    }[where.sort]
    rows = session.exec(query.order_by(*order).limit(limit)).all()
    missed_by_recording = _missed_criteria(session, [r.id for r, *_ in rows], rubric)
    return [QueueRow(r.id, r.original_filename, agent, team, r.call_date, r.status, total, state, reviewer,
                     missed_by_recording.get(r.id, ()))
            for r, agent, team, total, state, reviewer in rows]


def _missed_criteria(session: Session, recording_ids: list[int], rubric) -> dict[int, tuple[str, ...]]:
    if not recording_ids or rubric is None:
        return {}
    rows = session.exec(
        select(Score.recording_id, CriterionResult.criterion)
        .join(CriterionResult, CriterionResult.score_id == Score.id)
        .join(Review, Review.score_id == Score.id, isouter=True)
        .join(ReviewOverride, and_(ReviewOverride.review_id == Review.id,
                                   ReviewOverride.criterion == CriterionResult.criterion), isouter=True)
        .where(Score.recording_id.in_(recording_ids), Score.rubric_id == rubric.id,
               func.coalesce(ReviewOverride.verdict, CriterionResult.verdict) == Verdict.not_met))
    missed: dict[int, list[str]] = {}
    for recording_id, criterion in rows:
        missed.setdefault(recording_id, []).append(criterion)
    return {k: tuple(v) for k, v in missed.items()}


def teams(session: Session) -> list[Team]:
    return list(session.exec(select(Team).order_by(Team.name)))


def audio_path(session: Session, identity, recording_id: int) -> Path | None:
    """The call's audio file for playback, if it has audio and the user may hear it: the copy with redacted
    stretches silenced — the original only while nothing is redacted (``QA_REDACT=none``)."""
    key = playable_key(readable_recording(session, identity, recording_id))
    if key is None:
        return None
    path = default_store().local_path(key)
    return path if path.exists() else None


def active_criteria(session: Session) -> dict[str, str]:
    """Criterion id → title of the active rubric, in rubric order."""
    rubric = active_rubric(session)
    if rubric is None:
        return {}
    return {c.id: c.title for c in scorer_for(rubric.source_text).rubric.criteria}

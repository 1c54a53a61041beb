"""The data model: one typed SQLModel class per table.

Data flows one way — Recording → Transcript (Turns) → Score (CriterionResults) → Review (Overrides) — and
every table below is one step of that flow or the people and rubrics around it. Schema changes go through
Alembic migrations in ``qa_app/storage/migrations``; tests check that the migrations and these classes agree.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, Enum, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _enum(cls: type[enum.Enum]) -> Column:
    # Stored as plain strings (no native ENUM type) so SQLite and PostgreSQL share one migration.
    return Column(Enum(cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]),
                  nullable=False)


class Role(str, enum.Enum):
    admin = "admin"
    qa_reviewer = "qa_reviewer"
    trainer = "trainer"
    agent = "agent"


class RecordingStatus(str, enum.Enum):
    queued = "queued"
    transcribing = "transcribing"
    scoring = "scoring"
    done = "done"
    failed = "failed"


class ReviewState(str, enum.Enum):
    draft = "draft"
    final = "final"


class Verdict(str, enum.Enum):
    met = "met"
    not_met = "not_met"
    not_applicable = "not_applicable"


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class Agent(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", index=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    display_name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=255)
    role: Role = Field(sa_column=_enum(Role))
    agent_id: Optional[int] = Field(default=None, foreign_key="agent.id", index=True)
    active: bool = True
    failed_logins: int = 0
    locked_until: Optional[datetime] = None
    last_login_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)


class Recording(SQLModel, table=True):
    """One customer call: the audio (or an imported transcript) and where it is in processing."""

    __table_args__ = (
        Index("ix_recording_agent_call_date", "agent_id", "call_date"),
        Index("ix_recording_status", "status"),
        {"sqlite_autoincrement": True},  # a deleted call's id is never given to another (the audit trail names it)
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    stored_path: Optional[str] = Field(default=None, max_length=1024)  # None for imported transcripts
    # What reviewers hear: the recording with the transcript's redacted stretches silenced (None until the pipeline
    # makes it). The original above is then deleted if the policy says so (QA_KEEP_ORIGINAL_AUDIO).
    redacted_path: Optional[str] = Field(default=None, max_length=1024)
    original_filename: str = Field(max_length=512)
    duration: Optional[float] = None  # seconds
    channels: Optional[int] = None
    sample_rate: Optional[int] = None
    agent_channel: str = Field(default="left", max_length=8)  # left / right / mono
    call_date: date
    agent_id: Optional[int] = Field(default=None, foreign_key="agent.id")
    uploaded_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    source: str = Field(default="audio", max_length=16)  # audio / import (a transcript without audio)
    file_size: Optional[int] = None
    status: RecordingStatus = Field(default=RecordingStatus.queued, sa_column=_enum(RecordingStatus))
    error: Optional[str] = None
    attempts: int = 0
    progress: float = 0.0  # fraction of the current stage done, for the UI
    # A worker refreshes this while it holds the job; a stale heartbeat means the worker died and the job is
    # handed to another.
    heartbeat_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Transcript(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", unique=True, ondelete="CASCADE")
    engine: str = Field(max_length=40)  # faster-whisper / openai-whisper / import
    model: str = Field(default="", max_length=200)
    language: str = Field(default="en", max_length=8)
    speaker_confidence: Optional[float] = None  # how sure the speaker attribution is (mono calls)
    created_at: datetime = Field(default_factory=utcnow)


class Turn(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("transcript_id", "position"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    transcript_id: int = Field(foreign_key="transcript.id", index=True, ondelete="CASCADE")
    position: int  # 0-based order within the call; evidence refers to it
    speaker: str = Field(max_length=16)  # agent / customer
    start: Optional[float] = None
    end: Optional[float] = None
    text: str
    # [{"word": str, "start": float, "end": float, "probability": float}, ...]
    words: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Rubric(SQLModel, table=True):
    """One version of a rubric. A version that any score uses is never edited again: saving makes a new one."""

    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    version: int
    source_text: str
    active: bool = False
    created_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class Score(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("recording_id", "rubric_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    recording_id: int = Field(foreign_key="recording.id", ondelete="CASCADE")
    rubric_id: int = Field(foreign_key="rubric.id", index=True)
    total: float  # 0-100
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class CriterionResult(SQLModel, table=True):
    """The automatic verdict on one criterion of one score, with the evidence behind it."""

    __table_args__ = (
        UniqueConstraint("score_id", "criterion"),
        Index("ix_criterionresult_criterion_verdict", "criterion", "verdict"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", ondelete="CASCADE")
    criterion: str = Field(max_length=64)
    verdict: Verdict = Field(sa_column=_enum(Verdict))
    confidence: float = 1.0
    explanation: str = ""
    # [{"turn": int, "start_char": int, "end_char": int, "text": str, "start": float|None, "end": float|None}]
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Review(SQLModel, table=True):
    __table_args__ = {"sqlite_autoincrement": True}  # as for Recording

    id: Optional[int] = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", unique=True, ondelete="CASCADE")
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    state: ReviewState = Field(default=ReviewState.draft, sa_column=_enum(ReviewState))
    overall_comment: str = ""
    total: Optional[float] = None  # the score after this review's overrides, 0-100
    # Optimistic locking: a save names the version it started from and is refused if someone saved since.
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    finalized_at: Optional[datetime] = None
    acknowledged_at: Optional[datetime] = None  # when the agent confirmed reading it


class ReviewOverride(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "criterion"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", ondelete="CASCADE")
    criterion: str = Field(max_length=64)
    verdict: Verdict = Field(sa_column=_enum(Verdict))
    comment: str = ""


class Drill(SQLModel, table=True):
    """One version of a scenario drill. A version someone has practised is never edited: saving makes the next.

    ``slug`` (the drill's ``id`` in its YAML) names the drill across versions; assignments refer to it, attempts
    to the exact version played. Archiving applies to every version of the slug.
    """

    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120)
    version: int = 1
    title: str = Field(max_length=200)
    source_text: str  # the drill as YAML, the form trainers import and export
    archived: bool = False
    created_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class DrillAssignment(SQLModel, table=True):
    """A drill given to one agent or to a whole team (exactly one of the two), by a trainer, with a due date."""

    __table_args__ = (
        UniqueConstraint("drill_slug", "agent_id"),
        UniqueConstraint("drill_slug", "team_id"),
        CheckConstraint("(agent_id IS NULL) <> (team_id IS NULL)", name="ck_drillassignment_one_target"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    drill_slug: str = Field(max_length=120, index=True)
    agent_id: Optional[int] = Field(default=None, foreign_key="agent.id", index=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", index=True)
    due_date: Optional[date] = None
    assigned_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class DrillAttempt(SQLModel, table=True):
    """One agent playing one drill version, scored with one rubric version; finished once the drill ends."""

    id: Optional[int] = Field(default=None, primary_key=True)
    drill_id: int = Field(foreign_key="drill.id", index=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    rubric_id: Optional[int] = Field(default=None, foreign_key="rubric.id")
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: Optional[datetime] = None
    total: Optional[float] = None  # 0-100 once finished
    # The conversation as played (qa_app.drills.Line as dicts): customer lines with their mood, the agent's
    # replies with each one's verdicts and evidence.
    transcript: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class DrillCriterionResult(SQLModel, table=True):
    """A finished attempt's result on one trained criterion (met only if every reply judged on it met it)."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "criterion"),
        Index("ix_drillcriterionresult_criterion_verdict", "criterion", "verdict"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="drillattempt.id", ondelete="CASCADE")
    criterion: str = Field(max_length=64)
    verdict: Verdict = Field(sa_column=_enum(Verdict))
    met: int = 0  # replies that met it
    judged: int = 0  # replies judged on it
    # [{"reply": int, "step": str, "text": str, "verdict": str}]: the agent's own words, and that reply's verdict
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AuditEvent(SQLModel, table=True):
    """Append-only record of every change people make: who, when, what, before and after."""

    __table_args__ = (Index("ix_auditevent_entity", "entity", "entity_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=64)  # e.g. review.override, review.finalize, rubric.save, recording.delete
    entity: str = Field(max_length=32)  # table name of what changed
    entity_id: Optional[int] = None
    before: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    after: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))


class ProgressRollup(SQLModel, table=True):
    """Criterion counts per agent, call date and criterion: what the progress page aggregates instead of every
    criterion result (15 rows a call) — a materialized view of ``services.progress``'s own definition.

    Database triggers (migration 0005) mark an (agent, date) bucket in ``ProgressDirty`` whenever anything that
    counts changes — a score, a criterion result, a review, an override, a call's agent or date — and
    ``services.progress.refresh`` recomputes the marked buckets before each progress query.
    """

    __table_args__ = (Index("ix_progressrollup_call_date", "call_date"),)

    agent_id: int = Field(primary_key=True)
    call_date: date = Field(primary_key=True)
    criterion: str = Field(primary_key=True, max_length=64)
    met: int  # effective verdict met
    missed: int  # effective verdict not met
    judged: int  # effective verdict met or not met


class ProgressDirty(SQLModel, table=True):
    """An (agent, call date) bucket of ProgressRollup that changed since it was last computed."""

    agent_id: int = Field(primary_key=True)
    call_date: date = Field(primary_key=True)

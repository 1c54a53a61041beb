"""Processing one recording: decode → transcribe (and redact) → playback copy → score → store, as a job with stages
and states.

A job is claimed atomically (only one worker moves a call out of ``queued``), keeps a heartbeat while it runs,
and is idempotent: a stage whose result is stored is not redone, and storing replaces rather than duplicates.
A worker that dies leaves a stale heartbeat (older than ``QA_JOB_STALE_SECONDS``); :func:`requeue_stale` hands the
call to another worker. User-fixable problems (unusable audio) fail at once with their reason; anything else is
retried up to ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import select

from qa_app.config import get_settings
from qa_app.errors import UserError
from qa_app.privacy import playback
from qa_app.services import scoring as scoring_service
from qa_app.services.recordings import save_transcript
from qa_app.services.rubrics import active_rubric
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus, Transcript, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
HEARTBEAT_EVERY = 2.0  # seconds between progress writes
RUNNING = (RecordingStatus.transcribing, RecordingStatus.scoring)


def claim(recording_id: int) -> bool:
    """Move a queued call to ``transcribing`` for this worker; False if another worker got it first."""
    with session_scope() as session:
        result = session.execute(
            update(Recording)
            .where(Recording.id == recording_id, Recording.status == RecordingStatus.queued)
            .values(status=RecordingStatus.transcribing, attempts=Recording.attempts + 1, progress=0.0,
                    heartbeat_at=utcnow(), updated_at=utcnow()))
        return result.rowcount == 1


def next_queued() -> int | None:
    with session_scope() as session:
        return session.exec(select(Recording.id).where(Recording.status == RecordingStatus.queued)
                            .order_by(Recording.id).limit(1)).first()


def stale_timeout() -> timedelta:
    return timedelta(seconds=get_settings().job_stale_seconds)


def requeue_stale(stale_after: timedelta | None = None) -> list[int]:
    """Give calls whose worker stopped beating back to the queue (or fail them after MAX_ATTEMPTS); returns their ids.

    Each call is taken back by one conditional UPDATE that checks again that it is still running, still stale and
    still on the same attempt, so two workers sweeping at once (or a sweep racing a fresh claim) never both act.
    """
    cutoff = utcnow() - (stale_timeout() if stale_after is None else stale_after)
    stale_heartbeat = or_(Recording.heartbeat_at.is_(None), Recording.heartbeat_at < cutoff)
    taken = []
    with session_scope() as session:
        candidates = session.exec(select(Recording.id, Recording.attempts).where(
            Recording.status.in_(RUNNING), stale_heartbeat)).all()
    for recording_id, attempts in candidates:
        with session_scope() as session:
            result = session.execute(
                update(Recording)
                .where(Recording.id == recording_id, Recording.status.in_(RUNNING), stale_heartbeat,
                       Recording.attempts == attempts)
                .values(**_after_crash(attempts, "the worker stopped while processing it")))
            if result.rowcount == 1:
                taken.append(recording_id)
    return taken


def _after_crash(attempts: int, reason: str) -> dict:
    """The column values for a job that broke on attempt ``attempts``: queued again, or failed for good."""
    values = {"progress": 0.0, "heartbeat_at": None, "updated_at": utcnow()}
    if attempts >= MAX_ATTEMPTS:
        return {**values, "status": RecordingStatus.failed,
                "error": f"Processing failed {attempts} times; last: {reason}."}
    return {**values, "status": RecordingStatus.queued}


def _set(recording_id: int, **values) -> None:
    """Update the call's row; a beat of the heartbeat unless ``values`` say otherwise (a finished job has none)."""
    now = utcnow()
    with session_scope() as session:
        session.execute(update(Recording).where(Recording.id == recording_id)
                        .values(**{"updated_at": now, "heartbeat_at": now, **values}))


class _Progress:
    """Writes the fraction done (and so the heartbeat) to the database, at most every HEARTBEAT_EVERY seconds."""

    def __init__(self, recording_id: int):
        self.recording_id = recording_id
        self.last = 0.0

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last >= HEARTBEAT_EVERY:
            self.last = now
            _set(self.recording_id, progress=min(max(float(fraction), 0.0), 1.0))


@contextmanager
def _heartbeat(recording_id: int) -> Iterator[None]:
    """Beat for the job from a side thread while it runs, so a long stage without progress reports (loading a
    model, separating voices) never looks like a dead worker; a killed process stops beating with it."""
    every = max(min(HEARTBEAT_EVERY * 5, get_settings().job_stale_seconds / 4), 0.05)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            try:
                with session_scope() as session:
                    session.execute(update(Recording).where(Recording.id == recording_id,
                                                            Recording.status.in_(RUNNING))
                                    .values(heartbeat_at=utcnow()))
            except Exception:  # a missed beat is harmless; the next one may get through
                log.warning("heartbeat of recording %s failed", recording_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"qa-heartbeat-{recording_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def process(recording_id: int) -> RecordingStatus:
    """Run a claimed call through the remaining stages; returns its final status (``queued`` when it broke and
    gets another attempt)."""
    with _heartbeat(recording_id):
        return _stages(recording_id)


def _stages(recording_id: int) -> RecordingStatus:
    try:
        _transcribe_stage(recording_id)
        playback.prepare(recording_id)  # the redacted copy reviewers hear; the original deleted by policy
        _set(recording_id, status=RecordingStatus.scoring, progress=0.0)
        with session_scope() as session:
            rubric = active_rubric(session)
            if rubric is None:
                raise UserError("No active rubric; a trainer or admin must set one up.")
            scoring_service.score_recording(session, recording_id, rubric)
            recording = session.get(Recording, recording_id)
            recording.status, recording.progress, recording.error = RecordingStatus.done, 1.0, None
            recording.heartbeat_at, recording.updated_at = None, utcnow()
            session.add(recording)
        return RecordingStatus.done
    except UserError as exc:
        _set(recording_id, status=RecordingStatus.failed, error=str(exc), heartbeat_at=None)
        return RecordingStatus.failed
    except Exception as exc:  # a bug or a resource problem: retry, up to MAX_ATTEMPTS
        log.exception("processing recording %s failed", recording_id)
        with session_scope() as session:
            attempts = session.get(Recording, recording_id).attempts
            values = _after_crash(attempts, f"{type(exc).__name__}: {exc}")
            session.execute(update(Recording).where(Recording.id == recording_id).values(**values))
        return values["status"]


def _transcribe_stage(recording_id: int) -> None:
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        if session.exec(select(Transcript.id).where(Transcript.recording_id == recording_id)).first():
            return  # imported, or transcribed before a crash in a later stage
        if recording.stored_path is None:
            raise UserError("This call has neither audio nor a transcript.")
        path = default_store().local_path(recording.stored_path)
        agent_channel, mono = recording.agent_channel, recording.agent_channel == "mono"

    from qa_app.transcription import transcribe  # loads Whisper on first use only

    transcript = transcribe(path, agent_channel="left" if mono else agent_channel, mono=mono or None,
                            progress=_Progress(recording_id))
    with session_scope() as session:
        save_transcript(session, recording_id, engine=transcript.engine, model=transcript.model,
                        turns=[turn.to_dict() for turn in transcript.turns],
                        speaker_confidence=transcript.speaker_confidence)
        recording = session.get(Recording, recording_id)
        recording.duration = recording.duration or transcript.duration
        session.add(recording)


def run_queued(limit: int | None = None) -> int:
    """Process queued calls in this process until none is left (or ``limit`` are done); returns how many."""
    done = 0
    while limit is None or done < limit:
        recording_id = next_queued()
        if recording_id is None:
            break
        if claim(recording_id):
            process(recording_id)
            done += 1
    return done

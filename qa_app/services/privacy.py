"""Personal data: deleting a call with everything derived from it, exporting an agent's data, and bringing calls
stored under an earlier redaction policy in line with the current one."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from qa_app.config import get_settings
from qa_app.errors import NotFound, PermissionDenied
from qa_app.privacy import playback
from qa_app.privacy.playback import playable_key
from qa_app.privacy.redact import redact_turns
from qa_app.services import audit
from qa_app.services.scoring import call_turns, scorer_for, scoring_turns, store_score
from qa_app.services.permissions import Capability, can, require
from qa_app.services.recordings import blob_in_use, get_recording
from qa_app.storage.blobs import default_store
from qa_app.storage.models import (Agent, CriterionResult, DrillAttempt, Recording, Review, ReviewOverride, Role,
                                   Rubric, Score, Transcript, Turn)


def delete_recording(session: Session, identity, recording_id: int) -> None:
    """Remove a call, its transcript, scores, reviews and audio files (the original and the redacted playback
    copy). The audit trail keeps that it happened.

    The files go after the rows: if deleting the rows fails, nothing is lost; a leftover file is harmless. A file
    another recording shares (files are stored by content) stays for that one.
    """
    require(identity, Capability.administer)
    recording = get_recording(session, recording_id)
    before = {"filename": recording.original_filename, "agent_id": recording.agent_id,
              "call_date": recording.call_date.isoformat(), "sha256": recording.sha256}
    keys = [key for key in (recording.stored_path, recording.redacted_path) if key]
    # Explicit deletes, child first: the same on every database, whether or not it enforces ON DELETE CASCADE.
    score_ids = select(Score.id).where(Score.recording_id == recording_id)
    review_ids = select(Review.id).where(Review.score_id.in_(score_ids))
    transcript_ids = select(Transcript.id).where(Transcript.recording_id == recording_id)
    session.execute(delete(ReviewOverride).where(ReviewOverride.review_id.in_(review_ids)))
    session.execute(delete(Review).where(Review.score_id.in_(score_ids)))
    session.execute(delete(CriterionResult).where(CriterionResult.score_id.in_(score_ids)))
    session.execute(delete(Score).where(Score.recording_id == recording_id))
    session.execute(delete(Turn).where(Turn.transcript_id.in_(transcript_ids)))
    session.execute(delete(Transcript).where(Transcript.recording_id == recording_id))
    session.execute(delete(Recording).where(Recording.id == recording_id))
    audit.record(session, identity, "recording.delete", "recording", recording_id, before=before)
    session.commit()
    store = default_store()
    for key in keys:
        if not blob_in_use(session, key):
            store.delete(key)


def _jsonable(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _row(model) -> dict:
    return {key: _jsonable(value) for key, value in model.model_dump().items()}


def export_agent(session: Session, identity, agent_id: int) -> bytes:
    """A zip of everything stored about an agent: calls, transcripts, scores, reviews, drill attempts, audio.

    Admins may export any agent; an agent may export their own data.
    """
    if not (can(identity.role, Capability.administer)
            or (identity.role is Role.agent and identity.agent_id == agent_id)):
        raise PermissionDenied("You do not have access to this.")
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound(f"No agent with id {agent_id}.")
    store = default_store()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        calls = []
        for recording in session.exec(select(Recording).where(Recording.agent_id == agent_id).order_by(Recording.id)):
            transcript = session.exec(select(Transcript).where(Transcript.recording_id == recording.id)).first()
            turns = session.exec(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)) \
                if transcript else []
            scores = []
            for score in session.exec(select(Score).where(Score.recording_id == recording.id)):
                reviews = session.exec(select(Review).where(Review.score_id == score.id)).all()
                scores.append({**_row(score), "criteria": [_row(c) for c in session.exec(
                    select(CriterionResult).where(CriterionResult.score_id == score.id))],
                    "reviews": [{**_row(r), "overrides": [_row(o) for o in session.exec(
                        select(ReviewOverride).where(ReviewOverride.review_id == r.id))]} for r in reviews]})
            calls.append({"recording": _row(recording), "transcript": _row(transcript) if transcript else None,
                          "turns": [_row(t) for t in turns], "scores": scores})
            key = playable_key(recording)  # what reviewers hear: customers' card numbers silenced
            if key and store.local_path(key).exists():
                archive.write(store.local_path(key), f"audio/{recording.id}{store.local_path(key).suffix}")
        attempts = [_row(a) for a in session.exec(select(DrillAttempt).where(DrillAttempt.agent_id == agent_id))]
        archive.writestr("agent.json", json.dumps(
            {"agent": _row(agent), "calls": calls, "drill_attempts": attempts}, indent=1, ensure_ascii=False))
    audit.record(session, identity, "agent.export", "agent", agent_id)
    return buffer.getvalue()


@dataclass(frozen=True)
class RedactionReport:
    calls: int  # calls with a transcript, all looked at
    redacted: int  # of them, calls that still showed personal data the policy takes out
    copies: int  # playback copies made, or made again with more silenced


def apply_redaction(session: Session, identity, *,
                    progress: Callable[[int, int], None] | None = None) -> RedactionReport:
    """Apply the current ``QA_REDACT`` policy to every stored call: calls stored before redaction existed, or under
    a narrower policy. Their transcripts are redacted in place, their scores rescored under the same rubric
    versions (so reviews stay attached and evidence quotes no personal data) and their playback copies made or
    silenced further. Calls already in line are left as they are, so running it twice does nothing more."""
    require(identity, Capability.administer)
    settings = get_settings()
    categories = settings.redact
    recording_ids = list(session.exec(select(Transcript.recording_id).order_by(Transcript.recording_id)))
    redacted = copies = 0
    for done, recording_id in enumerate(recording_ids, start=1):
        turns = call_turns(session, recording_id)
        after = redact_turns([{"speaker": t.speaker, "text": t.text, "start": t.start, "end": t.end,
                               "words": t.words} for t in turns], categories)
        changed = [(turn, new) for turn, new in zip(turns, after) if (new["text"], new["words"]) != (turn.text, turn.words)]
        for turn, new in changed:
            turn.text, turn.words = new["text"], new["words"]
            session.add(turn)
        if changed:
            for score in session.exec(select(Score).where(Score.recording_id == recording_id)).all():
                rubric = session.get(Rubric, score.rubric_id)
                store_score(session, recording_id, rubric, scorer_for(rubric.source_text).score(scoring_turns(turns)))
            audit.record(session, identity, "recording.redact", "recording", recording_id,
                         after={"turns": [turn.position for turn, _ in changed], "categories": list(categories)})
            redacted += 1
        session.commit()
        recording = session.get(Recording, recording_id)
        has_audio = recording.stored_path or recording.redacted_path
        if has_audio and playback.copy_needed(settings) and (changed or recording.redacted_path is None):
            playback.prepare(recording_id, remake=bool(changed and recording.redacted_path))
            copies += 1
        if progress:
            progress(done, len(recording_ids))
    return RedactionReport(len(recording_ids), redacted, copies)

"""Calls coming in: audio uploads and imported transcripts, stored once by content and queued for processing."""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from qa_app.config import get_settings
from qa_app.errors import NotFound, UserError
from qa_app.jobs import enqueue_after_commit
from qa_app.privacy.redact import redact_turns
from qa_app.services.permissions import Capability, require
from qa_app.storage.blobs import BlobStore, default_store, read_chunks, safe_suffix
from qa_app.storage.models import Agent, Recording, RecordingStatus, Transcript, Turn, utcnow
from qa_app.transcription.audio import AudioError, probe

AGENT_CHANNELS = ("left", "right", "mono")


@dataclass(frozen=True)
class Intake:
    """What happened to one incoming file."""

    recording_id: int
    filename: str
    created: bool  # False: the same content was already stored, and this is that recording
    status: RecordingStatus
    error: str | None = None


def display_filename(filename: str) -> str:
    """The user's file name fit to show and store: no directories, no control characters, bounded length."""
    name = Path(str(filename).replace("\\", "/")).name
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C")
    return name.strip()[:200] or "recording"


def _agent(session: Session, agent_id: int | None) -> int | None:
    if agent_id is not None and session.get(Agent, agent_id) is None:
        raise NotFound(f"No agent with id {agent_id}.")
    return agent_id


def upload_recording(session: Session, identity, filename: str, stream: BinaryIO, *, agent_id: int | None,
                     call_date: date | None = None, agent_channel: str = "left",
                     store: BlobStore | None = None) -> Intake:
    """Store an uploaded recording and queue it; the same content uploaded again returns the stored call.

    Unusable audio is kept (nothing a user sends is lost) and marked failed with the reason.
    """
    require(identity, Capability.upload_calls)
    if agent_channel not in AGENT_CHANNELS:
        raise UserError(f"The agent channel is one of {', '.join(AGENT_CHANNELS)}, not {agent_channel!r}.")
    agent_id = _agent(session, agent_id)
    store = store or default_store()
    name = display_filename(filename)
    blob = store.put(read_chunks(stream), safe_suffix(name), get_settings().max_upload_bytes)
    if blob.size == 0:
        store.delete(blob.key)
        raise UserError(f"{name} is empty (0 bytes).")

    existing = session.exec(select(Recording).where(Recording.sha256 == blob.sha256)).first()
    if existing is not None:
        if existing.stored_path != blob.key and not blob_in_use(session, blob.key):
            store.delete(blob.key)  # its original was deleted by policy (or kept under another name): not again
        return Intake(existing.id, name, False, existing.status, existing.error)

    recording = Recording(sha256=blob.sha256, stored_path=blob.key, original_filename=name, file_size=blob.size,
                          agent_id=agent_id, agent_channel=agent_channel, uploaded_by_id=identity.user_id,
                          call_date=call_date or date.today())
    try:
        info = probe(store.local_path(blob.key))
    except AudioError as exc:
        recording.status, recording.error = RecordingStatus.failed, str(exc)
    else:
        recording.duration, recording.channels, recording.sample_rate = info.duration, info.channels, info.sample_rate
        if call_date is None and getattr(info, "recorded_on", None):
            recording.call_date = info.recorded_on
        if info.channels == 1:
            recording.agent_channel = "mono"
    intake = _insert_once(session, recording, name)
    if intake.created and intake.status is RecordingStatus.queued:
        enqueue_after_commit(session, [intake.recording_id])
    return intake


def _insert_once(session: Session, recording: Recording, name: str) -> Intake:
    """Insert, or — when a concurrent upload of the same content won the race — return that one."""
    try:
        with session.begin_nested():
            session.add(recording)
        session.flush()
    except IntegrityError:
        existing = session.exec(select(Recording).where(Recording.sha256 == recording.sha256)).one()
        return Intake(existing.id, name, False, existing.status, existing.error)
    return Intake(recording.id, name, True, recording.status, recording.error)


# --- transcripts imported as JSON Lines (LABELING.md format): chat or already-transcribed calls ---

_SPEAKERS = ("agent", "customer")  # a tuple: `[] in a_set` is a TypeError, not False
MAX_TURN_CHARS = 20_000


def parse_transcript_lines(text: str, source: str = "upload") -> list[dict]:
    """Calls from JSONL text; a bad line is reported with its number and nothing is imported."""
    calls = []
    # Lines end at \n only: str.splitlines() also breaks at U+2028, U+0085… which JSON strings may hold raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            call = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{where}: not valid JSON ({exc.msg}).") from None
        except RecursionError:
            raise UserError(f"{where}: not valid JSON (nested too deeply).") from None
        except ValueError:  # a number of more than 4300 digits (int_max_str_digits)
            raise UserError(f"{where}: not valid JSON (a number too long to read).") from None
        if not isinstance(call, dict) or not isinstance(call.get("turns"), list) or not call["turns"]:
            raise UserError(f"{where}: a call needs a non-empty \"turns\" list.")
        turns = []
        for index, turn in enumerate(call["turns"]):
            if not isinstance(turn, dict) or turn.get("speaker") not in _SPEAKERS or not isinstance(
                    turn.get("text"), str):
                raise UserError(f"{where}: turn {index} needs \"speaker\" (agent or customer) and \"text\".")
            start, end = _time(turn.get("start"), where), _time(turn.get("end"), where)
            if start is not None and end is not None and end < start:
                raise UserError(f"{where}: turn {index} ends ({end:g} s) before it starts ({start:g} s).")
            text = _storable(turn["text"][:MAX_TURN_CHARS], f"{where}, turn {index}")
            turns.append({"speaker": turn["speaker"], "text": text, "start": start, "end": end})
        call_date = call.get("date")
        try:
            call_date = date.fromisoformat(call_date) if call_date else None
        except (TypeError, ValueError):
            raise UserError(f"{where}: \"date\" must be YYYY-MM-DD, got {call_date!r}.") from None
        agent = call.get("agent")
        calls.append({"id": _storable(str(call.get("id") or f"line-{number}")[:200], where),
                      "agent": _storable(agent, where) if isinstance(agent, str) else agent,
                      "date": call_date, "turns": turns})
    if not calls:
        raise UserError(f"{source}: no calls found.")
    return calls


def _time(value, where: str) -> float | None:
    if value is None:
        return None
    try:
        seconds = -1.0 if isinstance(value, bool) or not isinstance(value, (int, float)) else float(value)
    except OverflowError:  # an integer too large for a float
        seconds = math.inf
    if not 0 <= seconds < math.inf:  # also refuses NaN and Infinity, which Python's JSON reader accepts
        raise UserError(f"{where}: turn times are seconds (a number ≥ 0).")
    return seconds


def _storable(value: str, where: str) -> str:
    """Text a database can hold: JSON may spell a lone surrogate (``\\ud800``) or a NUL, which are not text."""
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise UserError(f"{where}: the text holds a NUL character or a lone \\ud800-\\udfff escape, which is "
                        "not text.")
    return value


def agent_by_name(session: Session, name) -> int | None:
    """The id of the agent with this name (whitespace collapsed), created if there is none; None for no name."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = re.sub(r"\s+", " ", name).strip()[:120]
    agent = session.exec(select(Agent).where(Agent.name == name)).first()
    if agent is None:
        agent = Agent(name=name)
        session.add(agent)
        session.flush()
    return agent.id


def import_transcripts(session: Session, identity, text: str, *, source: str = "upload",
                       agent_id: int | None = None, call_date: date | None = None) -> list[Intake]:
    """Store each call of a JSONL text as a recording whose transcript is given; it is then scored like any call.

    ``agent_id``/``call_date`` apply to calls that do not name their own agent/date.
    """
    require(identity, Capability.upload_calls)
    agent_id = _agent(session, agent_id)
    results = []
    for call in parse_transcript_lines(text, source):
        canonical = json.dumps({"id": call["id"], "turns": call["turns"]}, sort_keys=True)
        recording = Recording(
            sha256=hashlib.sha256(canonical.encode()).hexdigest(), original_filename=f"{call['id']} ({source})"[:200],
            source="import", agent_id=agent_by_name(session, call["agent"]) or agent_id,
            call_date=call["date"] or call_date or date.today(), agent_channel="left",
            uploaded_by_id=identity.user_id)
        # Queued with its transcript in the same transaction: a worker sees both or neither, and skips to scoring.
        intake = _insert_once(session, recording, call["id"])
        if intake.created:
            save_transcript(session, intake.recording_id, engine="import", model="", turns=call["turns"])
            enqueue_after_commit(session, [intake.recording_id])
        results.append(intake)
    session.flush()
    return results


def save_transcript(session: Session, recording_id: int, *, engine: str, model: str, turns: list[dict],
                    speaker_confidence: float | None = None) -> Transcript:
    """Store (or replace) a recording's transcript; ``turns`` are dicts with speaker, text, start, end, words.

    Personal data (``QA_REDACT``) is redacted first, here where every transcript passes: none is ever stored, so
    none is shown, scored or exported. Redacted words keep their times, for the playback copy to silence.
    """
    turns = redact_turns(turns, get_settings().redact)
    old = session.exec(select(Transcript).where(Transcript.recording_id == recording_id)).first()
    if old is not None:
        for turn in session.exec(select(Turn).where(Turn.transcript_id == old.id)):
            session.delete(turn)
        session.delete(old)
        session.flush()
    transcript = Transcript(recording_id=recording_id, engine=engine, model=model,
                            speaker_confidence=speaker_confidence)
    session.add(transcript)
    session.flush()
    for position, turn in enumerate(turns):
        session.add(Turn(transcript_id=transcript.id, position=position, speaker=turn["speaker"],
                         start=turn.get("start"), end=turn.get("end"), text=turn["text"],
                         words=list(turn.get("words") or [])))
    session.flush()
    return transcript


def blob_in_use(session: Session, key: str, *, besides: int | None = None) -> bool:
    """Whether a recording (other than ``besides``) keeps its original or its playback copy under ``key``: files
    are stored by content, so two recordings can share one."""
    query = select(Recording.id).where(or_(Recording.stored_path == key, Recording.redacted_path == key))
    if besides is not None:
        query = query.where(Recording.id != besides)
    return session.exec(query.limit(1)).first() is not None


def get_recording(session: Session, recording_id: int) -> Recording:
    recording = session.get(Recording, recording_id)
    if recording is None:
        raise NotFound(f"No call with id {recording_id}.")
    return recording


def retry(session: Session, identity, recording_id: int) -> Recording:
    """Queue a failed call again from the start."""
    require(identity, Capability.upload_calls)
    recording = get_recording(session, recording_id)
    if recording.status is not RecordingStatus.failed:
        raise UserError("Only a failed call can be retried.")
    recording.status, recording.error, recording.attempts, recording.progress = RecordingStatus.queued, None, 0, 0.0
    recording.updated_at = utcnow()
    session.add(recording)
    enqueue_after_commit(session, [recording.id])
    return recording

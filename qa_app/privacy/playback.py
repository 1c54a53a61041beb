"""The recording reviewers hear: made by the pipeline once the (redacted) transcript is stored, with every
redacted stretch silenced; the original is then deleted if the policy says so (``QA_KEEP_ORIGINAL_AUDIO``).

Each step looks at what is already done, so a job that crashes half-way finishes on its next attempt, and a
rescore (which only needs the transcript) passes straight through.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from qa_app.config import Settings, get_settings
from qa_app.privacy.audio import redacted_times, write_silenced
from qa_app.services import audit
from qa_app.services.recordings import blob_in_use
from qa_app.services.scoring import call_turns
from qa_app.storage.blobs import BlobStore, default_store, read_chunks
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, utcnow


def copy_needed(settings: Settings) -> bool:
    """Whether processed calls get a playback copy: when anything is redacted, or the original is not kept."""
    return bool(settings.redact) or not settings.keep_original_audio


def playable_key(recording: Recording) -> str | None:
    """The stored file people may hear (or export) of a call: its playback copy, or the original while nothing is
    redacted (``QA_REDACT=none``); None while the copy is not made yet."""
    return recording.redacted_path or (None if get_settings().redact else recording.stored_path)


def prepare(recording_id: int, store: BlobStore | None = None, *, remake: bool = False) -> None:
    """Make the call's playback copy if it needs one and has none — or again with ``remake``, after more of its
    transcript was redacted — then delete the original by policy."""
    settings, store = get_settings(), store or default_store()
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        original, copy = recording.stored_path, recording.redacted_path
        source = original or (copy if remake else None)  # an original deleted by policy: silence the copy further
        if source is None or not copy_needed(settings):
            return  # an imported transcript, an original already deleted, or nothing to hide
        silence = redacted_times(call_turns(session, recording_id))
    if copy is None or remake:
        with tempfile.TemporaryDirectory(prefix="qa-playback-") as folder:
            made = Path(folder) / "playback.flac"
            write_silenced(store.local_path(source), silence, made)
            with open(made, "rb") as stream:
                new_copy = store.put(read_chunks(stream), ".flac").key
        with session_scope() as session:
            recording = session.get(Recording, recording_id)
            recording.redacted_path, recording.updated_at = new_copy, utcnow()
            session.add(recording)
        if copy not in (None, new_copy):  # the old copy goes once nothing points at it
            with session_scope() as session:
                if not blob_in_use(session, copy):
                    store.delete(copy)
    if not settings.keep_original_audio:
        delete_original(recording_id, store)


def delete_original(recording_id: int, store: BlobStore) -> None:
    """Remove the original recording, its playback copy being made. The file goes first: if the database update
    is lost, the next attempt finds the key of a missing file and finishes; no original outlives its deletion."""
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        original = recording.stored_path
        if original is None or recording.redacted_path is None:
            return
        if not blob_in_use(session, original, besides=recording_id):
            store.delete(original)
        recording.stored_path, recording.updated_at = None, utcnow()
        session.add(recording)
        audit.record(session, None, "recording.delete_original", "recording", recording_id,
                     before={"stored_path": original}, after={"policy": "QA_KEEP_ORIGINAL_AUDIO=delete"})

"""Deleting a call removes everything derived from it; an agent's data can be exported; the trail shows both."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlmodel import select

from qa_app.errors import PermissionDenied
from qa_app.services import audit, privacy, reviews
from qa_app.services.recordings import upload_recording
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import CriterionResult, Recording, Review, Score, Transcript, Turn
from tests.conftest import FIXTURES


def test_deleting_a_call_removes_its_rows_and_its_audio_and_is_audited(demo, scored_calls):
    with session_scope() as session:
        intake = upload_recording(session, demo["reviewer"], "call.flac",
                                  io.BytesIO((FIXTURES / "audio" / "call_16k_mono.flac").read_bytes()), agent_id=1)
        stored = default_store().local_path(session.get(Recording, intake.recording_id).stored_path)
    call = scored_calls["own-poor-1"]
    with session_scope() as session:
        reviews.save_review(session, demo["reviewer"], call, expected_version=None, edits={}, overall_comment="x")
    for recording_id in (call, intake.recording_id):
        with session_scope() as session:
            privacy.delete_recording(session, demo["admin"], recording_id)
    assert not stored.exists()
    with session_scope() as session:
        assert session.get(Recording, call) is None
        remaining_scores = session.exec(select(Score.id)).all()
        assert not session.exec(select(Score).where(Score.recording_id == call)).all()
        assert len(session.exec(select(Transcript)).all()) == 3 and len(remaining_scores) == 3
        assert all(r.score_id in remaining_scores for r in session.exec(select(Review)))
        assert all(c.score_id in remaining_scores for c in session.exec(select(CriterionResult)))
        transcripts = session.exec(select(Transcript.id)).all()
        assert all(t.transcript_id in transcripts for t in session.exec(select(Turn)))
        deletions = audit.events(session, demo["admin"], action_prefix="recording.delete")
    assert [e.entity_id for e in deletions] == [call, intake.recording_id] and deletions[0].who == "admin"


def test_only_admins_delete(demo, scored_calls):
    for who in ("reviewer", "trainer", "ana"):
        with pytest.raises(PermissionDenied), session_scope() as session:
            privacy.delete_recording(session, demo[who], scored_calls["own-good-1"])


def test_an_agent_exports_their_own_data_and_nobody_elses(demo, scored_calls):
    with session_scope() as session:
        data = privacy.export_agent(session, demo["ana"], demo["ana"].agent_id)
        with pytest.raises(PermissionDenied):
            privacy.export_agent(session, demo["ana"], demo["ben"].agent_id)
    exported = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("agent.json"))
    assert exported["agent"]["name"] == "Ana Torres"
    assert sorted(c["recording"]["original_filename"].split(" ")[0] for c in exported["calls"]) == [
        "own-good-1", "own-good-2"]
    assert all(c["turns"] and c["scores"][0]["criteria"] for c in exported["calls"])


def test_the_audit_trail_exports_as_csv(demo, scored_calls):
    with session_scope() as session:
        reviews.save_review(session, demo["reviewer"], scored_calls["own-good-1"], expected_version=None, edits={},
                            overall_comment="Nice, \"clear\" recap", finalize=True)
        exported = audit.to_csv(audit.events(session, demo["admin"]))
        with pytest.raises(PermissionDenied):
            audit.events(session, demo["reviewer"])
    lines = exported.splitlines()
    assert lines[0] == "at,who,action,entity,entity_id,before,after"
    assert any(",reviewer,review.finalize,review," in line for line in lines)


@pytest.mark.both_databases
def test_a_deleted_calls_id_and_its_reviews_id_are_never_given_to_another(demo, scored_calls):
    newest = max(scored_calls.values())
    with session_scope() as session:
        review = reviews.save_review(session, demo["reviewer"], newest, expected_version=None, edits={},
                                     overall_comment="kept apart")
        privacy.delete_recording(session, demo["admin"], newest)
    with session_scope() as session:
        intake = upload_recording(session, demo["reviewer"], "next.flac",
                                  io.BytesIO((FIXTURES / "audio" / "call_16k_mono.flac").read_bytes()), agent_id=1)
        assert intake.recording_id > newest
        assert audit.history(session, "recording", intake.recording_id) == []
    call = scored_calls["own-good-1"]
    with session_scope() as session:
        later = reviews.save_review(session, demo["reviewer"], call, expected_version=None, edits={},
                                    overall_comment="a new review")
        assert later.id > review.id

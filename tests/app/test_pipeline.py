"""Calls in: uploads and imports stored once, processed by the job pipeline, failures kept with their reason."""

from __future__ import annotations

import io
import json
import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from qa_app.errors import PermissionDenied, UserError
from qa_app.jobs import pipeline
from qa_app.services import recordings
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import CriterionResult, Recording, RecordingStatus, Score, Transcript, Turn, utcnow
from tests.conftest import FIXTURES


def upload(identity, name: str, data: bytes, **options):
    with session_scope() as session:
        return recordings.upload_recording(session, identity, name, io.BytesIO(data),
                                           agent_id=options.pop("agent_id", None), **options)


def test_imported_transcripts_are_scored_with_the_active_rubric(scored_calls):
    assert set(scored_calls) == {"own-good-1", "own-poor-1", "own-good-2", "own-poor-2"}
    with session_scope() as session:
        for recording_id in scored_calls.values():
            recording = session.get(Recording, recording_id)
            assert recording.status is RecordingStatus.done, recording.error
            score = session.exec(select(Score).where(Score.recording_id == recording_id)).one()
            criteria = session.exec(select(CriterionResult).where(CriterionResult.score_id == score.id)).all()
            assert {"mirroring", "empathy", "no_excuses", "positive_ending", "satisfaction_asked"} <= {
                c.criterion for c in criteria}
        good = session.exec(select(Score).where(Score.recording_id == scored_calls["own-good-1"])).one()
        poor = session.exec(select(Score).where(Score.recording_id == scored_calls["own-poor-1"])).one()
    assert good.total > poor.total


def test_importing_the_same_calls_again_creates_nothing(scored_calls, demo):
    with session_scope() as session:
        again = recordings.import_transcripts(session, demo["reviewer"], (FIXTURES / "calls.jsonl").read_text())
    assert [i.created for i in again] == [False] * 4
    assert {i.recording_id for i in again} == set(scored_calls.values())


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "line 1: not valid JSON"),
    ('{"turns": []}', "line 1: a call needs a non-empty \"turns\" list"),
    ('{"turns": [{"speaker": "robot", "text": "hi"}]}', "turn 0 needs \"speaker\""),
    ('{"date": "yesterday", "turns": [{"speaker": "agent", "text": "hi"}]}', "\"date\" must be YYYY-MM-DD"),
    ("\n\n", "no calls found"),
])
def test_a_broken_transcript_file_is_refused_with_its_line_and_nothing_is_imported(demo, text, message):
    good_line = '{"turns": [{"speaker": "agent", "text": "hello"}]}\n'
    with session_scope() as session, pytest.raises(UserError, match=message.replace("(", r"\(")):
        recordings.import_transcripts(session, demo["reviewer"], text if text.strip() == "" else text + "\n"
                                      + good_line)
    with session_scope() as session:
        assert session.exec(select(Recording)).all() == []


def test_agents_cannot_upload(demo):
    with pytest.raises(PermissionDenied):
        upload(demo["ana"], "call.wav", b"RIFF")


def test_random_bytes_with_an_audio_name_are_kept_and_marked_failed(demo):
    intake = upload(demo["reviewer"], "call.wav", b"this is not audio at all" * 100)
    assert intake.created and intake.status is RecordingStatus.failed
    assert intake.error and "\n" not in intake.error
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
        assert default_store().local_path(recording.stored_path).read_bytes() == b"this is not audio at all" * 100


def test_an_empty_file_is_refused_and_stores_nothing(demo, qa_env):
    with pytest.raises(UserError, match="empty"):
        upload(demo["reviewer"], "empty.wav", b"")
    assert not any(p.is_file() for p in (qa_env / "recordings").rglob("*"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(demo, qa_env, monkeypatch):
    monkeypatch.setenv("QA_MAX_UPLOAD_MB", "1")
    with pytest.raises(UserError, match="larger than the 1 MB limit"):
        upload(demo["reviewer"], "huge.wav", b"\0" * (2 * 1024 * 1024))
    assert not any(p.is_file() for p in (qa_env / "recordings").rglob("*"))


def test_hostile_file_names_stay_names(demo, qa_env):
    intake = upload(demo["reviewer"], "../../etc/passwd\u202e.wav", b"x" * 64)
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
    assert recording.original_filename == "passwd.wav"
    assert default_store().local_path(recording.stored_path).is_relative_to(qa_env / "recordings")


@pytest.mark.both_databases
def test_the_same_file_uploaded_twice_at_once_is_stored_once(demo, qa_env):
    audio = (FIXTURES / "audio" / "call_16k_stereo.flac").read_bytes()
    start, intakes, errors = threading.Barrier(4), [], []

    def send(name: str) -> None:
        start.wait()
        try:
            intakes.append(upload(demo["reviewer"], name, audio, agent_id=1))
        except Exception as exc:  # noqa: BLE001 — any failure is the test's to report
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(f"copy {n}.flac",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({i.recording_id for i in intakes}) == 1 and [i.created for i in intakes].count(True) == 1
    with session_scope() as session:
        assert len(session.exec(select(Recording)).all()) == 1
    assert len([p for p in (qa_env / "recordings").rglob("*") if p.is_file()]) == 1


def test_a_truncated_recording_is_kept_and_marked_failed_with_the_reason(demo):
    whole = (FIXTURES / "audio" / "call_16k_stereo.flac").read_bytes()
    intake = upload(demo["reviewer"], "cut off.flac", whole[:len(whole) // 3], agent_id=1)
    pipeline.run_queued()
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
        assert recording.status is RecordingStatus.failed
        assert "truncated" in recording.error and "\n" not in recording.error
        assert default_store().local_path(recording.stored_path).read_bytes() == whole[:len(whole) // 3]


def test_odd_unicode_empty_and_huge_turns_are_imported_and_scored(demo):
    huge = "I am so sorry about the wait. " * 2000  # 60 000 characters in one turn
    call = {"id": "odd-1", "agent": "Ana Torres", "turns": [
        {"speaker": "agent", "text": "Hi\u200b there \u202eevil\u202c, how can I help?"},
        {"speaker": "customer", "text": ""},
        {"speaker": "customer", "text": "My parcel never came \U0001f621 and I\u2019m fed up\u0301"},
        {"speaker": "agent", "text": huge},
        {"speaker": "agent", "text": "Is there anything else I can help with?"}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(call))
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
        assert recording.status is RecordingStatus.done, recording.error
        turns = session.exec(select(Turn).join(Transcript).where(Transcript.recording_id == recording.id)
                             .order_by(Turn.position)).all()
    assert len(turns[3].text) == recordings.MAX_TURN_CHARS and "\U0001f621" in turns[2].text


def test_a_two_channel_upload_is_transcribed_into_agent_and_customer_turns(demo):
    audio = (FIXTURES / "audio" / "call_16k_stereo.flac").read_bytes()
    intake = upload(demo["reviewer"], "stereo.flac", audio, agent_id=1)
    again = upload(demo["reviewer"], "copy of stereo.flac", audio, agent_id=1)
    assert intake.created and not again.created and again.recording_id == intake.recording_id
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
        assert recording.status is RecordingStatus.done, recording.error
        assert recording.channels == 2 and recording.duration > 1
        transcript = session.exec(select(Transcript).where(Transcript.recording_id == recording.id)).one()
        turns = session.exec(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)).all()
    assert transcript.engine == "faster-whisper"
    assert {t.speaker for t in turns} == {"agent", "customer"}
    assert turns[0].speaker == "agent"
    assert all(t.words and t.start is not None for t in turns)


def test_a_worker_that_died_mid_job_hands_the_call_on_and_three_strikes_fail_it(scored_calls):
    recording_id = scored_calls["own-good-1"]
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        recording.status, recording.attempts = RecordingStatus.queued, 0
        session.add(recording)
    for attempt in range(1, pipeline.MAX_ATTEMPTS + 1):
        assert pipeline.claim(recording_id)
        assert not pipeline.claim(recording_id)  # a second worker cannot take a claimed job
        with session_scope() as session:  # the worker dies: its heartbeat goes stale
            recording = session.get(Recording, recording_id)
            recording.heartbeat_at = utcnow() - timedelta(hours=1)
            session.add(recording)
        assert pipeline.requeue_stale() == [recording_id]
        with session_scope() as session:
            recording = session.get(Recording, recording_id)
        expected = RecordingStatus.failed if attempt == pipeline.MAX_ATTEMPTS else RecordingStatus.queued
        assert (recording.status, recording.attempts) == (expected, attempt)
    assert "failed 3 times" in recording.error

    with session_scope() as session:
        recordings.retry(session, _reviewer(session), recording_id)
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        assert session.get(Recording, recording_id).status is RecordingStatus.done
        assert len(session.exec(select(Score).where(Score.recording_id == recording_id)).all()) == 1


def _reviewer(session):
    from qa_app.services.accounts import Identity
    from qa_app.storage.models import User

    return Identity.of(session.exec(select(User).where(User.username == "reviewer")).one())

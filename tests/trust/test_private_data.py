"""Personal data through the app: transcripts are redacted before they are stored (imports and Whisper alike),
reviewers hear a copy of the call with the redacted words silenced, the original goes by policy, and deleting a
call removes both files."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from sqlmodel import select

from qa_app.cli import main
from qa_app.errors import PermissionDenied, UserError
from qa_app.jobs import pipeline
from qa_app.privacy.audio import PAD_SECONDS
from qa_app.privacy.scan import spoken_digits
from qa_app.services import audit, calls, privacy, recordings, rubrics
from qa_app.services.scoring import call_turns
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import CriterionResult, Recording, RecordingStatus, Score
from qa_app.transcription.audio import load
from tests.conftest import FIXTURES

CARD_CALL = FIXTURES / "audio" / "card_call_16k_stereo.flac"
CARD = json.loads((FIXTURES / "audio" / "card_call.json").read_text())
NUMBER_WORDS = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}


def test_an_imported_transcript_is_stored_redacted(demo):
    call = {"id": "privacy-1", "agent": "Ana Torres", "turns": [
        {"speaker": "agent", "text": "Can I take the long number on your card?"},
        {"speaker": "customer", "text": "Yes it's 4929 1753 0862 4717, and mail me at dana dot k at outlook dot com"},
        {"speaker": "agent", "text": "Thanks. Your reference is 48213."}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(call))
    with session_scope() as session:
        texts = [turn.text for turn in call_turns(session, intake.recording_id)]
    assert texts == ["Can I take the long number on your card?",
                     "Yes it's [card number] and mail me at [email address]",
                     "Thanks. Your reference is 48213."]
    with session_scope() as session:  # the same file again is the same call, though what is stored differs
        again, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(call))
    assert (again.recording_id, again.created) == (intake.recording_id, False)


def test_redaction_is_configured_per_category(demo, monkeypatch):
    monkeypatch.setenv("QA_REDACT", "emails")
    line = {"turns": [{"speaker": "customer", "text": "card 4929 1753 0862 4717, mail dana@example.com"}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(line))
        assert [t.text for t in call_turns(session, intake.recording_id)] == [
            "card 4929 1753 0862 4717, mail [email address]"]
    monkeypatch.setenv("QA_REDACT", "cards,passwords")
    with pytest.raises(UserError, match="QA_REDACT names passwords; use all, none, or some of cards, ids"):
        with session_scope() as session:
            recordings.import_transcripts(session, demo["reviewer"], json.dumps(line).replace("dana", "lee"))


def process_card_call(identity) -> int:
    with session_scope() as session:
        intake = recordings.upload_recording(session, identity, "card call.flac", io.BytesIO(CARD_CALL.read_bytes()),
                                             agent_id=identity.agent_id or 1)
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        recording = session.get(Recording, intake.recording_id)
        assert recording.status is RecordingStatus.done, recording.error
    return intake.recording_id


def spoken_card_region(channel: np.ndarray, sample_rate: int) -> np.ndarray:
    return channel[int(CARD["digits_start"] * sample_rate):int(CARD["digits_end"] * sample_rate)]


@pytest.mark.slow
def test_a_spoken_card_number_is_silenced_in_the_copy_reviewers_hear_and_gone_from_the_transcript(demo):
    recording_id = process_card_call(demo["reviewer"])
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        turns = call_turns(session, recording_id)
        heard = calls.audio_path(session, demo["reviewer"], recording_id)
    text = " ".join(turn.text for turn in turns)
    assert "[card number]" in text and spoken_digits(text) == [], text
    assert not NUMBER_WORDS & {word.strip(",.").lower() for word in text.split()}
    redacted = [w for turn in turns for w in turn.words if w.get("redacted")]
    assert [w["redacted"] for w in redacted] == ["cards"]
    assert redacted[0]["start"] - PAD_SECONDS <= CARD["digits_start"] + 0.2  # the word keeps the time it was said
    assert redacted[0]["end"] + PAD_SECONDS >= CARD["digits_end"]

    store = default_store()
    assert heard == store.local_path(recording.redacted_path) and heard.suffix == ".flac"
    original, copy = load(store.local_path(recording.stored_path)), load(heard)
    assert copy.duration == pytest.approx(original.duration, abs=0.01) and len(copy.channels) == 2
    rate = copy.sample_rate
    assert np.max(np.abs(spoken_card_region(original.channels[1], rate))) > 0.2  # the customer read it out here
    for channel in copy.channels:
        assert np.max(np.abs(spoken_card_region(channel, rate))) == 0.0
    before = slice(0, int((CARD["digits_start"] - 1.0) * rate))  # the agent's question is still there, unchanged
    assert np.max(np.abs(copy.channels[0][before])) > 0.2
    assert np.max(np.abs(copy.channels[0][before] - original.channels[0][before])) < 1e-3

    with session_scope() as session:
        privacy.delete_recording(session, demo["admin"], recording_id)
    assert not store.local_path(recording.stored_path).exists() and not heard.exists()


@pytest.mark.slow
def test_when_originals_are_not_kept_calls_still_rescore_and_retry(demo, monkeypatch):
    monkeypatch.setenv("QA_KEEP_ORIGINAL_AUDIO", "delete")
    monkeypatch.setenv("QA_REDACT", "cards")
    recording_id = process_card_call(demo["reviewer"])
    store = default_store()
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        text = " ".join(turn.text for turn in call_turns(session, recording_id))
        trail = audit.history(session, "recording", recording_id)
    assert recording.stored_path is None and recording.redacted_path
    assert [p.name for p in store.root.rglob("*") if p.is_file()] == [store.local_path(recording.redacted_path).name]
    assert "[card number]" in text and CARD["card"] not in "".join(spoken_digits(text))
    assert [(e.action, e.who) for e in trail] == [("recording.delete_original", "system")]

    # The same recording uploaded again is the same call, and its original is not kept this time either.
    with session_scope() as session:
        again = recordings.upload_recording(session, demo["reviewer"], "again.flac", io.BytesIO(CARD_CALL.read_bytes()),
                                            agent_id=1)
    assert (again.recording_id, again.created) == (recording_id, False)
    assert len([p for p in store.root.rglob("*") if p.is_file()]) == 1

    # A rubric change rescores from the transcript alone; a failed call retried does too.
    with session_scope() as session:
        rubric = rubrics.active_rubric(session)
        rubrics.save_version(session, demo["trainer"], rubric.source_text + "\n# tightened\n")
        assert rubrics.queue_rescore(session, demo["trainer"]) == 1
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        recording = session.get(Recording, recording_id)
        recording.status, recording.error = RecordingStatus.failed, "the worker ran out of memory"
        session.add(recording)
    with session_scope() as session:
        recordings.retry(session, demo["reviewer"], recording_id)
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        assert session.get(Recording, recording_id).status is RecordingStatus.done
        assert len(session.exec(select(Score).where(Score.recording_id == recording_id)).all()) == 2
        assert calls.audio_path(session, demo["reviewer"], recording_id) == store.local_path(recording.redacted_path)


def test_calls_stored_before_redaction_are_brought_in_line_and_keep_their_scores(demo, monkeypatch, capsys):
    monkeypatch.setenv("QA_REDACT", "none")  # as stored by a version without redaction
    call = {"id": "before-1", "agent": "Ana Torres", "turns": [
        {"speaker": "customer", "text": "I was charged twice on my card, 4929 1753 0862 4717, and it really upset me."},
        {"speaker": "agent", "text": "Just to confirm, you were charged twice on your card 4929 1753 0862 4717."},
        {"speaker": "agent", "text": "I've refunded it. Is there anything else I can help with?"}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(call))
    assert pipeline.run_queued() == 1
    with session_scope() as session:
        score_id = session.exec(select(Score.id).where(Score.recording_id == intake.recording_id)).one()
        assert "4929 1753 0862 4717" in call_turns(session, intake.recording_id)[0].text
        mirrored = session.exec(select(CriterionResult).where(CriterionResult.score_id == score_id,
                                                              CriterionResult.criterion == "mirroring")).one()
        assert "4929" in mirrored.evidence[0]["text"]  # the evidence quoted the number

    monkeypatch.setenv("QA_REDACT", "all")
    assert main(["redact"]) == 0
    assert capsys.readouterr().out.strip() == "1 calls checked: 1 redacted, 0 playback copies made"
    with session_scope() as session:
        turns = call_turns(session, intake.recording_id)
        score = session.exec(select(Score).where(Score.recording_id == intake.recording_id)).one()
        evidence = json.dumps([c.evidence for c in session.exec(
            select(CriterionResult).where(CriterionResult.score_id == score.id))])
        trail = audit.history(session, "recording", intake.recording_id)
    assert turns[0].text == "I was charged twice on my card, [card number] and it really upset me."
    assert score.id == score_id  # rescored in place: a review on it stays attached
    assert "4929" not in evidence and "[card number]" in evidence
    assert [(e.action, e.who) for e in trail] == [("recording.redact", "system")]
    assert main(["redact"]) == 0  # in line already: nothing more
    assert capsys.readouterr().out.strip() == "1 calls checked: 0 redacted, 0 playback copies made"


@pytest.mark.slow
def test_a_call_heard_unredacted_gets_its_silenced_copy_when_the_policy_widens(demo, monkeypatch):
    monkeypatch.setenv("QA_REDACT", "emails")
    recording_id = process_card_call(demo["reviewer"])
    store = default_store()
    with session_scope() as session:
        first_copy = session.get(Recording, recording_id).redacted_path
    assert np.max(np.abs(spoken_card_region(load(store.local_path(first_copy)).channels[1], 16_000))) > 0.2

    monkeypatch.setenv("QA_REDACT", "all")
    with session_scope() as session:
        report = privacy.apply_redaction(session, demo["admin"])
        recording = session.get(Recording, recording_id)
        heard = calls.audio_path(session, demo["reviewer"], recording_id)
    assert (report.redacted, report.copies) == (1, 1)
    assert heard == store.local_path(recording.redacted_path) and not store.local_path(first_copy).exists()
    assert all(np.max(np.abs(spoken_card_region(channel, 16_000))) == 0.0 for channel in load(heard).channels)
    with session_scope() as session, pytest.raises(PermissionDenied):
        privacy.apply_redaction(session, demo["reviewer"])

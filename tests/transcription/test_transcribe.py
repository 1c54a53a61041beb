"""From a recording to agent/customer turns: both channel layouts, 8 and 16 kHz, progress and the JSON shape."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa_app.errors import UserError
from qa_app.transcription import AudioError, transcribe
from qa_app.transcription.types import AGENT, CUSTOMER
from tests.transcription.conftest import (
    MONO_8K,
    MONO_16K,
    STEREO_8K_AGENT_RIGHT,
    STEREO_16K,
    reference_call,
    speaker_accuracy,
    spoken,
)
from tests.transcription.test_audio import write_wav

REFERENCE = reference_call(STEREO_16K.name)["turns"]


def assert_who_said_what(transcript):
    assert [t.speaker for t in transcript.turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
    agent, customer = spoken(transcript, AGENT), spoken(transcript, CUSTOMER)
    for words in ("thank you for calling", "how may i help", "friday", "anything else"):
        assert words in agent
    for words in ("march", "pay", "meter", "goodbye"):
        assert words in customer
    assert speaker_accuracy(transcript, REFERENCE) == 1.0


def test_stereo_call_gives_alternating_turns_with_the_right_speakers(stereo_transcript):
    assert_who_said_what(stereo_transcript)
    assert stereo_transcript.speaker_confidence is None  # one channel per party: nothing was guessed
    assert (stereo_transcript.channels, stereo_transcript.sample_rate) == (2, 16_000)


def test_turn_times_follow_the_recording(stereo_transcript):
    for turn, reference in zip(stereo_transcript.turns, REFERENCE):
        assert abs(turn.start - reference["start"]) < 0.6 and abs(turn.end - reference["end"]) < 0.6
        assert turn.start == turn.words[0].start and turn.end >= turn.words[-1].end
        assert turn.text == " ".join(word.word for word in turn.words)
    starts = [turn.start for turn in stereo_transcript.turns]
    assert starts == sorted(starts)


def test_telephone_call_with_the_agent_on_the_right_channel():
    transcript = transcribe(STEREO_8K_AGENT_RIGHT, agent_channel="right")
    assert (transcript.channels, transcript.sample_rate) == (2, 8_000)
    assert [t.speaker for t in transcript.turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
    assert "anything else" in spoken(transcript, AGENT) and "goodbye" in spoken(transcript, CUSTOMER)


@pytest.mark.parametrize("path", [MONO_16K, MONO_8K])
def test_mono_call_is_separated_into_agent_and_customer(path, mono_transcript):
    transcript = mono_transcript if path == MONO_16K else transcribe(path)
    assert transcript.channels == 1
    assert speaker_accuracy(transcript, REFERENCE) >= 0.9
    assert [t.speaker for t in transcript.turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
    assert 0.5 < transcript.speaker_confidence <= 1.0


def test_mono_flag_mixes_a_stereo_call_down_and_separates_the_voices():
    transcript = transcribe(STEREO_16K, mono=True)
    assert transcript.speaker_confidence is not None
    assert speaker_accuracy(transcript, REFERENCE) >= 0.9


def test_progress_is_the_fraction_of_audio_done_and_never_goes_back():
    fractions = []
    transcribe(STEREO_8K_AGENT_RIGHT, agent_channel="right", progress=fractions.append)
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and all(0 < f <= 1 for f in fractions)
    assert len(fractions) >= 4  # reported as the work goes, not only at the end


def test_transcript_json_shape(stereo_transcript):
    data = json.loads(json.dumps(stereo_transcript.to_dict()))
    assert set(data) == {"duration", "engine", "model", "turns"}
    assert (data["engine"], data["model"]) == ("faster-whisper", "tiny.en")
    assert abs(data["duration"] - REFERENCE[-1]["end"]) < 1.0
    turn = data["turns"][0]
    assert set(turn) == {"speaker", "start", "end", "text", "words"}
    assert set(turn["words"][0]) == {"word", "start", "end", "probability"}


def test_a_recording_without_speech_is_refused(tmp_path):
    seconds = np.arange(16_000 * 3) / 16_000
    tone = write_wav(tmp_path / "dial-tone.wav", 0.3 * np.sin(2 * np.pi * 440 * seconds)[None, :])
    with pytest.raises(AudioError, match="No speech was found in dial-tone.wav"):
        transcribe(tone)


def test_agent_channel_must_be_left_or_right():
    with pytest.raises(UserError, match="agent channel must be one of left, right"):
        transcribe(STEREO_16K, agent_channel="middle")


def test_a_one_channel_file_is_separated_even_when_stereo_was_assumed(mono_transcript):
    assert transcribe(MONO_16K, mono=False).turns == mono_transcript.turns

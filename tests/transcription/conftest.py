"""Fixtures for the transcription tests: the committed recordings, their reference turns, and transcripts made
once per session with the real bundled tiny.en weights (models load once per process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_app.transcription import Transcript, transcribe
from qa_app.transcription.evaluation import reference_speaker

AUDIO = Path(__file__).resolve().parent.parent / "fixtures" / "audio"
STEREO_16K = AUDIO / "call_16k_stereo.flac"
STEREO_8K_AGENT_RIGHT = AUDIO / "call_8k_stereo_agent_right.wav"
MONO_16K = AUDIO / "call_16k_mono.flac"
MONO_8K = AUDIO / "call_8k_mono.wav"


def reference_call(name: str) -> dict:
    """The labelled call (turns with start/end) that make_fixtures.sh wrote for one of the recordings."""
    calls = [json.loads(line) for line in (AUDIO / "calls.jsonl").read_text().splitlines()]
    return next(call for call in calls if call["audio"] == name)


REFERENCE_TEXT = [line.split("\t")[1] for line in (AUDIO / "turns.tsv").read_text().splitlines()]


def speaker_accuracy(transcript: Transcript, turns: list[dict]) -> float:
    words = [(turn.speaker, word) for turn in transcript.turns for word in turn.words]
    return sum(speaker == reference_speaker(word, turns) for speaker, word in words) / len(words)


def spoken(transcript: Transcript, speaker: str) -> str:
    return " ".join(turn.text for turn in transcript.turns if turn.speaker == speaker).lower()


@pytest.fixture(scope="session")
def stereo_transcript() -> Transcript:
    return transcribe(STEREO_16K)


@pytest.fixture(scope="session")
def mono_transcript() -> Transcript:
    return transcribe(MONO_16K)


@pytest.fixture(scope="session")
def openai_stereo_transcript() -> Transcript:
    return transcribe(STEREO_16K, engine="openai-whisper")

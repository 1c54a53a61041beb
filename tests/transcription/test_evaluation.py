"""Word error rate and speaker accuracy of transcription against labelled calls with audio."""

from __future__ import annotations

import json

import pytest

from qa_app.errors import UserError
from qa_app.transcription.evaluation import edit_distance, evaluate_audio, normalize
from tests.transcription.conftest import AUDIO


def test_normalization_ignores_case_and_punctuation():
    assert normalize("Hi, yeah. It's the TWO-day shipping!") == ["hi", "yeah", "it's", "the", "two", "day", "shipping"]
    assert normalize("'Quoted' -- words...") == ["quoted", "words"]


def test_edit_distance_counts_substitutions_insertions_and_deletions():
    assert edit_distance("a b c d".split(), "a x c d e".split()) == 2
    assert edit_distance([], ["a"]) == 1 and edit_distance(["a"], []) == 1
    assert edit_distance("the same".split(), "the same".split()) == 0


def test_evaluate_audio_on_both_layouts(tmp_path):
    calls = [json.loads(line) for line in (AUDIO / "calls.jsonl").read_text().splitlines()]
    chosen = [call for call in calls if call["id"] in ("call_16k_stereo", "call_16k_mono")]
    for call in chosen:
        call["labels"] = {"satisfaction_asked": True}
    seen = []
    result = evaluate_audio(chosen, AUDIO, progress=lambda call_id, fraction: seen.append((call_id, fraction)))
    assert result.wer < 0.25
    assert result.speaker_accuracy >= 0.95
    assert [c["id"] for c in result.per_call] == ["call_16k_stereo", "call_16k_mono"]
    assert all(set(c) == {"id", "wer", "speaker_accuracy", "seconds"} for c in result.per_call)
    for original, evaluated in zip(chosen, result.calls):
        assert evaluated["labels"] == original["labels"] and evaluated["audio"] == original["audio"]
        assert evaluated["reference_turns"] == original["turns"]
        assert set(evaluated["turns"][0]) == {"speaker", "text", "start", "end"}
    assert ("call_16k_stereo", 1.0) in seen and ("call_16k_mono", 1.0) in seen


def test_a_call_without_audio_is_refused():
    with pytest.raises(UserError, match="call x1 has no 'audio' field"):
        evaluate_audio([{"id": "x1", "turns": []}], AUDIO)

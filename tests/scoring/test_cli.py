"""qa-app score / eval / bench score on calls written for these tests, and their one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_app.cli import main

GOOD_CALL = {
    "id": "own-1",
    "turns": [
        {"speaker": "agent", "text": "Thanks for calling, this is Lee. How can I help?"},
        {"speaker": "customer", "text": "My new kettle leaks from the bottom every time I boil water."},
        {"speaker": "agent", "text": "So the kettle leaks from its base whenever you boil it. That sounds so annoying."},
        {"speaker": "customer", "text": "It is."},
        {"speaker": "agent", "text": "I've sent a replacement today. Does that solve it for you?"},
        {"speaker": "customer", "text": "Yes, thank you."},
        {"speaker": "agent", "text": "Thanks for calling, enjoy your tea!"},
    ],
    "labels": {"mirroring": True, "empathy": True, "no_excuses": True, "positive_ending": True,
               "satisfaction_asked": True},
    "evidence": {"mirroring": [2], "empathy": [2], "no_excuses": [], "positive_ending": [6],
                 "satisfaction_asked": [4]},
}
POOR_CALL = {
    "id": "own-2",
    "turns": [
        {"speaker": "agent", "text": "Yeah?"},
        {"speaker": "customer", "text": "My parcel is a week late."},
        {"speaker": "agent", "text": "That's the courier's fault, not ours. Nothing I can do."},
        {"speaker": "customer", "text": "Unbelievable."},
    ],
    # Labeled wrongly on purpose for empathy, so one misjudged call shows up.
    "labels": {"mirroring": False, "empathy": True, "no_excuses": False, "positive_ending": False,
               "satisfaction_asked": False},
    "evidence": {"mirroring": [], "empathy": [2], "no_excuses": [2], "positive_ending": [2],
                 "satisfaction_asked": []},
}


@pytest.fixture
def calls_file(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text("\n".join(json.dumps(call) for call in (GOOD_CALL, POOR_CALL)) + "\n", encoding="utf-8")
    return path


def test_score_prints_verdicts_with_evidence(calls_file, capsys):
    assert main(["score", str(calls_file)]) == 0
    out = capsys.readouterr().out
    assert "own-1  total" in out and "✓ empathy" in out
    assert 'turn 2: "So the kettle leaks from its base whenever you boil it."' in out
    assert "✗ no_excuses" in out


def test_score_json_is_one_object_per_call(calls_file, capsys):
    assert main(["score", str(calls_file), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["id"] == "own-1" and first["total"] > second["total"]
    assert {c["criterion"]: c["verdict"] for c in second["criteria"]}["no_excuses"] == "not_met"


def test_eval_json_has_the_agreed_shape(calls_file, capsys):
    assert main(["eval", str(calls_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"calls", "macro_f1", "criteria", "evidence_agreement", "misjudged"} <= set(report)
    assert report["calls"] == 2
    assert set(report["criteria"]["empathy"]) == {"precision", "recall", "f1", "tp", "fp", "fn", "tn"}
    assert report["criteria"]["empathy"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "tp": 1, "fp": 0,
                                              "fn": 1, "tn": 0}
    assert [(m["call"], m["criterion"]) for m in report["misjudged"]] == [("own-2", "empathy")]
    assert report["evidence_agreement"] == 1.0


def test_eval_text_lists_misjudged_calls(calls_file, capsys):
    assert main(["eval", str(calls_file), str(calls_file)]) == 0
    out = capsys.readouterr().out
    assert "4 calls" in out and "macro-F1" in out
    assert "own-2 empathy: labeled met, scored not_met" in out


def test_bench_prints_calls_per_second(capsys):
    assert main(["bench", "score", "--calls", "20", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["calls"] == 20 and figures["turns_per_call"] == 15 and figures["calls_per_second"] > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x", "turns": []}\n{"id": broken}\n', "calls.jsonl, line 2: not valid JSON"),
        ('{"id": "x", "turns": [{"speaker": "robot", "text": "hi"}]}\n', "calls.jsonl, line 1: speaker must be"),
        ('{"id": "x"}\n', "calls.jsonl, line 1: a call is an object with a list of \"turns\""),
        ("\n\n", "calls.jsonl: no calls in the file"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, capsys, content, message):
    path = tmp_path / "calls.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["score", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1


def test_a_missing_file_and_a_broken_rubric_are_reported(tmp_path, calls_file, capsys):
    assert main(["eval", str(tmp_path / "none.jsonl")]) == 1
    assert "none.jsonl: file not found" in capsys.readouterr().err
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("name: Broken\ncriteria:\n  thanks:\n    title: T\n    weight: 500\n", encoding="utf-8")
    assert main(["score", str(calls_file), "--rubric", str(rubric)]) == 1
    err = capsys.readouterr().err
    assert "rubric.yaml" in err and "line 3, column 3 (criteria.thanks)" in err and "missing key" in err


def test_eval_needs_labels(tmp_path, capsys):
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps({"id": "nolabels", "turns": GOOD_CALL["turns"]}) + "\n", encoding="utf-8")
    assert main(["eval", str(path)]) == 1
    assert "call nolabels has no labels" in capsys.readouterr().err


@pytest.mark.slow
def test_eval_audio_transcribes_scores_and_reports_wer(tmp_path, capsys):
    """The committed synthesized recording (tests/fixtures/audio), labeled here by LABELING.md: the agent skips
    mirroring and empathy, makes no excuse, books a reading (a next step) and asks if anything else is needed."""
    audio = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
    call = json.loads((audio / "calls.jsonl").read_text().splitlines()[0])
    call["audio"] = str(audio / call["audio"])
    call["labels"] = {"mirroring": False, "empathy": False, "no_excuses": True, "positive_ending": True,
                      "satisfaction_asked": True}
    call["evidence"] = {"mirroring": [], "empathy": [], "no_excuses": [], "positive_ending": [2],
                        "satisfaction_asked": [2]}
    path = tmp_path / "audio_calls.jsonl"
    path.write_text(json.dumps(call) + "\n", encoding="utf-8")
    assert main(["eval", str(path), "--audio", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["calls"] == 1 and report["wer"] < 0.3 and report["speaker_accuracy"] > 0.9
    criteria = report["criteria"]
    assert criteria["satisfaction_asked"]["tp"] == 1 and criteria["no_excuses"]["tp"] == 1
    assert criteria["mirroring"]["tn"] == 1 and criteria["empathy"]["tn"] == 1
    # The transcribed turn holding the question overlaps the labeled reference turn 2 in time.
    assert report["evidence_agreement"] == 1.0

"""Agreement figures: confusion counts, F1, macro-F1 and evidence agreement, including time-mapped turns."""

from __future__ import annotations

from scoring import CallScore, CriterionResult, Evidence
from scoring.evaluation import evaluate


def scored(verdicts: dict[str, tuple[str, list[int]]]) -> CallScore:
    return CallScore(
        total=0.0,
        criteria=[
            CriterionResult(name, name, verdict, 0.9, "", [Evidence(t, 0, 1, "x") for t in turns])
            for name, (verdict, turns) in verdicts.items()
        ],
    )


def test_counts_f1_and_evidence_agreement():
    calls = [
        ({"id": "a", "labels": {"empathy": True}, "evidence": {"empathy": [2]}}, scored({"empathy": ("met", [2])})),
        ({"id": "b", "labels": {"empathy": True}, "evidence": {"empathy": [4]}}, scored({"empathy": ("met", [6])})),
        ({"id": "c", "labels": {"empathy": False}}, scored({"empathy": ("met", [1])})),
        ({"id": "d", "labels": {"empathy": True}}, scored({"empathy": ("not_applicable", [])})),
        ({"id": "e", "labels": {"empathy": False}}, scored({"empathy": ("not_met", [])})),
    ]
    report = evaluate(calls, criteria=("empathy",))
    figures = report.to_dict()["criteria"]["empathy"]
    assert (figures["tp"], figures["fp"], figures["fn"], figures["tn"]) == (2, 1, 1, 1)
    assert figures["precision"] == round(2 / 3, 4) and figures["recall"] == round(2 / 3, 4)
    assert report.macro_f1 == report.criteria["empathy"].f1
    assert report.evidence_agreement == 0.5  # "b" used turn 6 where turn 4 was labeled
    assert [m.call for m in report.misjudged] == ["c", "d"]


def test_a_turn_mapper_translates_transcribed_turns():
    call = {"labels": {"empathy": True}, "evidence": {"empathy": [4]}}
    report = evaluate([(call, scored({"empathy": ("met", [5])}))], ("empathy",), turn_mapper=lambda c, t: {t - 1})
    assert report.evidence_agreement == 1.0


def test_no_calls_gives_zeros_not_errors():
    report = evaluate([], ("empathy",)).to_dict()
    assert report["calls"] == 0 and report["macro_f1"] == 0.0 and report["evidence_agreement"] is None

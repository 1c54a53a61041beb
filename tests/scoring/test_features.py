"""Steps for tests/features/scoring_*.feature: a call built turn by turn, scored with the default rubric."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from scoring import Turn

FEATURES = Path(__file__).resolve().parents[1] / "features"
for feature in sorted(FEATURES.glob("scoring_*.feature")):
    scenarios(feature.name)

VERDICTS = {"met": "met", "not met": "not_met", "not applicable": "not_applicable"}


@pytest.fixture
def call() -> dict:
    return {"turns": [], "score": None}


def criterion_id(words: str) -> str:
    return words.strip().lower().replace(" ", "_")


@given("a new call")
def new_call(call):
    call["turns"].clear()


@given(parsers.re(r'the (?P<speaker>agent|customer) (?:then )?says "(?P<text>[^"]*)"$'))
def says(call, speaker, text):
    call["turns"].append(Turn(speaker, text))


@given(parsers.re(r'the (?P<speaker>agent|customer) says "(?P<text>[^"]*)" from (?P<start>[\d.]+) to (?P<end>[\d.]+) seconds'))
def says_at(call, speaker, text, start, end):
    call["turns"].append(Turn(speaker, text, float(start), float(end)))


@when("the call is scored")
def scored(call, scorer):
    call["score"] = scorer.score(call["turns"])


@then(parsers.re(r"(?P<criterion>[a-z ]+?) is (?P<verdict>met|not met|not applicable)$"))
def verdict_is(call, criterion, verdict):
    result = call["score"][criterion_id(criterion)]
    assert result.verdict == VERDICTS[verdict], result.explanation


@then(parsers.re(r"the evidence for (?P<criterion>[a-z ]+) is turns? (?P<turns>[\d, and]+)$"))
def evidence_turns(call, criterion, turns):
    expected = [int(n) for n in turns.replace("and", ",").split(",") if n.strip()]
    assert call["score"][criterion_id(criterion)].evidence_turns == expected


@then(parsers.re(r'the evidence for (?P<criterion>[a-z ]+) quotes "(?P<text>[^"]*)"'))
def evidence_quotes(call, criterion, text):
    assert text in [item.text for item in call["score"][criterion_id(criterion)].evidence]


@then(parsers.re(r"there is no evidence for (?P<criterion>[a-z ]+)$"))
def no_evidence(call, criterion):
    assert call["score"][criterion_id(criterion)].evidence == []


@then(parsers.re(r'the call metric "(?P<name>\w+)" is (?P<value>[\d.]+)'))
def metric_is(call, name, value):
    assert call["score"].metrics[name] == pytest.approx(float(value))

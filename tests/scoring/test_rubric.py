"""Rubric loading: the default rubric is valid, and every kind of mistake is reported with its place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring import RubricError, default_rubric, load_rubric

MINIMAL = """\
name: Test rubric
criteria:
  thanks:
    title: Thanking
    description: The agent thanks the customer.
    weight: 10
    behaviour: show
    detector:
      name: agent_phrases
      settings:
        phrases: [thank, thanks]
"""


def broken(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new)


def test_default_rubric_has_the_five_core_criteria_and_the_practices():
    rubric = default_rubric()
    assert rubric.ids[:5] == ["mirroring", "empathy", "no_excuses", "positive_ending", "satisfaction_asked"]
    assert {"apology_when_due", "ownership", "alternatives", "thanks", "no_rude_language", "no_channel_pushing",
            "prompt_greeting", "talk_listen_ratio", "long_silences", "interruptions"} <= set(rubric.ids)
    for criterion in rubric.criteria:
        assert criterion.title and criterion.description and 0 <= criterion.weight <= 100


def test_a_rubric_loads_from_text_and_from_a_path(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    from_text, from_path = load_rubric(MINIMAL), load_rubric(path)
    assert from_text.ids == from_path.ids == ["thanks"]
    assert from_path.criterion("thanks").settings.phrases == ["thank", "thanks"]
    assert load_rubric(str(path)).name == "Test rubric"


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        (broken("    weight: 10\n", "    weight: 10\n    colour: red\n"), "line 7, column 5 (criteria.thanks.colour)",
         "unknown key 'colour'"),
        (broken("weight: 10", "weight: 150"), "line 6, column 13 (criteria.thanks.weight)", "from 0 to 100, got 150"),
        (broken("weight: 10", "weight: lots"), "(criteria.thanks.weight)", "expected a number"),
        (broken("behaviour: show", "behaviour: maybe"), "(criteria.thanks.behaviour)", "show, avoid, measure"),
        (broken("name: agent_phrases", "name: mind_reader"), "(criteria.thanks.detector.name)",
         "unknown detector 'mind_reader'"),
        (broken("        phrases: [thank, thanks]", "        phrase: [thank]"),
         "line 11, column 9 (criteria.thanks.detector.settings.phrase)", "unknown key 'phrase'"),
        (broken("        phrases: [thank, thanks]", "        phrases: thank"),
         "(criteria.thanks.detector.settings.phrases)", "expected a list of words"),
        (broken("        phrases: [thank, thanks]", "        patterns: [[{LEMMA: thank, COLOUR: red}]]"),
         "(criteria.thanks.detector.settings.patterns[0][0].COLOUR)", "bad pattern"),
        (broken("        phrases: [thank, thanks]", "        patterns: [[{TEXT: {REGEX: '(a+)+$'}}]]"),
         "(criteria.thanks.detector.settings.patterns[0][0].TEXT.REGEX)", "regular expressions (REGEX) are not allowed"),
        (broken("        phrases: [thank, thanks]", "        dependency_patterns: [[{RIGHT_ATTRS: {LEMMA: thank}}]]"),
         "(criteria.thanks.detector.settings.dependency_patterns[0])", "bad pattern"),
        (broken("    title: Thanking\n", ""), "(criteria.thanks)", "missing key 'title'"),
        (broken("  thanks:", "  Thanks!:"), "(criteria.Thanks!)", "lower-case letters"),
        (broken("weight: 10", "weight: 0"), "(criteria)", "at least one criterion needs a weight above 0"),
        (broken("    weight: 10\n", "    weight: 10\n    weight: 20\n"), "line 7, column 5 (criteria.thanks.weight)",
         "written twice"),
        (broken("phrases: [thank, thanks]", "phrases: [thank, thanks"), "line 12", "not valid YAML"),
        ("name: x\ncriteria: &c {a: *c}\n", "line 2, column 11", "anchors and aliases"),
        ("- just\n- a list\n", "line 1, column 1", "expected a mapping"),
    ],
)
def test_mistakes_are_reported_with_their_place(text, where, problem):
    with pytest.raises(RubricError) as caught:
        load_rubric(text)
    message = str(caught.value)
    assert where in message and problem in message, message


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(RubricError, match="anchors and aliases"):
        load_rubric(bomb)


def test_a_huge_document_is_refused():
    with pytest.raises(RubricError, match="the limit is"):
        load_rubric("name: x\n" + "#" * 600_000 + "\n")


def test_yaml_1_1_booleans_stay_words():
    rubric = load_rubric(broken("phrases: [thank, thanks]", "phrases: [yes, no, on, off]"))
    assert rubric.criterion("thanks").settings.phrases == ["yes", "no", "on", "off"]


def test_a_missing_file_names_the_file(tmp_path):
    with pytest.raises(RubricError, match=re.escape(str(tmp_path / "nope.yaml")) + ": file not found"):
        load_rubric(tmp_path / "nope.yaml")


def test_the_error_carries_its_place_as_data():
    with pytest.raises(RubricError) as caught:
        load_rubric(broken("weight: 10", "weight: -1"))
    error = caught.value
    assert (error.place.line, error.place.column) == (6, 13)
    assert error.path == ("criteria", "thanks", "weight")


def test_the_packaged_file_is_the_default(tmp_path):
    packaged = Path(__file__).resolve().parents[2] / "rubrics" / "default.yaml"
    assert load_rubric(packaged).ids == default_rubric().ids


def without_settings(text: str, keys: set[str]) -> str:
    """The rubric text without the given settings (each a flow list, possibly over several lines)."""
    kept, skipping = [], False
    for line in text.splitlines():
        key = line.strip().split(":", 1)[0]
        if not skipping and key in keys and line.startswith("        ") and not line.startswith("         "):
            skipping = True
        if not skipping:
            kept.append(line)
        elif line.rstrip().endswith("]"):
            skipping = False
    return "\n".join(kept) + "\n"


def test_a_rubric_saved_before_the_newer_settings_still_loads_and_scores():
    """Trainers' saved rubrics predate settings such as impact_idioms or courtesy_replies: they load, score, and
    those readings stay off."""
    from scoring import Scorer

    newer = {"impact_idioms", "affecting_verbs", "coping_verbs", "helpful_verbs", "causal_verbs", "delegation_verbs",
             "reassurance_verbs", "override_verbs", "authorship_verbs", "courtesy_replies", "hope_words",
             "check_idioms"}
    text = (Path(__file__).resolve().parents[2] / "rubrics" / "default.yaml").read_text()
    older = without_settings(text, newer)
    assert all(f" {key}:" not in older for key in newer)
    rubric = load_rubric(older)
    impact = [{"speaker": "customer", "text": "My boiler broke the week my baby was born."},
              {"speaker": "agent", "text": "That must have thrown your whole week off."}]
    assert Scorer(rubric).score(impact)["empathy"].verdict == "not_met"
    assert Scorer(default_rubric()).score(impact)["empathy"].verdict == "met"

"""Drill YAML: what a valid drill reads as, and every way a broken one is refused with its line, step and field."""

from __future__ import annotations

import textwrap

import pytest

from qa_app.drills import DrillError, parse_drill, renamed
from qa_app.drills.spec import END, MAX_DRILL_BYTES, TEMPLATE
from tests.drills.conftest import SEED, seed_text

GOOD = textwrap.dedent("""\
    id: broken-mug
    title: A broken mug
    situation: The customer's mug arrived in pieces.
    persona: {name: Lee}
    trains: [empathy, ownership]
    steps:
      - id: opening
        customer: My mug arrived smashed.
        trains: [empathy]
        if_missed:
          customer: Hello? It's in pieces!
          next: opening
      - id: fix
        customer: What now?
        trains: [ownership]
        if_met:
          customer: Great, thanks.
          next: end
    """)


def broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def refusal(text: str, rubric) -> str:
    with pytest.raises(DrillError) as caught:
        parse_drill(text, "mug.yaml", rubric=rubric)
    return str(caught.value)


@pytest.mark.parametrize("path", sorted(p.name for p in SEED.iterdir() if p.name.endswith(".yaml")))
def test_every_seed_drill_is_valid_against_the_default_rubric(path, rubric):
    drill = parse_drill((SEED / path).read_text(), path, rubric=rubric)
    assert drill.id == path.removesuffix(".yaml")
    assert all(step.model_answer and step.tip for step in drill.steps)


def test_the_new_drill_template_is_valid(rubric):
    assert parse_drill(TEMPLATE, rubric=rubric).id == "new-drill"


def test_a_drill_reads_with_defaults_and_branches(rubric):
    drill = parse_drill(GOOD, rubric=rubric)
    assert (drill.mood, drill.difficulty, drill.persona.name, drill.persona.description) == ("upset", "medium", "Lee",
                                                                                          "")
    opening, fix = drill.steps
    assert opening.if_missed.next == "opening" and opening.if_missed.mood is None
    assert opening.if_met.customer is None and drill.target(opening, opening.if_met) == "fix"
    assert drill.target(fix, fix.if_missed) == END and fix.if_met.next == END
    assert drill.text == GOOD


def test_steps_without_ids_are_numbered_and_without_trains_train_everything(rubric):
    drill = parse_drill(broken("  - id: fix\n    customer", "  - customer").replace("    trains: [ownership]\n", ""),
                        rubric=rubric)
    assert drill.steps[1].id == "step-2" and drill.steps[1].trains == ("empathy", "ownership")


@pytest.mark.parametrize("old, new, expected", [
    ("      next: opening", "      next: openin",
     'line 12, column 13 (step 1 "opening", field if_missed.next): no step is named \'openin\'; '
     "the steps are: opening, fix (or end)"),
    ("    trains: [ownership]\n", "    trains: [ownership, mirroring]\n",
     'line 15, column 25 (step 2 "fix", field trains[1]): \'mirroring\' is not one of the drill\'s trains '
     "(empathy, ownership); add it there first"),
    ("trains: [empathy, ownership]", "trains: [empathy, owner_ship]",
     "line 5, column 19 (field trains[1]): the rubric has no criterion 'owner_ship'; it has: mirroring, empathy"),
    ("trains: [empathy, ownership]", "trains: [empathy, ownership, long_silences]",
     "(field trains[2]): 'long_silences' is measured from call timing and cannot be practised with replies"),
    ("trains: [empathy, ownership]", "trains: [empathy, ownership, thanks]",
     "line 5, column 30 (field trains[2]): no step judges 'thanks'; list it in a step's trains or remove it"),
    ("    if_missed:\n", "    tips: none\n    if_missed:\n",
     'line 10, column 5 (step 1 "opening", field tips): unknown key \'tips\'; allowed keys: id, customer, trains'),
    ("    customer: What now?\n", "    customer: What now?\n    model_answer: [a, list]\n",
     'line 15, column 19 (step 2 "fix", field model_answer): expected text, got a list'),
    ("      customer: Great, thanks.\n", "      customer: Great, thanks.\n      mood: livid\n",
     'line 18, column 13 (step 2 "fix", field if_met.mood): must be one of calm, annoyed, upset, angry, furious, '
     "got 'livid'"),
    ("  - id: fix", "  - id: opening",
     'line 13, column 9 (step 2 "opening", field id): two steps are named \'opening\''),
    ("  - id: fix", "  - id: end", "(step 2 \"end\", field id): 'end' is reserved; name the step otherwise"),
    ("      next: opening", "      next: opening\n    if_met: {next: opening}",
     "(step 2 \"fix\"): no branch ever leads to this step; point a next at it or remove it"),
    ("title: A broken mug", "title: |\n  A broken mug\n  on two lines", "(field title): a title is one line"),
    ("id: broken-mug", "id: Broken Mug", "line 1, column 5 (field id): an id is lower-case letters, digits and dashes"),
    ("persona: {name: Lee}", "persona: Lee", "(field persona): expected a mapping of keys, got the text 'Lee'"),
    ("steps:\n", "steps: []\nold_steps:\n", "unknown key 'old_steps'"),
])
def test_a_broken_drill_is_refused_naming_the_line_step_and_field(old, new, expected, rubric):
    message = refusal(broken(old, new), rubric)
    assert message.startswith("mug.yaml, ") and expected in message


def test_an_empty_step_list_is_refused(rubric):
    assert "steps must be a list of the customer's lines, at least one" in refusal(
        GOOD.split("steps:")[0] + "steps: []\n", rubric)


def test_without_a_rubric_criteria_are_only_checked_for_form():
    assert parse_drill(broken("trains: [empathy, ownership]", "trains: [empathy, ownership, anything_new]").replace(
        "    trains: [ownership]\n", "    trains: [ownership, anything_new]\n")).trains[-1] == "anything_new"


def test_yaml_alias_bombs_are_refused_before_expanding():
    bomb = GOOD + "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
                  "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    with pytest.raises(DrillError, match=r"line 19, column 4: anchors and aliases \(& and \*\) are not allowed in a "
                                         r"drill"):
        parse_drill(bomb)


def test_huge_documents_are_refused_before_parsing():
    huge = GOOD + "# " + "x" * MAX_DRILL_BYTES + "\n"
    with pytest.raises(DrillError, match=rf"the drill is {len(huge.encode())} bytes; the limit is {MAX_DRILL_BYTES}"):
        parse_drill(huge)


@pytest.mark.parametrize("text, expected", [
    ("", "expected a mapping of keys, got nothing"),
    ("id: [unclosed", "not valid YAML"),
    ("- a\n- b\n", "expected a mapping of keys, got a list"),
])
def test_what_is_not_a_drill_at_all_is_refused(text, expected):
    with pytest.raises(DrillError, match=expected):
        parse_drill(text)


def test_renaming_for_a_duplicate_rewrites_only_the_id_and_title():
    text = seed_text("late-birthday-gift")
    copy = renamed(text, "late-birthday-gift-copy", "A late birthday gift (copy)")
    drill = parse_drill(copy)
    assert (drill.id, drill.title) == ("late-birthday-gift-copy", "A late birthday gift (copy)")
    assert copy.splitlines()[:2] == text.splitlines()[:2]  # the comments are kept
    assert [line for line in copy.splitlines() if not line.startswith(("id:", "title:"))] == \
        [line for line in text.splitlines() if not line.startswith(("id:", "title:"))]


def test_a_title_written_over_several_lines_is_kept_when_renaming():
    text = broken("title: A broken mug", "title: >\n  A broken mug")
    drill = parse_drill(renamed(text, "broken-mug-copy", "A broken mug (copy)"))
    assert (drill.id, drill.title) == ("broken-mug-copy", "A broken mug")

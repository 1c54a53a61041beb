"""The branching conversation: where each reply leads, the customer's mood, and the summary at the end.

Branching is tested with verdicts given by hand (the logic alone); judging is tested with the real scorer."""

from __future__ import annotations

import textwrap

import pytest

from qa_app.drills import Judgement, Line, awaiting, judge, opening, parse_drill, respond, summarize
from qa_app.drills.conversation import MAX_VISITS, mood_now
from qa_app.drills.spec import END, GAVE_UP

MET, MISSED = Judgement({"empathy": "met"}), Judgement({"empathy": "not_met"})

DRILL = parse_drill(textwrap.dedent("""\
    id: parcel
    title: A lost parcel
    situation: The parcel never came.
    persona: {name: Kim}
    mood: angry
    trains: [empathy, ownership]
    steps:
      - id: opening
        customer: Where is my parcel?
        trains: [empathy]
        model_answer: I can imagine how worrying that is.
        tip: Name the worry.
        if_met:
          customer: Thank you. So?
        if_missed:
          customer: Are you even listening?
          next: opening
      - id: fix
        customer: What will you do?
        trains: [ownership]
        if_met:
          customer: Good, thanks.
          mood: calm
          next: end
    """))


def play(*judgements: Judgement) -> list[Line]:
    lines = [opening(DRILL)]
    for number, judgement in enumerate(judgements, 1):
        lines = respond(DRILL, lines, f"reply {number}", judgement)
    return lines


def test_the_drill_opens_with_the_first_line_in_the_starting_mood():
    first = opening(DRILL)
    assert (first.speaker, first.text, first.step, first.mood) == ("customer", "Where is my parcel?", "opening",
                                                                    "angry")
    assert awaiting(DRILL, [first]).id == "opening"


def test_a_miss_escalates_with_the_alternative_line_and_a_good_reply_calms():
    missed = play(MISSED)
    assert [line.speaker for line in missed] == ["customer", "agent", "customer"]
    assert (missed[-1].text, missed[-1].step, missed[-1].mood) == ("Are you even listening?", "opening", "furious")
    calmed = play(MISSED, MET)
    assert (calmed[-1].text, calmed[-1].step, calmed[-1].mood) == ("Thank you. So?", "fix", "angry")


def test_a_branch_without_a_line_leads_to_the_next_steps_own_line():
    lines = play(MET, Judgement({"ownership": "not_met"}))
    assert lines[-1].speaker == "agent"  # fix's if_missed leads past the last step: the drill is over
    assert awaiting(DRILL, lines) is None
    lines = respond(DRILL, [opening(DRILL)], "hello", Judgement({"empathy": "not_applicable"}))
    assert lines[-1].step == "fix"  # not applicable is not a miss


def test_the_agents_line_keeps_its_verdicts_evidence_and_whether_it_was_spoken():
    judgement = Judgement({"empathy": "met"}, {"empathy": [{"text": "I can imagine", "start_char": 0, "end_char": 13}]})
    line = respond(DRILL, [opening(DRILL)], "I can imagine.", judgement, spoken=True)[1]
    assert (line.speaker, line.step, line.spoken, line.verdicts) == ("agent", "opening", True, {"empathy": "met"})
    assert line.evidence["empathy"][0]["text"] == "I can imagine"
    assert Line.from_dict(line.to_dict()) == line


def test_a_closing_line_ends_the_drill_in_the_mood_the_branch_names():
    lines = play(MET, Judgement({"ownership": "met"}))
    assert (lines[-1].text, lines[-1].step, lines[-1].mood) == ("Good, thanks.", END, "calm")
    assert awaiting(DRILL, lines) is None
    with pytest.raises(ValueError, match="the drill is over"):
        respond(DRILL, lines, "one more", MET)


def test_missing_again_and_again_at_one_step_makes_the_customer_give_up():
    lines = play(*[MISSED] * MAX_VISITS)
    assert (lines[-1].text, lines[-1].step, lines[-1].mood) == (DRILL.gives_up, GAVE_UP, "furious")
    assert awaiting(DRILL, lines) is None


def test_the_mood_never_goes_past_calm_or_furious():
    calm = parse_drill(DRILL.text.replace("mood: angry", "mood: calm"))
    assert mood_now(calm, respond(calm, [opening(calm)], "hi", MET)) == "calm"
    assert play(MISSED)[-1].mood == "furious" and play(MISSED, MISSED)[-1].mood == "furious"


def test_the_summary_scores_each_trained_criterion_over_the_replies(rubric):
    evidence = {"empathy": [{"text": "how worrying", "start_char": 0, "end_char": 12}]}
    lines = play(MISSED, Judgement({"empathy": "met"}, evidence),
                 Judgement({"ownership": "met"},
                           {"ownership": [{"text": "I'll send", "start_char": 0, "end_char": 9}]}))
    result = summarize(DRILL, lines, rubric)
    empathy, ownership = result.criteria
    assert (empathy.title, empathy.verdict, empathy.met, empathy.judged) == ("Empathy", "not_met", 1, 2)
    assert [(q.reply, q.step, q.text, q.verdict) for q in empathy.quotes] == [(2, "opening", "how worrying", "met")]
    assert (ownership.verdict, ownership.met, ownership.judged) == ("met", 1, 1)
    assert empathy.tip == rubric.criterion("empathy").tip
    assert result.total == rubric.total({"empathy": "not_met", "ownership": "met"})
    assert [(d.step.id, [r.text for r in d.replies]) for d in result.steps] == [
        ("opening", ["reply 1", "reply 2"]), ("fix", ["reply 3"])]
    assert result.moods == ["angry", "furious", "angry", "calm"] and not result.gave_up


def test_a_criterion_never_judged_is_not_applicable(rubric):
    result = summarize(DRILL, play(*[MISSED] * MAX_VISITS), rubric)
    assert [(c.criterion, c.verdict) for c in result.criteria] == [("empathy", "not_met"),
                                                                   ("ownership", "not_applicable")]
    assert result.gave_up and result.total == 0.0


# --- judging with the real scorer -------------------------------------------------------------------------------

def test_a_reply_is_judged_on_its_steps_criteria_with_its_own_words_as_evidence(scorer):
    judgement = judge(scorer, DRILL, [opening(DRILL)], "Oh no. I can imagine how worrying that is for you.")
    assert judgement.verdicts == {"empathy": "met"}
    assert "imagine how worrying" in judgement.evidence["empathy"][0]["text"]
    assert judge(scorer, DRILL, [opening(DRILL)], "What is the order number?").verdicts == {"empathy": "not_met"}


def test_an_earlier_good_reply_does_not_carry_a_later_one(scorer):
    lines = respond(DRILL, [opening(DRILL)], "I can imagine how worrying that is for you.", MISSED)
    # The customer's escalation is in the context; the agent's first reply is not.
    assert judge(scorer, DRILL, lines, "Give me the order number.").verdicts == {"empathy": "not_met"}


def test_an_excuse_is_a_miss_and_the_excuse_is_the_evidence(scorer, late_gift):
    lines = respond(late_gift, [opening(late_gift)], "I'm so sorry, I can imagine how upsetting that was.",
                    Judgement({"empathy": "met"}))
    judgement = judge(scorer, late_gift, lines, "The courier was short staffed that week, so it's not our fault.")
    assert judgement.verdicts["no_excuses"] == "not_met"
    assert any("not our fault" in item["text"] or "short staffed" in item["text"]
               for item in judgement.evidence["no_excuses"])


def test_every_seed_step_is_met_by_its_model_answer_and_missed_by_a_bare_reply(scorer, rubric):
    from tests.drills.conftest import SEED

    for path in sorted(p for p in SEED.iterdir() if p.name.endswith(".yaml")):
        drill = parse_drill(path.read_text(), rubric=rubric)
        lines = [opening(drill)]
        while (step := awaiting(drill, lines)) is not None:
            good = judge(scorer, drill, lines, step.model_answer)
            assert set(good.verdicts.values()) == {"met"}, (drill.id, step.id, good.verdicts)
            bare = judge(scorer, drill, lines, "Okay. Let me have a look at that.")
            assert bare.missed, (drill.id, step.id, bare.verdicts)
            lines = respond(drill, lines, step.model_answer, good)
        assert summarize(drill, lines, rubric).total == 100.0

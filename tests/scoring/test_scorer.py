"""The Scorer as a whole: totals from weights, batches equal single calls, evidence with times, turn merging,
and the time-based call metrics."""

from __future__ import annotations

import pytest

from scoring import CallScore, Scorer, Turn, TurnError, load_rubric

TWO_CRITERIA = """\
name: Two criteria
criteria:
  thanks:
    title: Thanking
    description: The agent thanks the customer.
    weight: 30
    behaviour: show
    detector:
      name: agent_phrases
      settings:
        phrases: [thank, thanks]
  no_rudeness:
    title: No rudeness
    description: The agent never tells the customer to calm down.
    weight: 10
    behaviour: avoid
    detector:
      name: agent_phrases
      settings:
        phrases: [calm down]
  greeting:
    title: Prompt greeting
    description: Greets within five seconds.
    weight: 60
    behaviour: measure
    detector:
      name: prompt_greeting
      settings:
        greeting_words: [hello]
"""

CALL = [
    Turn("agent", "Hello, this is Ray at the help desk.", 0.4, 2.1),
    Turn("customer", "My router keeps dropping the connection every evening, and I work from home.", 2.6, 7.9),
    Turn("agent", "So the connection drops every evening while you're working from home.", 8.3, 11.0),
    Turn("agent", "I can imagine how stressful that is with deadlines.", 11.2, 13.5),
    Turn("customer", "It really is.", 13.9, 14.6),
    Turn("agent", "I've booked an engineer for tomorrow morning. Does that work for you?", 15.0, 19.2),
    Turn("customer", "Yes, thanks.", 19.6, 20.4),
    Turn("agent", "Thanks for your patience, and have a good evening.", 20.8, 23.5),
]


@pytest.fixture(scope="module")
def small_scorer(scorer):
    return Scorer(load_rubric(TWO_CRITERIA), nlp=scorer.nlp)


def test_total_is_the_weighted_share_of_applicable_criteria(small_scorer):
    untimed = [Turn(t.speaker, t.text) for t in CALL]
    result = small_scorer.score(untimed)  # greeting is not applicable without times: 30 + 10 of 40
    assert [r.verdict for r in result.criteria] == ["met", "met", "not_applicable"]
    assert result.total == 100.0
    rude = untimed[:-1] + [Turn("agent", "Calm down, thanks.")]
    assert small_scorer.score(rude).total == 75.0  # thanks met (30), rudeness not met (0 of 10)
    late = [Turn(t.speaker, t.text, t.start + 9, t.end + 9) for t in CALL]
    assert small_scorer.score(late).total == 40.0  # greeting at 9.4 s misses its 60


def test_scoring_many_equals_scoring_one_by_one(scorer):
    calls = [CALL, CALL[:5], [Turn("customer", "Hello?")], [], CALL[2:]]
    together = list(scorer.score_many(calls, batch_size=2))
    alone = [scorer.score(call) for call in calls]
    assert [s.to_dict() for s in together] == [s.to_dict() for s in alone]


def test_evidence_names_turn_span_words_and_times(scorer):
    result = scorer.score(CALL)
    empathy = result["empathy"]
    assert empathy.verdict == "met"
    evidence = empathy.evidence[0]
    assert (evidence.turn, evidence.start, evidence.end) == (3, 11.2, 13.5)
    assert CALL[3].text[evidence.start_char : evidence.end_char] == evidence.text
    assert "imagine how stressful" in evidence.text
    mirroring = result["mirroring"]
    assert mirroring.verdict == "met" and mirroring.evidence_turns == [2]
    assert result["satisfaction_asked"].evidence[0].text == "Does that work for you?"


def test_a_dict_round_trip_keeps_everything(scorer):
    data = scorer.score(CALL).to_dict()
    assert set(data) == {"total", "criteria", "metrics"}
    assert {"criterion", "title", "verdict", "confidence", "explanation", "evidence"} <= set(data["criteria"][0])
    assert 0 <= data["total"] <= 100


def test_consecutive_agent_turns_are_one_last_turn(scorer):
    ending = CALL[:7] + [Turn("agent", "Sorry again for all the hassle."), Turn("agent", "Have a great night!")]
    result = scorer.score(ending)["positive_ending"]
    assert result.verdict == "not_met" and result.evidence_turns == [7]
    fine = CALL[:7] + [Turn("agent", "You're all set."), Turn("agent", "Have a great night!")]
    assert scorer.score(fine)["positive_ending"].evidence_turns == [7, 8]


def test_turns_may_be_given_as_dicts(scorer):
    as_dicts = [{"speaker": t.speaker, "text": t.text, "start": t.start, "end": t.end} for t in CALL]
    assert scorer.score(as_dicts).to_dict() == scorer.score(CALL).to_dict()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"speaker": "bot", "text": "hi"}, "speaker must be"),
        ({"speaker": "agent", "text": 3}, "text must be a string"),
        ({"speaker": "agent", "text": "hi", "start": -1.0}, "start must be"),
        ({"speaker": "agent", "text": "hi", "start": 5.0, "end": 2.0}, "before start"),
    ],
)
def test_bad_turns_are_refused(kwargs, message):
    with pytest.raises(TurnError, match=message):
        Turn(**kwargs)


def test_an_unknown_turn_field_is_refused():
    with pytest.raises(TurnError, match="unknown turn field"):
        Turn.from_dict({"speaker": "agent", "text": "hi", "emotion": "calm"})


def test_time_metrics_need_times(scorer):
    untimed = scorer.score([Turn(t.speaker, t.text) for t in CALL])
    for name in ("prompt_greeting", "talk_listen_ratio", "long_silences", "interruptions"):
        assert untimed[name].verdict == "not_applicable"
    assert "agent_talk_share" not in untimed.metrics and untimed.metrics["timed"] is False


def test_time_metrics_on_a_timed_call(scorer):
    result: CallScore = scorer.score(CALL)
    assert result["prompt_greeting"].verdict == "met" and result.metrics["first_agent_seconds"] == 0.4
    assert result["long_silences"].verdict == "met" and result.metrics["long_silences"] == 0
    assert result["interruptions"].verdict == "met" and result.metrics["interruptions"] == 0
    assert result.metrics["agent_talk_share"] == pytest.approx(
        round(sum(t.end - t.start for t in CALL if t.speaker == "agent") / sum(t.end - t.start for t in CALL), 3)
    )


def test_silences_and_talking_over_the_customer_are_counted(scorer):
    turns = [
        Turn("agent", "Hi, thanks for calling.", 0.0, 2.0),
        Turn("customer", "My card was charged twice for one order, and I need the money back.", 2.5, 9.0),
        Turn("agent", "Let me look.", 7.5, 8.5),  # starts 1.5 s before the customer finished
        Turn("customer", "Okay.", 9.5, 10.0),
        Turn("agent", "Right, I've found it.", 22.0, 24.0),  # 12 s of dead air
        Turn("customer", "And?", 24.2, 24.6),
        Turn("agent", "I've refunded the second charge.", 24.3, 26.0),
    ]
    result = scorer.score(turns)
    assert result["long_silences"].verdict == "not_met"
    assert result.metrics["long_silences"] == 1 and result.metrics["longest_silence_seconds"] == 12.0
    assert result["long_silences"].evidence_turns == [4]
    assert result.metrics["interruptions"] == 1  # the 0.3 s overlap at the end is under the threshold
    assert result["interruptions"].evidence_turns == [2]


def test_a_late_or_missing_greeting_is_not_prompt(scorer):
    late = scorer.score([Turn("customer", "Hello? Anyone?", 0.0, 6.0), Turn("agent", "Hi, this is Kim.", 9.0, 10.5)])
    assert late["prompt_greeting"].verdict == "not_met" and late.metrics["first_agent_seconds"] == 9.0
    blunt = scorer.score([Turn("agent", "Account number.", 1.0, 2.0), Turn("customer", "Uh, sure.", 2.5, 3.0)])
    assert blunt["prompt_greeting"].verdict == "not_met"


PATTERNS = """\
name: Patterns
criteria:
  no_hush:
    title: No hushing
    description: The agent never tells the customer to calm or settle down.
    weight: 10
    behaviour: avoid
    detector:
      name: agent_phrases
      settings:
        patterns: [[{LEMMA: {IN: [calm, settle]}}, {LOWER: down}]]
        skip_negated: true
  refund_promise:
    title: Promises a refund
    description: The agent commits to refunding, in the first person.
    weight: 10
    behaviour: show
    detector:
      name: agent_phrases
      settings:
        dependency_patterns:
          - - {RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: refund}}
            - {LEFT_ID: verb, REL_OP: ">", RIGHT_ID: doer, RIGHT_ATTRS: {DEP: nsubj, LOWER: {IN: [i, we]}}}
"""


def test_token_and_dependency_patterns_from_the_rubric(scorer):
    patterned = Scorer(load_rubric(PATTERNS), nlp=scorer.nlp)
    hushed = patterned.score([Turn("customer", "It's broken!"), Turn("agent", "Settle down, I've refunded it.")])
    assert hushed["no_hush"].verdict == "not_met" and hushed["no_hush"].evidence_turns == [1]
    assert hushed["refund_promise"].verdict == "met"
    calm = patterned.score([Turn("customer", "It's broken!"), Turn("agent", "You don't need to calm down, the refund is on us.")])
    assert calm["no_hush"].verdict == "met" and calm["refund_promise"].verdict == "not_met"

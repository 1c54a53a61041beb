"""positive_ending: the agent's last turn — all consecutive agent turns at the end of their speaking, read as one —
closes on thanks, good wishes or a clear next step, and neither apologizes again nor dwells on the problem.
A call where the customer has the last word and the agent never closed is not a positive ending.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from scoring.language import (
    NEGATORS,
    has_negation,
    in_condition,
    is_directive,
    is_negated,
    is_question,
    subject,
)
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import block_sentences, sentence_evidence

FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "should", "going", "gon"})
# "it goes out tomorrow", "it arrives on Friday": the present tense with a time ahead tells a next step.
TIME_AHEAD = frozenset(
    {"tomorrow", "tonight", "soon", "shortly", "later", "next", "within", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "morning", "afternoon", "evening", "week"}
)
COURTESY = "a courtesy reply"
NEXT_STEP = "a clear next step"


@dataclass(frozen=True)
class EndingSettings:
    thanks_words: Words
    wish_phrases: Words
    resolved_phrases: Words
    invitation_phrases: Words
    next_step_verbs: Words
    apology_words: Words
    problem_words: Words
    dwell_markers: Words
    hedge_words: Words
    curt_phrases: Words
    # Added after rubrics were first saved: a rubric without them still loads, and these readings stay off.
    courtesy_replies: Words = field(default_factory=Words)
    hope_words: Words = field(default_factory=Words)


@detectors.register("positive_ending")
class PositiveEnding:
    Settings = EndingSettings
    needs_times = False

    def __init__(self, settings: EndingSettings, context: DetectorContext):
        nlp = context.nlp
        self.thanks = Lexicon(nlp, settings.thanks_words)
        self.wishes = Lexicon(nlp, settings.wish_phrases)
        self.resolved = Lexicon(nlp, settings.resolved_phrases)
        self.courtesy = Lexicon(nlp, settings.courtesy_replies)
        self.invitations = Lexicon(nlp, settings.invitation_phrases)
        self.next_steps = Lexicon(nlp, settings.next_step_verbs)
        self.apology = Lexicon(nlp, settings.apology_words)
        self.problems = Lexicon(nlp, settings.problem_words)
        self.dwell = Lexicon(nlp, settings.dwell_markers)
        self.hedges = Lexicon(nlp, settings.hedge_words)
        self.hopes = Lexicon(nlp, settings.hope_words)
        self.curt = Lexicon(nlp, settings.curt_phrases)

    def judge(self, call: ParsedCall) -> Judgement:
        agent_blocks = call.agent_blocks()
        if not agent_blocks:
            return Judgement("not_met", 0.9, "The agent never spoke, so there is no closing.")
        last = agent_blocks[-1]
        sentences = block_sentences(call, last.turns)
        positives = [(turn, s, why) for turn, s in sentences if (why := self.positive(s))]
        negatives = [(turn, s, why) for turn, s in sentences if (why := self.negative(s))]
        customer_last = call.blocks[-1].speaker == "customer"
        where = f"turn {last.turns[0]}" if len(last.turns) == 1 else f"turns {', '.join(map(str, last.turns))}"
        if not negatives and sentences:
            turn, sentence = sentences[-1]
            if is_question(sentence) and not self.positive(sentence):
                negatives = [(turn, sentence, "ends on a question, so the agent never closed")]
        if negatives:
            turn, sentence, why = negatives[0]
            return Judgement(
                "not_met",
                0.85,
                f"The agent's last turn {why}: {quote(sentence.text)} (turn {turn}).",
                sentence_evidence(call, [(t, s) for t, s, _ in negatives]),
            )
        # A courtesy reply ("you're welcome") does not close on its own; nor, when the customer has the last word,
        # does a next step: the conversation was still going.
        weak = {COURTESY} | ({NEXT_STEP} if customer_last else set())
        if all(why in weak for _, _, why in positives):
            positives = []
        if positives:
            turn, sentence, why = positives[0]
            return Judgement(
                "met",
                0.85 if len(positives) > 1 else 0.75,
                f"The agent's last turn closes with {why}: {quote(sentence.text)} (turn {turn}).",
                sentence_evidence(call, [(t, s) for t, s, _ in positives]),
            )
        closing = "the customer had the last word and the agent never closed" if customer_last else "it is curt"
        return Judgement(
            "not_met",
            0.75,
            f"The agent's last turn ({where}) has no thanks, good wishes or next step; {closing}.",
            sentence_evidence(call, [(turn, call.docs[turn][:]) for turn in last.turns]),
        )

    def positive(self, sentence: Span) -> str | None:
        for start, _ in self.thanks.matches(sentence):
            if not is_negated(sentence.doc[start]):
                return "thanks"
        if any(self.wishes.matches(sentence)) or self._hopes_for_them(sentence):
            return "good wishes"
        if any(self.resolved.matches(sentence)):
            return "the problem resolved"
        if any(self.invitations.matches(sentence)):
            return "an open offer of more help"
        if not is_question(sentence) and any(self._next_step(token) for token in sentence):
            return NEXT_STEP
        if any(self.courtesy.matches(sentence)):
            return COURTESY
        return None

    def _hoped_clauses(self, sentence: Span) -> list[Token]:
        """The clauses a hope is about: "I hope [the rest of your trip goes well]", "hopefully [it won't ...]"."""
        clauses = []
        for start, end in self.hopes.matches(sentence):
            hope = sentence.doc[start:end].root
            if hope.dep_ == "advmod":  # "hopefully it won't happen again"
                clauses.append(hope.head)
            else:
                clauses += [child for child in hope.children if child.dep_ in {"ccomp", "xcomp"}]
        return clauses

    def _hopes_for_them(self, sentence: Span) -> bool:
        """ "I hope the rest of your trip goes smoothly": a hope about the customer's own life."""
        return any(
            not has_negation(clause) and clause.dep_ != "ROOT" and any(t.lower_ in {"you", "your"} for t in clause.subtree)
            for clause in self._hoped_clauses(sentence)
        )

    def _hopes_against(self, sentence: Span) -> bool:
        """ "let's hope it doesn't happen again", "hopefully you won't need us again": hoping the problem stays
        away keeps it in view."""
        return any(
            has_negation(token)
            for clause in self._hoped_clauses(sentence)
            for token in clause.subtree
            if token.pos_ in {"VERB", "AUX"}
        )

    def _next_step(self, verb: Token) -> bool:
        """ "your refund will show in three days", "you'll get an email", "I've sent the label" — not "you'll have
        to call your bank"."""
        if verb.pos_ != "VERB" or verb not in self.next_steps or is_negated(verb) or in_condition(verb):
            return False
        if is_directive(verb) or verb.dep_ == "xcomp":
            return False
        markers = {child.lower_ for child in verb.children if child.dep_ in {"aux", "auxpass"}}
        has_subject = subject(verb) is not None
        if verb.tag_ in {"VBZ", "VBP"} and has_subject and any(t.lower_ in TIME_AHEAD for t in verb.subtree):
            return True
        return has_subject and bool(markers & (FUTURE_MARKERS | {"'ve", "have", "has", "'s"}) or verb.tag_ == "VBG")

    @staticmethod
    def _fails_if(verb: Token) -> bool:
        """ "let us know if it doesn't settle down": a condition that imagines the fix failing."""
        return (
            verb.pos_ in {"VERB", "AUX"}
            and any(child.dep_ == "mark" and child.lower_ in {"if", "unless"} for child in verb.children)
            and has_negation(verb)
        )

    def negative(self, sentence: Span) -> str | None:
        doc = sentence.doc
        for start, _ in self.apology.matches(sentence):
            if not is_negated(doc[start]):
                return "apologizes again"
        if any(self.curt.matches(sentence)):
            return "is negative or curt"
        problems = [doc[start] for start, _ in self.problems.matches(sentence)]
        # "no problem" / "no worries" are courtesies, not the problem.
        problems = [t for t in problems if not any(c.dep_ == "det" and c.lower_ in NEGATORS for c in t.children)]
        if problems and (any(self.dwell.matches(sentence)) or any(is_negated(t) for t in problems)):
            return "dwells on the problem"
        if any(self._fails_if(token) for token in sentence) or self._hopes_against(sentence):
            return "dwells on the problem"
        if any(self.hedges.matches(sentence)) and not any(self.wishes.matches(sentence)):
            return "hedges on whether the problem is solved"
        return None

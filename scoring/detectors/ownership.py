"""ownership: the agent commits, in the first person, to a concrete action that solves the problem ("I've sent a
replacement", "we'll refund the fee today", "let me credit your account") or owns the fault ("that's our
mistake"). The same notion of a commitment turns a cause into context for no_excuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.detectors.common import first_person_actions, sentence_evidence
from scoring.language import NEGATORS, is_negated
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote


@dataclass(frozen=True)
class OwnershipSettings:
    action_verbs: Words
    ownership_phrases: Words


@detectors.register("ownership")
class Ownership:
    Settings = OwnershipSettings
    needs_times = False

    def __init__(self, settings: OwnershipSettings, context: DetectorContext):
        self.actions = Lexicon(context.nlp, settings.action_verbs)
        self.owning = Lexicon(context.nlp, settings.ownership_phrases)

    def judge(self, call: ParsedCall) -> Judgement:
        found = []
        for turn, sentence in call.agent_sentences():
            owns = any(
                not any(t.lower_ in NEGATORS for t in sentence.doc[start:end]) and not is_negated(sentence.doc[start])
                for start, end in self.owning.matches(sentence)
            )
            if owns or first_person_actions([sentence], self.actions):
                found.append((turn, sentence))
        if found:
            turn, sentence = found[0]
            return Judgement(
                "met",
                0.8,
                f"The agent committed to a concrete fix in turn {turn}: {quote(sentence.text)}.",
                sentence_evidence(call, found),
            )
        return Judgement(
            "not_met", 0.7, "The agent never committed, in the first person, to a concrete action that solves the problem."
        )

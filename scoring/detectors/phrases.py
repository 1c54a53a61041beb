"""agent_phrases: a general detector for behaviours a list of phrases and spaCy patterns can describe — thanking,
apologizing, offering alternatives, owning the fix, rude or demanding language, pushing the customer to another
channel. A criterion to *show* is met when an agent sentence matches; one to *avoid* is met when none does.

Grammar still applies: a negated match ("I'm not going to refund") or one inside a condition ("if you need to
...") does not count unless the settings say so, and ``directive_only`` keeps only matches that tell the customer
to act ("you'll have to call your bank", "email us") rather than the agent's own plans ("I'll email you").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from scoring.language import NEGATORS, in_condition, is_directive, is_negated, is_question
from scoring.lexicon import Lexicon
from scoring.patterns import CompiledPatterns
from scoring.pipeline import ParsedCall
from scoring.registry import DependencyPatterns, DetectorContext, Judgement, TokenPatterns, Words, detectors, quote
from scoring.detectors.common import sentence_evidence


@dataclass(frozen=True)
class PhraseSettings:
    phrases: Words = field(default_factory=Words)
    patterns: TokenPatterns = field(default_factory=TokenPatterns)
    dependency_patterns: DependencyPatterns = field(default_factory=DependencyPatterns)
    exclude_phrases: Words = field(default_factory=Words)
    skip_negated: bool = True
    skip_conditions: bool = True
    skip_questions: bool = False
    directive_only: bool = False
    due_when_customer_says: Words = field(default_factory=Words)
    found_message: str = "the agent said it"
    missing_message: str = "the agent never said it"


@detectors.register("agent_phrases")
class AgentPhrases:
    Settings = PhraseSettings
    needs_times = False

    def __init__(self, settings: PhraseSettings, context: DetectorContext):
        nlp = context.nlp
        self.settings = settings
        self.phrases = Lexicon(nlp, settings.phrases)
        self.patterns = CompiledPatterns(nlp.vocab, settings.patterns, settings.dependency_patterns)
        self.excluded = Lexicon(nlp, settings.exclude_phrases)
        self.due_when = Lexicon(nlp, settings.due_when_customer_says)
        self.avoid = context.behaviour == "avoid"

    def judge(self, call: ParsedCall) -> Judgement:
        settings = self.settings
        if self.due_when and not any(
            any(self.due_when.matches(doc)) for turn, doc in zip(call.turns, call.docs) if turn.speaker == "customer"
        ):
            return Judgement("not_applicable", 0.8, "Nothing the customer said called for it.")
        pattern_spans: dict[int, list[Span]] = {}
        found = []
        for turn, sentence in call.agent_sentences():
            if self.patterns and turn not in pattern_spans:
                pattern_spans[turn] = self.patterns.spans(call.docs[turn])
            found += [(turn, sentence, span) for span in self.matches(sentence, pattern_spans.get(turn, []))]
        if found:
            turn, sentence, span = found[0]
            verdict = "not_met" if self.avoid else "met"
            evidence = sentence_evidence(call, [(t, s) for t, s, _ in found])
            return Judgement(
                verdict,
                0.8,
                f"{settings.found_message[:1].upper()}{settings.found_message[1:]} in turn {turn}: "
                f"{quote(sentence.text)}.",
                evidence,
            )
        return Judgement(
            "met" if self.avoid else "not_met",
            0.7,
            f"{settings.missing_message[:1].upper()}{settings.missing_message[1:]}.",
        )

    def matches(self, sentence: Span, pattern_spans: list[Span]) -> list[Span]:
        """What the sentence says that this criterion looks for; ``pattern_spans`` are the turn's pattern matches."""
        settings = self.settings
        if settings.skip_questions and is_question(sentence):
            return []
        doc = sentence.doc
        spans = [doc[start:end] for start, end in self.phrases.matches(sentence)]
        spans += [span for span in pattern_spans if sentence.start <= span.start < sentence.end]
        excluded = [doc[start:end] for start, end in self.excluded.matches(sentence)]
        kept = []
        for span in spans:
            if any(span.start < other.end and other.start < span.end for other in excluded):
                continue
            if settings.skip_negated and not any(t.lower_ in NEGATORS for t in span) and is_negated(span.root):
                continue
            if settings.skip_conditions and in_condition(span.root):
                continue
            if settings.directive_only and not any(is_directive(token) for token in span):
                continue
            kept.append(span)
        return kept

"""no_excuses: the agent never shifts responsibility away from themself and the company.

Three kinds of excuse are found:
- refusal or distancing ("there's nothing I can do", "that's not my department", "not us") and blaming the
  customer ("you should have read the policy"): always excuses;
- attributing the problem to someone else ("that's on the courier", "it's the bank's call", "the courier's
  fault"): always excuses;
- telling the cause as someone else's failure ("the system won't let me", "the courier lost it", "we're
  short-staffed", "because of the weather"): an excuse unless the same agent turn takes ownership with a concrete
  action ("... so I've sent a replacement by express") — then it is a brief factual cause, not an excuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from scoring.language import (
    AUX_DEPS,
    NEGATORS,
    clause_head,
    clause_tokens,
    has_negation,
    in_condition,
    is_first_person,
    is_negated,
    is_question,
    is_second_person,
    subject,
)
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import block_sentences, first_person_actions, sentence_evidence

ATTRIBUTING_SUBJECTS = frozenset({"that", "this", "it", "which"})
COUNTERFACTUAL_MODALS = frozenset({"should", "must", "could", "might", "should've", "must've", "could've"})
HELPLESS_OBJECTS = frozenset({"nothing", "anything", "much", "more", "little"})


def counterfactual(verb: Token) -> bool:
    """What should have happened and did not: "should have", "must've", "could have" + participle."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in AUX_DEPS}
    return verb.tag_ == "VBN" and bool(auxes & COUNTERFACTUAL_MODALS) and bool(auxes & {"have", "'ve"})


def phrase_head(token: Token) -> Token:
    """The noun a modifier belongs to: "billing" in "the billing system" → system."""
    node = token
    while node.dep_ in {"compound", "amod"} and node.head != node:
        node = node.head
    return node


@dataclass(frozen=True)
class ExcuseSettings:
    blame_parties: Words
    blame_things: Words
    failure_words: Words
    strain_words: Words
    responsibility_nouns: Words
    cause_phrases: Words
    refusal_phrases: Words
    customer_blame_phrases: Words
    customer_duty_verbs: Words
    rule_words: Words
    happens_to_you_verbs: Words
    ownership_verbs: Words


@dataclass(frozen=True)
class Excuse:
    turn: int
    sentence: Span
    kind: str
    excusable: bool


@detectors.register("excuses")
class Excuses:
    Settings = ExcuseSettings
    needs_times = False

    def __init__(self, settings: ExcuseSettings, context: DetectorContext):
        nlp = context.nlp
        self.parties = Lexicon(nlp, settings.blame_parties)
        self.things = Lexicon(nlp, settings.blame_things)
        self.failures = Lexicon(nlp, settings.failure_words)
        self.strain = Lexicon(nlp, settings.strain_words)
        self.responsibility = Lexicon(nlp, settings.responsibility_nouns)
        self.causes = Lexicon(nlp, settings.cause_phrases)
        self.refusals = Lexicon(nlp, settings.refusal_phrases)
        self.customer_blame = Lexicon(nlp, settings.customer_blame_phrases)
        self.duties = Lexicon(nlp, settings.customer_duty_verbs)
        self.rules = Lexicon(nlp, settings.rule_words)
        self.happens_to_you = Lexicon(nlp, settings.happens_to_you_verbs)
        self.ownership = Lexicon(nlp, settings.ownership_verbs)

    def judge(self, call: ParsedCall) -> Judgement:
        excuses: list[Excuse] = []
        for block in call.agent_blocks():
            sentences = block_sentences(call, block.turns)
            owned = bool(first_person_actions((s for _, s in sentences), self.ownership))
            for turn, sentence in sentences:
                kind = self.excuse_in(sentence)
                if kind and not (kind[1] and owned):
                    excuses.append(Excuse(turn, sentence, kind[0], kind[1]))
        if excuses:
            first = excuses[0]
            return Judgement(
                "not_met",
                0.85,
                f"The agent {first.kind} in turn {first.turn}: {quote(first.sentence.text)}.",
                sentence_evidence(call, [(e.turn, e.sentence) for e in excuses]),
            )
        return Judgement("met", 0.8, "The agent never blamed anyone else or refused help on someone else's account.")

    def excuse_in(self, sentence: Span) -> tuple[str, bool] | None:
        """(what the excuse does, whether a concrete fix in the same turn makes it a factual cause), or None."""
        if is_question(sentence) and sentence.text.rstrip().endswith("?"):
            return None
        doc = sentence.doc
        if any(self.refusals.matches(sentence)) or self._helpless(sentence) or self._disowns(sentence):
            return "refused help or distanced the company from the problem", False
        if self._blames_customer(sentence) or self._omitted_duty(sentence):
            return "blamed the customer", False
        targets = [doc[start] for lexicon in (self.parties, self.things) for start, _ in lexicon.matches(sentence)]
        for target in sorted(targets, key=lambda t: t.i):
            if in_condition(target):
                continue
            if self._attributes_to(target):
                return "put the responsibility on someone else", False
            if self._failure_of(target) or self._cause_is(target) or self._should_have(target):
                return "blamed someone or something else for the problem", True
        for start, _ in self.strain.matches(sentence):
            token = doc[start]
            head = clause_head(token)
            doer = subject(head)
            party = doer is None or doer.pos_ == "PRON" or self._noun_of(doer) is not None
            if not is_negated(token) and not in_condition(token) and party:
                return "excused the problem by how busy or stretched the company is", True
        return None

    def _helpless(self, sentence: Span) -> bool:
        """ "there's nothing (more) I can do", "I can't do anything about that", "not much we can do"."""
        for token in sentence:
            if token.lemma_ != "do" or not is_first_person(subject(token)):
                continue
            if not any(c.dep_ in AUX_DEPS and c.lemma_ == "can" for c in token.children):
                continue
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if token.dep_ == "relcl" and token.head.lower_ in HELPLESS_OBJECTS:
                negator = token.head.lower_ == "nothing" or is_negated(token.head) or is_negated(token)
                if negator or token.head.lower_ in {"little"}:
                    return True
            if any(o.lower_ in HELPLESS_OBJECTS for o in objects) and (
                is_negated(token) or any(o.lower_ == "nothing" for o in objects)
            ):
                return True
        return False

    def _disowns(self, sentence: Span) -> bool:
        """ "it's not really on our side", "that isn't our department": a negated claim of responsibility (but
        "that's no excuse on our side" owns it)."""
        for token in sentence:
            if token in self.responsibility and any(
                child.dep_ == "poss" and child.lower_ in {"our", "my"} for child in token.children
            ):
                node = token
                while True:
                    if any(child.dep_ == "neg" for child in node.children) or (
                        node == token and has_negation(node)
                    ):
                        return True
                    if node.pos_ in {"VERB", "AUX"} or node.head == node:
                        break
                    node = node.head
        return False

    def _blames_customer(self, sentence: Span) -> bool:
        doc = sentence.doc
        for start, end in self.customer_blame.matches(sentence):
            phrase = doc[start:end]
            if not any(t.lower_ in NEGATORS for t in phrase) and not is_negated(phrase.root):
                return True
        cites_rules = any(self.rules.matches(sentence))
        for verb in sentence:
            if verb.pos_ != "VERB" or not is_second_person(subject(verb)) or is_negated(verb):
                continue
            # "you should have read the policy", "you must have typed it wrong" — not "you should have got an email".
            if counterfactual(verb) and verb not in self.happens_to_you:
                return True
            # "you really should check the size chart before you order" — not "you should check your spam folder".
            modal = any(c.dep_ in AUX_DEPS and c.lower_ in COUNTERFACTUAL_MODALS for c in verb.children)
            if modal and verb.tag_ == "VB" and verb in self.duties and cites_rules:
                return True
        return False

    def _omitted_duty(self, sentence: Span) -> bool:
        """ "you didn't tick the insurance box", "you did agree to the terms": the customer's own step, missed
        or agreed to, held against them."""
        cites_rules = any(self.rules.matches(sentence))
        for verb in sentence:
            if verb.pos_ != "VERB" or verb not in self.duties or not is_second_person(subject(verb)):
                continue
            auxes = {c.lower_ for c in verb.children if c.dep_ in AUX_DEPS}
            past = verb.tag_ == "VBD" or auxes & {"did", "had", "'d"}
            if past and (is_negated(verb) or cites_rules) and not in_condition(verb):
                return True
        return False

    def _noun_of(self, target: Token) -> Token | None:
        """The party a target word names: "the billing system" → system, "the warehouse team" → team; None for
        "the warehouse address", which names a thing, not a party."""
        node = phrase_head(target)
        return node if node == target or node in self.parties or node in self.things else None

    def _attributes_to(self, target: Token) -> bool:
        """ "that's the courier", "that's on the courier", "it's the bank's call", "the courier's fault",
        "that's a system thing"."""
        noun = self._noun_of(target)
        if noun is None:
            noun = phrase_head(target)
            if noun not in self.responsibility:
                return False
        if noun.dep_ == "poss" and noun.head in self.responsibility:
            return not is_negated(noun.head)
        # "that's on the courier" names a party; "it's on the system now" only says where something is.
        on_party = noun.dep_ == "pobj" and noun.head.lower_ == "on" and noun in self.parties
        holder = noun.head if on_party else None
        # "that's the courier" names a party; "that's them" only identifies something.
        named = noun.dep_ in {"attr", "acomp"} and noun.pos_ != "PRON"
        attribute = noun if named else holder
        if attribute is None:
            return False
        verb = attribute.head
        doer = subject(verb)
        return verb.lemma_ == "be" and doer is not None and doer.lower_ in ATTRIBUTING_SUBJECTS and not is_negated(verb)

    def _failure_of(self, target: Token) -> bool:
        """The target is who failed: "the courier lost it", "the system won't let me", "lost by the courier"."""
        noun = self._noun_of(target)
        if noun is None:
            return False
        if noun.dep_ in {"nsubj", "nsubjpass"}:
            head = noun.head
        elif noun.dep_ == "pobj" and noun.head.dep_ == "agent":
            head = noun.head.head
        else:
            return False
        # "the courier should have left a card": what someone else should have done.
        return is_negated(head) or counterfactual(head) or any(t in self.failures for t in clause_tokens(head))

    def _should_have(self, target: Token) -> bool:
        """ "whoever you spoke to should have logged it": the party sits in a clause that is the subject of what
        someone should have done."""
        node = target
        while node.dep_ not in {"csubj", "nsubj", "nsubjpass"} and node.head != node:
            node = node.head
        return node.dep_ == "csubj" and counterfactual(node.head)

    def _cause_is(self, target: Token) -> bool:
        """ "because of the weather", "due to a system error", "with the holidays"."""
        doc = target.doc
        sentence = target.sent
        for start, end in self.causes.matches(sentence):
            if end <= target.i and target.i - end <= 4 and all(not t.is_punct for t in doc[end : target.i]):
                return True
        return False

"""empathy: an agent sentence acknowledges the customer's feelings or the personal impact of the problem.

Found through structure, not phrases: a feeling word is empathy only when it is about the customer ("you must be
so frustrated", "your frustration"), appraises their situation ("that sounds stressful", "what a nightmare"),
sits under the agent's understanding ("I can imagine how upsetting that is"), or is the agent putting themself in
the customer's place ("I'd be furious too"). Negation anywhere above the feeling word cancels it ("I can't
imagine why you'd be upset"), as does a condition ("sorry if you're upset"). An apology counts only when it
names what happened to the customer ("I'm so sorry you missed the party"), never as a formula ("sorry for the
inconvenience") or a dismissal ("sorry you feel that way"). What follows a "but" does not undo the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from scoring.language import (
    AUX_DEPS,
    NEGATORS,
    SCOPE_DEPS,
    clause_head,
    in_condition,
    interrogative_heads,
    is_conditional,
    is_first_person,
    is_negated,
    is_second_person,
    subject,
)
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import sentence_evidence

SITUATION_SUBJECTS = frozenset({"that", "this", "it", "which", "what"})
# "nobody wants to be stuck on hold", "anyone would be fed up": the feeling made universal validates it.
UNIVERSAL_SUBJECTS = frozenset({"nobody", "anyone", "anybody", "everyone", "everybody", "one", "people"})
WH_WORDS = frozenset({"how", "what", "why"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acomp"})


@dataclass(frozen=True)
class EmpathySettings:
    feeling_words: Words
    impact_words: Words
    denied_comforts: Words
    understanding_verbs: Words
    appraisal_verbs: Words
    identification_phrases: Words
    apology_words: Words
    dismissive_verbs: Words
    generic_complements: Words


@detectors.register("empathy")
class Empathy:
    Settings = EmpathySettings
    needs_times = False

    def __init__(self, settings: EmpathySettings, context: DetectorContext):
        nlp = context.nlp
        self.feelings = Lexicon(nlp, settings.feeling_words)
        self.impact = Lexicon(nlp, settings.impact_words)
        self.denied_comforts = Lexicon(nlp, settings.denied_comforts)
        self.understanding = Lexicon(nlp, settings.understanding_verbs)
        self.appraisal = Lexicon(nlp, settings.appraisal_verbs)
        self.identification = Lexicon(nlp, settings.identification_phrases)
        self.apology = Lexicon(nlp, settings.apology_words)
        self.dismissive = Lexicon(nlp, settings.dismissive_verbs)
        self.generic = Lexicon(nlp, settings.generic_complements)

    def judge(self, call: ParsedCall) -> Judgement:
        found: list[tuple[int, Span, str]] = []
        formulas: list[tuple[int, Span]] = []
        for turn, sentence in call.agent_sentences():
            asked = {t.i for head in interrogative_heads(sentence) for t in head.subtree}
            reason = self.acknowledgement(sentence, asked)
            if reason:
                found.append((turn, sentence, reason))
            elif any(self.apology.matches(sentence)):
                formulas.append((turn, sentence))
        if found:
            turn, sentence, reason = found[0]
            return Judgement(
                "met",
                0.9,
                f"The agent {reason} in turn {turn}: {quote(sentence.text)}.",
                sentence_evidence(call, [(t, s) for t, s, _ in found]),
            )
        if formulas:
            turn, sentence = formulas[0]
            return Judgement(
                "not_met",
                0.75,
                f"The agent only apologized as a formula ({quote(sentence.text, 60)}, turn {turn}) and never "
                "acknowledged how the customer felt or how the problem affected them.",
            )
        return Judgement("not_met", 0.85, "No agent turn acknowledges how the customer feels or how the problem affects them.")

    def acknowledgement(self, sentence: Span, asked: set[int]) -> str | None:
        """How the sentence acknowledges the customer's feelings, or None."""
        for start, _ in self.feelings.matches(sentence):
            feeling = sentence.doc[start]
            if feeling.i not in asked and not is_negated(feeling) and not in_condition(feeling):
                if self._feeling_is_theirs(feeling):
                    return "acknowledged the customer's feelings"
        for token in sentence:
            if token.i in asked:
                continue
            if token in self.understanding and self._understands_impact(token):
                return "showed understanding of what the problem means to the customer"
            if token in self.apology and self._apology_names_impact(token):
                return "apologized for what the problem did to the customer"
        for start, end in self.denied_comforts.matches(sentence):
            phrase = sentence.doc[start:end]
            if start not in asked and (self._comfort_denied(phrase.root) or self._comfort_denied(phrase[0])):
                return "acknowledged how hard this is for the customer"
        for start, end in self.identification.matches(sentence):
            phrase = sentence.doc[start:end]
            negated = not any(t.lower_ in NEGATORS for t in phrase) and is_negated(phrase.root)
            if start not in asked and not negated and not in_condition(phrase.root):
                return "put themself in the customer's place"
        return None

    def _feeling_is_theirs(self, feeling: Token) -> bool:
        # "that sounds exhausting": a feeling in the complement of a verb belongs to that verb's clause.
        predicative = feeling.dep_ in {"amod", "acomp", "attr", "oprd", "xcomp"}
        head = feeling if feeling.pos_ in {"VERB", "AUX"} and not predicative else clause_head(feeling.head if predicative else feeling)
        doer = subject(head)
        if any(child.lower_ in {"your", "you"} for child in feeling.children):
            return True  # "your frustration", "upset you"
        if any(child.lower_ in {"what", "such"} for child in feeling.head.children) or any(
            child.lower_ in {"what", "such"} for child in feeling.children
        ):
            return True  # "what a nightmare", "such a stressful week"
        if self._under_understanding(feeling):
            return True  # "I understand your frustration", "I can imagine how upsetting that is"
        if doer is None:
            return False
        if is_second_person(doer) or any(is_second_person(child) for child in doer.children):
            return True  # "you must be so frustrated", "your week sounds stressful"
        if is_first_person(doer):
            return is_conditional(head)  # "I'd be furious too", not "I'm annoyed with the system"
        if doer.lower_ in UNIVERSAL_SUBJECTS or (doer.lower_ == "one" and any(c.lower_ == "no" for c in doer.children)):
            return True
        if doer.lower_ in SITUATION_SUBJECTS or doer.dep_ in {"csubj", "csubjpass"}:
            return True  # "that sounds stressful", "finding payments you didn't make is frightening"
        # "the whole week sounds awful", "the delay must have been frustrating" — not "the weather was terrible".
        return head in self.appraisal or any(c.dep_ in AUX_DEPS and c.lower_ == "must" for c in head.children)

    def _comfort_denied(self, comfort: Token) -> bool:
        """ "that can't have been easy (for you)", "this isn't what you wanted to hear" — not "it's not easy to
        find the serial number"."""
        if not is_negated(comfort) or in_condition(comfort):
            return False
        head = clause_head(comfort)
        doer = subject(head)
        for_you = any(is_second_person(t) for t in comfort.doc[comfort.i + 1 : comfort.i + 4])
        # "it's not easy to find the serial number" judges a task, not the customer's experience.
        if not for_you and comfort.pos_ == "ADJ" and any(
            child.dep_ in {"xcomp", "ccomp"} and any(c.lower_ == "to" for c in child.children)
            for owner in (comfort, head)
            for child in owner.children
        ):
            return False
        return for_you or (doer is not None and (doer.lower_ in SITUATION_SUBJECTS or is_second_person(doer)))

    def _under_understanding(self, token: Token) -> bool:
        node = token
        while node.dep_ in SCOPE_DEPS and node.head != node:
            node = node.head
            if node in self.understanding and node.pos_ == "VERB":
                doer = subject(node)
                return doer is None or is_first_person(doer)
        return False

    def _understands_impact(self, verb: Token) -> bool:
        """ "I know how much this trip meant to you", "I can only imagine what you've been through"."""
        if verb.pos_ != "VERB" or is_negated(verb) or in_condition(verb):
            return False
        doer = subject(verb)
        if doer is not None and not is_first_person(doer):
            return False
        for complement in verb.children:
            if complement.dep_ not in {"ccomp", "xcomp"}:
                continue
            if self._how_it_is(complement):
                return True
            words = list(complement.subtree)
            if not any(is_second_person(t) for t in words):
                continue
            if any(self.impact.matches(words)):
                return True
            if complement not in self.generic and any(t.lower_ in WH_WORDS and t.i < complement.i for t in words):
                return True
        return False

    @staticmethod
    def _how_it_is(complement: Token) -> bool:
        """ "I can imagine how maddening that is", whatever the word (speech-to-text garbles the rarer ones):
        "how" + the complement of "be / sound / seem / feel", said of the situation or of the customer."""
        doer = subject(complement)
        if doer is None or not (doer.lower_ in SITUATION_SUBJECTS or is_second_person(doer)):
            return False
        if complement.lemma_ not in {"be", "sound", "seem", "feel", "look", "get"}:
            return False  # "I know how long it takes" is about time, not about how it feels
        return any(
            token.lower_ == "how" and token.head.dep_ in {"acomp", "attr"} and token.head.head == complement
            for token in complement.subtree
        )

    def _apology_names_impact(self, apology: Token) -> bool:
        """ "I'm sorry you had to go through that", "so sorry to hear about your dad" — not "sorry you feel that way"."""
        if is_negated(apology):
            return False
        owners = [apology] + ([apology.head] if apology.dep_ in {"acomp", "amod", "intj"} else [])
        complements = [c for owner in owners for c in owner.children if c.dep_ in COMPLEMENT_DEPS and c != apology]
        if apology.dep_ == "intj":
            complements.append(apology.head)  # "Sorry you had to wait": the apology hangs off the clause itself.
        for complement in complements:
            if complement.pos_ not in {"VERB", "AUX"} or in_condition(complement) or complement in self.dismissive:
                continue
            if complement.dep_ == "xcomp":  # "sorry to hear about your dad"
                if any(t.lower_ == "your" for t in complement.subtree):
                    return True
                continue
            doer = subject(complement)
            if doer is not None and (is_second_person(doer) or any(is_second_person(c) for c in doer.children)):
                return True
        return False

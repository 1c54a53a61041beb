"""empathy: an agent sentence acknowledges the customer's feelings or the personal impact of the problem.

Found through structure, not phrases: a feeling word is empathy only when it is about the customer ("you must be
so frustrated", "your frustration"), appraises their situation ("that sounds stressful", "what a nightmare"),
sits under the agent's understanding ("I can imagine how upsetting that is"), or is the agent putting themself in
the customer's place ("I'd be furious too"). Without a feeling word, the personal impact counts when it is what
the problem did to the customer ("that threw your whole week off", an idiom wrapped around "you"/"your") or how much
they have to carry ("that's a lot to cope with"). Negation anywhere above the feeling word cancels it ("I can't
imagine why you'd be upset"), as does a condition ("sorry if you're upset"). An apology counts only when it
names what happened to the customer ("I'm so sorry you missed the party"), never as a formula ("sorry for the
inconvenience") or a dismissal ("sorry you feel that way"). What follows a "but" does not undo the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from scoring.language import (
    AUX_DEPS,
    NEGATORS,
    SCOPE_DEPS,
    SUBJECT_DEPS,
    clause_head,
    condition_clause,
    in_condition,
    interrogative_heads,
    is_conditional,
    is_first_person,
    is_negated,
    is_second_person,
    subject,
)
from scoring.lexicon import Lexicon, VerbIdioms
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import sentence_evidence

SITUATION_SUBJECTS = frozenset({"that", "this", "it", "which", "what"})
# "nobody wants to be stuck on hold", "anyone would be fed up": the feeling made universal validates it.
UNIVERSAL_SUBJECTS = frozenset({"nobody", "anyone", "anybody", "everyone", "everybody", "one", "people"})
WH_WORDS = frozenset({"how", "what", "why"})
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acomp"})
# "sorry to hear you've been ill": what the agent learns about the customer ("sorry to keep you waiting" is not).
NEWS_VERBS = frozenset({"hear", "learn", "read", "see", "find"})
# "a lot to cope with", "so much to deal with": how much the customer has to carry.
QUANTITIES = frozenset({"lot", "lots", "much", "deal", "plenty", "load", "loads"})
# "nothing to worry about", "one less thing to worry about": a feeling the agent takes away, not acknowledges.
LESSENING = frozenset({"less", "nothing", "anything", "fewer", "little"})
# "it's hard to say", "tricky to find": with a to-infinitive these judge a task, unless the customer is in view.
DIFFICULTY = frozenset({"hard", "difficult", "tough", "tricky"})
# Said with "would", an impact on "anyone" validates the customer's reaction ("that would knock anyone for six").
UNIVERSAL_OBJECTS = frozenset({"anyone", "anybody", "everyone", "everybody"})
# An impact that may yet happen ("this can mess up your settings", "it'll spoil your food") is a warning.
POTENTIAL_MODALS = frozenset({"will", "'ll", "shall", "can", "ca", "could", "may", "might", "going", "gon"})


def infinitive_complements(*owners: Token) -> list[Token]:
    """The to-infinitives the words complement: "hard [to find]", "easy [to miss]"."""
    return [
        child
        for owner in owners
        for child in owner.children
        if child.dep_ in {"xcomp", "ccomp"} and any(c.lower_ == "to" for c in child.children)
    ]


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
    # Added after rubrics were first saved: a rubric without them still loads, and these readings stay off.
    impact_idioms: Words = field(default_factory=Words)
    affecting_verbs: Words = field(default_factory=Words)
    coping_verbs: Words = field(default_factory=Words)


@detectors.register("empathy")
class Empathy:
    Settings = EmpathySettings
    needs_times = False

    def __init__(self, settings: EmpathySettings, context: DetectorContext):
        nlp = context.nlp
        self.feelings = Lexicon(nlp, settings.feeling_words)
        self.impact = Lexicon(nlp, settings.impact_words)
        self.impact_idioms = VerbIdioms(nlp, settings.impact_idioms)
        self.coping = Lexicon(nlp, settings.coping_verbs)
        self.affecting = Lexicon(nlp, settings.affecting_verbs)
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
        for start, end in self.feelings.matches(sentence):
            phrase = sentence.doc[start:end]
            feeling = phrase.root
            if start in asked or is_negated(feeling) or in_condition(feeling) or self._lessened(feeling):
                continue
            if self._hyphenated(phrase) or feeling.dep_ == "compound":
                continue  # "a hard-shell case", "stress levels", "the rubbish bin": part of another word
            # "a lot on your plate", "your hands full": the idiom itself names the customer.
            if any(is_second_person(t) for t in phrase) or self._feeling_is_theirs(feeling):
                return "acknowledged the customer's feelings"
        for verb in self.impact_idioms.verbs(sentence):
            if verb.i not in asked and self._impact_on_them(verb):
                return "acknowledged what the problem did to the customer"
        if any(token.i not in asked and self._surmised_impact(token) for token in sentence):
            return "acknowledged what the problem did to the customer"
        for start, _ in self.coping.matches(sentence):
            if start not in asked and self._burden(sentence.doc[start]):
                return "acknowledged how much the customer has to cope with"
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
            if start not in asked and not negated and not self._other_condition(phrase.root):
                return "put themself in the customer's place"
        return None

    @staticmethod
    def _other_condition(token: Token) -> bool:
        """An "if" that is not the agent imagining themself in the customer's place: "if I were in your shoes"
        and "if it were me" are the identification itself."""
        condition = condition_clause(token)
        return condition is not None and not any(is_first_person(t) for t in condition.subtree)

    @staticmethod
    def _hyphenated(phrase: Span) -> bool:
        doc = phrase.doc
        before = doc[phrase.start - 1] if phrase.start > 0 else None
        after = doc[phrase.end] if phrase.end < len(doc) else None
        return (after is not None and after.text == "-" and not phrase[-1].whitespace_) or (
            before is not None and before.text == "-" and not before.whitespace_
        )

    @staticmethod
    def _lessened(feeling: Token) -> bool:
        """ "nothing to worry about", "you'll have a lot less to worry about": the agent removes the feeling."""
        if not any(child.dep_ == "aux" and child.lower_ == "to" for child in feeling.children):
            return False
        quantities = [feeling.head] + [child for child in feeling.head.children if child.dep_ == "dobj"]
        return any(word.lower_ in LESSENING or any(c.lower_ in LESSENING for c in word.children) for word in quantities)

    def _impact_on_them(self, verb: Token) -> bool:
        """ "that must have thrown your whole week off", "sorry it's put a damper on your anniversary", "that would
        knock anyone for six" — what the problem did to the customer; not a warning ("this can mess up your
        settings"), a plan or the agent's own doing."""
        if is_negated(verb) or in_condition(verb):
            return False
        auxes = {child.lower_ for child in verb.children if child.dep_ in AUX_DEPS}
        if auxes & POTENTIAL_MODALS:
            return False
        doer = subject(verb)
        if is_first_person(doer) or is_second_person(doer):
            return False
        subjects = {t.i for child in verb.children if child.dep_ in SUBJECT_DEPS for t in child.subtree}
        affected = [t for t in verb.subtree if t.i not in subjects and t != verb]
        if any(is_second_person(t) for t in affected):
            return True
        return is_conditional(verb) and any(t.lower_ in UNIVERSAL_OBJECTS for t in affected)

    def _surmised_impact(self, verb: Token) -> bool:
        """ "that must have given you a real jolt", "this must have cost you hours": the agent working out what the
        problem did to the customer, said of the situation ("that", "this") with "you" as its object."""
        if verb.pos_ != "VERB" or verb not in self.affecting or is_negated(verb) or in_condition(verb):
            return False
        auxes = {child.lower_ for child in verb.children if child.dep_ in AUX_DEPS}
        if not ({"must", "must've"} & auxes and {"have", "'ve", "must've"} & auxes):
            return False
        doer = subject(verb)
        aimed = any(child.dep_ in {"dobj", "dative"} and is_second_person(child) for child in verb.children)
        return aimed and doer is not None and doer.lower_ in {"that", "this"} and doer.dep_ == "nsubj"

    @staticmethod
    def _burden(verb: Token) -> bool:
        """ "that's a lot to cope with", "you've had so much to deal with": a quantity the customer has to carry —
        not the agent's own workload ("we've got a lot to get through") nor "there's a lot to cover"."""
        if not any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children):
            return False
        head = verb.head
        quantities = [head] + [child for child in head.children if child.dep_ in {"dobj", "attr"}]
        quantity = next((word for word in quantities if word.lemma_ in QUANTITIES), None)
        if quantity is None or is_negated(quantity) or in_condition(quantity):
            return False
        doer = subject(clause_head(quantity))
        return not is_first_person(doer) and (doer is None or doer.dep_ != "expl")

    def _feeling_is_theirs(self, feeling: Token) -> bool:
        if self._judges_task(feeling):
            return False
        # "that sounds exhausting": a feeling in the complement of a verb belongs to that verb's clause.
        predicative = feeling.dep_ in {"amod", "acomp", "attr", "oprd", "xcomp"}
        head = feeling if feeling.pos_ in {"VERB", "AUX"} and not predicative else clause_head(feeling.head if predicative else feeling)
        doer = subject(head)
        if any(child.lower_ in {"your", "you"} for child in feeling.children):
            return True  # "your frustration", "upset you"
        if self._for_them(feeling):
            return True  # "so much harder for you", "really stressful for you both"
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

    def _judges_task(self, feeling: Token) -> bool:
        """ "it's hard to say exactly" rates a task; "it's hard to stay calm when your flight's cancelled" and "it's
        tough to juggle all that" (coping) do not."""
        if feeling.lemma_ not in DIFFICULTY:
            return False
        owners = (feeling, feeling.head) if feeling.dep_ in {"acomp", "attr", "amod"} else (feeling,)
        task = any(verb not in self.coping for verb in infinitive_complements(*owners))
        return task and not any(is_second_person(t) for t in feeling.sent)

    @staticmethod
    def _for_them(feeling: Token) -> bool:
        """ "harder for you" is about the customer; "hard for you to find" judges a task."""
        for_you = any(
            child.dep_ == "prep" and child.lower_ == "for" and any(is_second_person(g) for g in child.children)
            for child in feeling.children
        )
        return for_you and not infinitive_complements(feeling)

    def _comfort_denied(self, comfort: Token) -> bool:
        """ "that can't have been easy (for you)", "this isn't what you wanted to hear" — not "it's not easy to
        find the serial number"."""
        if not is_negated(comfort) or in_condition(comfort):
            return False
        head = clause_head(comfort)
        doer = subject(head)
        for_you = any(is_second_person(t) for t in comfort.doc[comfort.i + 1 : comfort.i + 4])
        # "it's not easy to find the serial number" judges a task, not the customer's experience.
        if not for_you and comfort.pos_ == "ADJ" and infinitive_complements(comfort, head):
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
            if complement.dep_ == "xcomp":  # "sorry to hear about your dad", "sorry to hear you've been unwell"
                news = complement.lemma_ in NEWS_VERBS
                if any(t.lower_ == "your" or (news and is_second_person(t)) for t in complement.subtree):
                    return True
                continue
            doer = subject(complement)
            if doer is not None and (is_second_person(doer) or any(is_second_person(c) for c in doer.children)):
                return True
        return False

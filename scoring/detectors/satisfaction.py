"""satisfaction_asked: the agent *asks* whether the solution works for the customer or whether they need anything
else. A question is recognised by its word order as well as by "?" (speech-to-text drops question marks);
statements such as "let us know if you need anything else" are not questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from scoring.language import (
    DISCOURSE,
    FINITE_AUX_TAGS,
    QUESTION_AUX,
    clause_head,
    is_first_person,
    is_negated,
    is_question,
    is_second_person,
    question_scope,
    subject,
)
from scoring.lexicon import Lexicon, VerbIdioms
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import sentence_evidence

REFERRING_PRONOUNS = frozenset({"that", "this", "it", "everything", "all", "you", "which"})
# "would that suit her?", "is that alright for him?": asked on behalf of the person the customer calls for.
THIRD_PARTY_OBJECTS = frozenset({"her", "him", "them"})


def addressee(token: Token) -> bool:
    """The customer, or the person they are calling for, as the one a check is aimed at."""
    return is_second_person(token) or (token.lower_ in THIRD_PARTY_OBJECTS and token.tag_ == "PRP")  # not "her name"
COMPLETED = frozenset({"VBD", "VBN"})
ATTRIBUTIVE = frozenset({"amod", "compound", "nmod", "poss", "det"})


@dataclass(frozen=True)
class SatisfactionSettings:
    more_words: Words
    open_words: Words
    check_verbs: Words
    state_words: Words
    solution_nouns: Words
    not_about: Words
    # Added after rubrics were first saved: a rubric without them still loads, and these readings stay off.
    check_idioms: Words = field(default_factory=Words)


@detectors.register("satisfaction_question")
class SatisfactionQuestion:
    Settings = SatisfactionSettings
    needs_times = False

    def __init__(self, settings: SatisfactionSettings, context: DetectorContext):
        nlp = context.nlp
        self.more = Lexicon(nlp, settings.more_words)
        self.open = Lexicon(nlp, settings.open_words)
        self.check_verbs = Lexicon(nlp, settings.check_verbs)
        self.check_idioms = VerbIdioms(nlp, settings.check_idioms)
        self.states = Lexicon(nlp, settings.state_words)
        self.solutions = Lexicon(nlp, settings.solution_nouns)
        self.not_about = Lexicon(nlp, settings.not_about)

    def judge(self, call: ParsedCall) -> Judgement:
        found: list[tuple[int, Span]] = []
        sentences = call.agent_sentences()
        late = len(call.turns) / 2
        for position, (turn, sentence) in enumerate(sentences):
            if any(self.not_about.matches(sentence)) or self._procedure_nearby(sentences, position):
                continue
            if not is_question(sentence):
                if self._elliptical_offer(sentence):
                    found.append((turn, sentence))
                continue
            scope = question_scope(sentence)
            if self._offers_more(scope, turn >= late) or self._checks_solution(scope, sentence):
                found.append((turn, sentence))
        if found:
            turn, sentence = found[0]
            return Judgement(
                "met",
                0.9 if sentence.text.rstrip().endswith("?") else 0.75,
                f"The agent asked whether the customer was satisfied or needed more in turn {turn}: "
                f"{quote(sentence.text)}.",
                sentence_evidence(call, found),
            )
        return Judgement(
            "not_met",
            0.8,
            "The agent never asked, as a question, whether the solution works or whether anything else is needed.",
        )

    def _offers_more(self, scope: list[Token], late: bool) -> bool:
        """ "anything else?", "any other questions?", "what more can I do?", "another way I can help?" — and,
        in the second half of the call, "is there anything I can do for you?" without the "else"."""
        for token in scope:
            if token in self.more and not is_negated(token):
                before = token.doc[token.i - 1] if token.i > 0 else token
                if token.head in self.open or before in self.open:
                    return True
        if late:
            return any(token.lower_ in {"anything", "something"} and not is_negated(token) for token in scope)
        return False

    @staticmethod
    def _completed(verb: Token) -> bool:
        """The agent asks about what they did: "have I answered", "did I answer", "was I able to resolve"."""
        node = verb
        for _ in range(4):
            if node.tag_ in COMPLETED or any(
                c.dep_ in {"aux", "auxpass"} and (c.lower_ in {"'ve", "have"} or c.tag_ == "VBD") for c in node.children
            ):
                return True
            if node.dep_ not in {"xcomp", "acomp"} or node.head == node:
                return False
            node = node.head
        return False

    def _procedure_nearby(self, sentences: list[tuple[int, Span]], position: int) -> bool:
        """A bare "is that okay?" asks about the procedure named next to it ("... put you on hold, is that okay?")."""
        turn, sentence = sentences[position]
        words = [t for t in sentence if not t.is_punct and t.lower_ not in DISCOURSE]
        if len(words) > 4 or not any(t.lower_ in {"that", "this", "it"} for t in words):
            return False
        neighbours = [s for t, s in sentences[max(position - 1, 0) : position + 2] if t == turn and s != sentence]
        return any(any(self.not_about.matches(s)) for s in neighbours)

    def _elliptical_offer(self, sentence: Span) -> bool:
        """ "anything else I can help with today" without its "is there": the sentence opens with the offer."""
        words = [token for token in sentence if not token.is_punct and token.lower_ not in DISCOURSE]
        return len(words) >= 2 and words[0] in self.open and words[1] in self.more and words[0].pos_ == "PRON"

    def _checks_solution(self, scope: list[Token], sentence: Span) -> bool:
        """ "does that solve it?", "are you happy with that?", "have I answered your questions?" """
        doc = sentence.doc
        checks = {doc[start] for start, _ in self.check_verbs.matches(scope)}
        # "can you put it right for me?" asks the customer to act; the agent's check is about what was done.
        checks.update(
            verb
            for verb in self.check_idioms.verbs(sentence)
            if verb.i in {t.i for t in scope} and not is_second_person(subject(verb))
        )
        # A state word counts as said of something ("are you happy", "is that all"), not as a noun's modifier
        # ("the best number", "the right email") unless the noun is the solution ("an acceptable outcome").
        states = {
            doc[start]
            for start, _ in self.states.matches(scope)
            if doc[start].dep_ not in ATTRIBUTIVE or doc[start].head in self.solutions  # "an acceptable outcome"
        }
        for token in sorted(checks | states, key=lambda t: t.i):
            is_check = token in checks
            if is_negated(token):
                continue
            head = token if token.pos_ in {"VERB", "AUX"} else clause_head(token)
            # A check word the tagger took for a noun ("would that work for you") has no clause of its own.
            doer = subject(head) if not is_check or token.pos_ in {"VERB", "AUX"} else None
            if doer is None:
                # "sound good?", "all set?": an elliptical check, with its question mark.
                opening = [t.i for t in sentence if not t.is_punct and t.lower_ not in DISCOURSE][:2]
                if sentence.text.rstrip().endswith("?") and token.i in opening:
                    return True
                # The parse lost the subject ("would a replacement by Friday work for you?"): the check word
                # aimed straight at the customer still asks them, unless the agent is the one doing ("how can I
                # help you?").
                aimed = doc[token.i + 1 : token.i + 3]
                asked_of = doc[max(token.i - 2, 0) : token.i]  # "does that help", "would it work"
                opens = len(asked_of) == 2 and asked_of[0].lemma_ in QUESTION_AUX and asked_of[0].tag_ in FINITE_AUX_TAGS
                if is_check and opens and asked_of[1].lower_ in REFERRING_PRONOUNS:
                    return True
                if is_check and any(addressee(t) for t in aimed) and not any(
                    is_first_person(t) for t in scope if t.i < token.i
                ):
                    return True
                # "is the new time okay for you?" parsed without its subject: a copular question, the state aimed
                # at the customer.
                first = next((t for t in sentence if not t.is_punct and t.lower_ not in DISCOURSE), None)
                copular = first is not None and first.lemma_ == "be" and first.i < token.i
                if not is_check and copular and any(addressee(t) for t in aimed):
                    return True
                continue
            if is_first_person(doer):
                # "have I answered everything?", "are we all good?" count; "how can I help?" is the opening offer.
                completed = self._completed(token)
                if (is_check and completed) or (not is_check and doer.lower_ == "we"):
                    return True
                continue
            if doer.lower_ in REFERRING_PRONOUNS:
                return True
            if any(child.tag_ in {"WDT", "WP"} for child in doer.children):
                continue  # "which day works for you?" asks for a choice, not whether the solution works
            # "does the new date work for you?", "is Friday okay with you?"
            aimed = any(addressee(t) for t in doc[token.i + 1 : token.i + 3])
            if doer.pos_ in {"NOUN", "PROPN"} and (aimed or (is_check and token.pos_ == "VERB" and any(
                is_second_person(t) for t in sentence
            ))):
                return True
        return False

"""mirroring: an agent sentence restates the customer's specific problem — it refers back to the concrete content
the customer gave (the item, the charge, the date, what went wrong).

Content is compared by lemma (and by a short stem, so "delivered" meets "delivery") against what the customer said
before that turn, leaving out identifiers (order numbers, spelled-out emails) and words every call shares. A
restating cue ("just to confirm", "it sounds like", "so you ...") lowers how much shared content is needed; a
generic acknowledgement ("I see", "got it") shares nothing and so never counts, and a sentence where the agent
announces their own action ("so I've refunded the shipping") is a solution, not a restatement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from spacy.tokens import Doc, Span

from scoring.language import DISCOURSE, NEGATORS, is_first_person, is_negated, subject
from scoring.lexicon import Lexicon, doc_keys
from scoring.pipeline import ParsedCall
from scoring.registry import Concepts, DetectorContext, Judgement, Range, Words, detectors, quote
from scoring.detectors.common import sentence_evidence

FUTURE = frozenset({"will", "'ll", "shall", "gon", "going"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
STEM = 5
IDENTIFIER_RUN = 3
IDENTIFIERS = "qa_scoring_identifiers"


@dataclass(frozen=True)
class MirroringSettings:
    cue_phrases: Words
    opening_cues: Words
    generic_words: Words
    spelling_words: Words
    concepts: Concepts
    understanding_verbs: Words
    confirmation_tags: Words
    identifier_nouns: Words
    solution_verbs: Words
    min_shared_with_cue: Annotated[int, Range(1, 20)] = 1
    min_shared_with_opening_cue: Annotated[int, Range(1, 20)] = 3
    min_shared_without_cue: Annotated[int, Range(1, 30)] = 5


@dataclass(frozen=True)
class Restatement:
    turn: int
    sentence: Span
    shared: tuple[str, ...]
    cued: bool


def stem(word: str) -> str:
    return word[:STEM] if len(word) > STEM else word


@detectors.register("mirroring")
class Mirroring:
    Settings = MirroringSettings
    needs_times = False

    def __init__(self, settings: MirroringSettings, context: DetectorContext):
        nlp = context.nlp
        self.settings = settings
        self.cues = Lexicon(nlp, settings.cue_phrases)
        self.opening_cues = Lexicon(nlp, settings.opening_cues)
        self.generic = Lexicon(nlp, settings.generic_words)
        self.spelling = Lexicon(nlp, settings.spelling_words)
        self.concepts = {name: Lexicon(nlp, words) for name, words in settings.concepts.items()}
        self.understanding = Lexicon(nlp, settings.understanding_verbs)
        self.tags = Lexicon(nlp, settings.confirmation_tags)
        self.identifiers = Lexicon(nlp, settings.identifier_nouns)
        self.solutions = Lexicon(nlp, settings.solution_verbs)

    def judge(self, call: ParsedCall) -> Judgement:
        heard: dict[str, str] = {}  # stem -> the customer's word, for the explanation
        heard_concepts: set[str] = set()
        found: list[Restatement] = []
        greeting = self.greeting_words(call)
        for index, (turn, doc) in enumerate(zip(call.turns, call.docs)):
            if turn.speaker == "customer":
                heard.update((key, word) for key, word in self.content(doc).items() if key not in greeting)
                heard_concepts.update(concept for concept, _ in self._doc_concepts(doc))
                continue
            if not heard:
                continue
            carried = False
            previous: Span | None = None
            for sentence in doc.sents:
                restatement = self.restates(sentence, heard, heard_concepts, index, carried)
                if restatement is None and previous is not None and self._continues(sentence):
                    # "so no signal since Sunday | and it's hitting your work calls": speech-to-text without
                    # punctuation splits one restatement in two; read the pair as one.
                    restatement = self.restates(doc[previous.start : sentence.end], heard, heard_concepts, index)
                if restatement:
                    found.append(restatement)
                # "Let me make sure I've got this right." announces the restatement in the next sentence.
                carried = restatement is None and self._cued(sentence)
                previous = None if restatement else sentence
        if found:
            best = max(found, key=lambda r: (r.cued, len(r.shared)))
            words = ", ".join(best.shared[:4])
            return Judgement(
                "met",
                0.85 if best.cued else 0.7,
                f"The agent restated the customer's problem in turn {best.turn} ({words}): {quote(best.sentence.text)}.",
                sentence_evidence(call, [(r.turn, r.sentence) for r in found]),
            )
        return Judgement(
            "not_met",
            0.7,
            "The agent never restated the customer's specific problem; acknowledgements and read-backs of an order "
            "number do not mirror.",
        )

    def greeting_words(self, call: ParsedCall) -> set[str]:
        """Content the agent said before the customer spoke — the company, the agent's name, the department. The
        customer saying it again ("is this Acme?") is not their problem, so the agent echoing it is no restatement."""
        words: set[str] = set()
        for turn, doc in zip(call.turns, call.docs):
            if turn.speaker == "customer":
                break
            words.update(self.content(doc))
        return words

    def restates(
        self, sentence: Span, heard: dict[str, str], heard_concepts: set[str], turn: int, carried: bool = False
    ) -> Restatement | None:
        """The sentence as a restatement of what was heard, or None. Shared items are the customer's words said
        again, plus the customer's concepts said in other words ("coat" for "jacket", "colour" for "green")."""
        said = self.content(sentence)
        shared = [heard[key] for key in said if key in heard]
        for concept, position in self._doc_concepts(sentence.doc):
            if sentence.start <= position < sentence.end and concept in heard_concepts and concept not in shared:
                if stem(doc_keys(sentence.doc)[position][1]) not in heard:
                    shared.append(concept)
        shared = tuple(dict.fromkeys(shared))
        if not shared or self._reads_back(sentence):
            return None
        settings = self.settings
        cued = carried or self._cued(sentence)
        if self._announces_action(sentence, cued) or self._looks_ahead(sentence) or self._reports_fix(sentence, cued):
            return None
        if cued:
            needed = settings.min_shared_with_cue
        elif self._opens_with_cue(sentence):
            needed, cued = settings.min_shared_with_opening_cue, True
        else:
            needed = settings.min_shared_without_cue
        return Restatement(turn, sentence, shared, cued) if len(shared) >= needed else None

    @staticmethod
    def _continues(sentence: Span) -> bool:
        """The sentence opens with "and" / "but": it goes on from the one before."""
        first = next((token for token in sentence if not token.is_punct), None)
        return first is not None and first.dep_ == "cc"

    def _cued(self, sentence: Span) -> bool:
        """A restating cue anywhere ("just to confirm", "it sounds like"), or a closing check ("..., right?")."""
        if any(self.cues.matches(sentence)):
            return True
        if not sentence.text.rstrip().endswith("?"):
            return False
        words = [t for t in sentence if not t.is_punct]
        tail = words[-4:]
        return any(end == words[-1].i + 1 for _, end in self.tags.matches(tail)) and len(words) > len(tail)

    def _opens_with_cue(self, sentence: Span) -> bool:
        """ "so you were charged twice", "okay, so the parcel never came": the cue opens the sentence, or a
        clause inside it when speech-to-text ran sentences together ("that sounds awful so the fridge is ...")."""
        for token in sentence:
            if token.is_punct:
                continue
            if token in self.opening_cues:
                return True
            if token.lower_ not in DISCOURSE:
                break
        for token in sentence:
            if token in self.opening_cues and token.dep_ in {"mark", "advmod", "cc"} and token.head.pos_ in {"VERB", "AUX"}:
                doer = subject(token.head)
                if doer is not None and token.i < doer.i:
                    return True
        return False

    def _announces_action(self, sentence: Span, cued: bool) -> bool:
        """The agent saying what they do ("so I've refunded the shipping"), not what they understood ("let me
        make sure I've got this right: ...", which only counts as such with a cue)."""
        if cued and any(token in self.understanding for token in sentence):
            return False
        root = sentence.root
        if root.pos_ != "VERB":
            return False  # "..., I'm sorry" states, it does not act
        doer = subject(root)
        return is_first_person(doer) or (doer is None and root.tag_ == "VB")

    def _reads_back(self, sentence: Span) -> bool:
        """Reading back details is not restating a problem: a fragment without a verb ("Forty two Elm Street,
        apartment three") unless it denies something or a statement about an identifier ("your email is ...", "the address is ...")."""
        if not any(token.pos_ in {"VERB", "AUX"} for token in sentence):
            # "so no signal at all since Sunday" still tells the problem: a fragment that denies something.
            return not any(token.lower_ in NEGATORS for token in sentence)
        root = sentence.root
        doer = subject(root)
        return root.lemma_ == "be" and doer is not None and doer in self.identifiers

    def _reports_fix(self, sentence: Span, cued: bool) -> bool:
        """The solution, not the problem: "your refund for the double charge has been processed" — a fix verb in
        the present perfect passive; "your order was cancelled by mistake" tells the problem."""
        root = sentence.root
        if cued or root not in self.solutions or is_negated(root):
            return False
        auxes = {c.lower_ for c in root.children if c.dep_ in {"aux", "auxpass"}}
        return "been" in auxes and bool(auxes & {"has", "have", "'s", "'ve"})

    @staticmethod
    def _looks_ahead(sentence: Span) -> bool:
        """A plan, not the problem: "so the refund will be back by Friday". A negated future is a problem
        state ("so it won't turn on") and still restates."""
        root = sentence.root
        future = any(c.dep_ in {"aux", "auxpass"} and c.lower_ in FUTURE for c in root.children)
        return future and not is_negated(root)

    def _doc_concepts(self, doc: Doc) -> list[tuple[str, int]]:
        """(concept, position) for every concept word in the doc. Cached on the doc."""
        key = f"qa_scoring_concepts_{id(self)}"
        cached = doc.user_data.get(key)
        if cached is None:
            identifiers = self._identifier_positions(doc, doc_keys(doc))
            cached = [
                (name, start)
                for name, lexicon in self.concepts.items()
                for start, _ in lexicon.matches(doc)
                if start not in identifiers
            ]
            doc.user_data[key] = cached
        return cached

    def content(self, tokens: Doc | Span) -> dict[str, str]:
        """Stems of the specific words in ``tokens`` mapped to their lemma, without identifiers or generic words."""
        doc = tokens if isinstance(tokens, Doc) else tokens.doc
        start = 0 if isinstance(tokens, Doc) else tokens.start
        words: dict[str, str] = {}
        for lemma in self._doc_content(doc)[start : start + len(tokens)]:
            if lemma is not None:
                words.setdefault(stem(lemma), lemma)
        return words

    def _doc_content(self, doc: Doc) -> list[str | None]:
        """Per token: its lemma when it is specific content, else None. Cached on the doc."""
        key = f"qa_scoring_mirroring_{id(self)}"
        cached = doc.user_data.get(key)
        if cached is not None:
            return cached
        keys = doc_keys(doc)
        skipped = self._identifier_positions(doc, keys)
        content: list[str | None] = []
        for token in doc:
            lower, lemma = keys[token.i]
            if (
                token.i in skipped
                or len(lower) < 2
                or lower in self.generic.words
                or lemma in self.generic.words
                or token.pos_ not in CONTENT_POS
                or (token.is_stop and token.pos_ != "NUM")  # "four" and "six" are stop words, sizes are content
                or token.like_email
                or token.like_url
                or (token.pos_ == "PROPN" and token.is_upper)  # codes such as "SV" or "MU"; speech-to-text writes names in lower case
            ):
                content.append(None)
            else:
                content.append(lemma)
        doc.user_data[key] = content
        return content

    def _identifier_positions(self, doc: Doc, keys: list[tuple[str, str]]) -> set[int]:
        """Order numbers and spelled-out emails: runs of single characters, digits, number words and spelling
        words ("B C four four seven", "d dot okafor at outlook dot com"). Cached on the doc."""
        cached = doc.user_data.get(IDENTIFIERS)
        if cached is not None:
            return cached
        spelling = self.spelling.words
        skipped: set[int] = set()
        run: list[int] = []
        for token in doc:
            lower = keys[token.i][0]
            alpha = lower.isalpha()
            has_digit = not alpha and any(ch.isdigit() for ch in lower)
            spelled = (
                (len(lower) == 1 and alpha)
                or lower in spelling
                or (has_digit and (len(lower) > 4 or any(ch.isalpha() for ch in lower)))
                or (alpha and token.like_num)
                or (bool(run) and keys[run[-1]][0] in spelling)  # the word after "dot" / "at" is in the address
            )
            if spelled:
                run.append(token.i)
                continue
            if len(run) >= IDENTIFIER_RUN:
                skipped.update(run)
            run = []
        if len(run) >= IDENTIFIER_RUN:
            skipped.update(run)
        doc.user_data[IDENTIFIERS] = skipped
        return skipped

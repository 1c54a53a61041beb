"""Word lists from the rubric, matched on lemma or surface form so a trainer writes each entry once.

"mess up" matches "messed up", "short-staffed" matches "short staffed" and "short-staffed". Entries are
tokenized by the pipeline's own tokenizer. Each doc's (lower, lemma) keys are computed once and cached on the
doc, because every detector asks about the same tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import LEMMA, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

JOINERS = frozenset({"-", "/"})
# Words speakers drop into the middle of set phrases: "let me (just) make sure", "not (really) on our side".
FILLERS = frozenset({"just", "really", "quickly", "quite", "actually", "basically", "honestly", "um", "uh", "like"})
KEYS = "qa_scoring_keys"
VOCABULARY = "qa_scoring_vocabulary"


VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
# Known verb lemmas per vocabulary (the lemmatizer's index), registered by ``remember_verbs``.
_KNOWN_VERBS: dict[int, frozenset[str]] = {}


def remember_verbs(nlp: Language) -> None:
    """Note which verb lemmas the pipeline's lemmatizer knows, to spot lemmas guessed for unknown verbs."""
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_index"):
            _KNOWN_VERBS[id(nlp.vocab)] = frozenset(lookups.get_table("lemma_index").get("verb", []))


def doc_keys(doc: Doc) -> list[tuple[str, str]]:
    """(lower, lemma) for every token of ``doc``, cached on the doc.

    A verb the lemmatizer does not know keeps a broken lemma ("reshipped" → "reshippe"); for verbs the lemma is
    then rebuilt by regular morphology so that the rubric's "reship" still finds it.
    """
    keys = doc.user_data.get(KEYS)
    if keys is None:
        known = _KNOWN_VERBS.get(id(doc.vocab))
        strings = doc.vocab.strings
        keys = []
        # Read the attributes as arrays: building a Token object per word costs more than the lookups.
        for lower_id, lemma_id, tag_id in doc.to_array([LOWER, LEMMA, TAG]).tolist():
            lower, lemma = strings[lower_id], strings[lemma_id].lower()
            if known and lemma not in known and strings[tag_id] in VERB_TAGS:
                lemma = next((base for base in regular_bases(lower) if base in known), lemma)
            keys.append((lower, lemma))
        doc.user_data[KEYS] = keys
    return keys


def forms(word: str) -> set[str]:
    """An entry word and its possible regular bases ("agreed" → agree), so entries may be written in any form."""
    return {word} | {base for base in regular_bases(word) if len(base) >= 4}


def regular_bases(word: str) -> list[str]:
    """Candidate bases of a regularly inflected word, most likely first: tried → try, agreed → agree,
    reshipped → reship, cancelled → cancel, closing → close, emails → email."""
    if len(word) <= 4:
        return []
    if word.endswith("ied"):
        return [word[:-3] + "y"]
    if word.endswith("eed"):
        return [word[:-1]]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            candidates = [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.insert(0, stem[:-1])
            return candidates
    if word.endswith("es") and not word.endswith("ses"):
        return [word[:-1], word[:-2]]
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    return []


def doc_vocabulary(doc: Doc) -> frozenset[str]:
    """Every lower-case form and lemma in ``doc``, cached: most lexicons share no word with most turns."""
    vocabulary = doc.user_data.get(VOCABULARY)
    if vocabulary is None:
        vocabulary = frozenset(key for pair in doc_keys(doc) for key in pair)
        doc.user_data[VOCABULARY] = vocabulary
    return vocabulary


class Lexicon:
    """Entries are matched on each word's written form or lemma; inside a phrase, a regularly inflected entry
    word ("you agreed to") also matches its base form ("you agree to")."""

    def __init__(self, nlp: Language, entries: Iterable[str]):
        self.words: set[str] = set()
        self.phrases: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for entry in entries:
            words = [t.lower_ for t in nlp.make_doc(entry.strip()) if t.lower_ not in JOINERS]
            if len(words) == 1:
                self.words.add(words[0])  # a single word is matched on the token's lemma already
            elif words:
                phrase = tuple(frozenset(forms(word)) for word in words)
                for first in phrase[0]:
                    self.phrases.setdefault(first, []).append(phrase)
        for variants in self.phrases.values():
            variants.sort(key=len, reverse=True)
        self.first_words = frozenset(self.words | set(self.phrases))

    def __contains__(self, token: Token) -> bool:
        lower, lemma = doc_keys(token.doc)[token.i]
        return lower in self.words or lemma in self.words

    def matches(self, tokens: Doc | Span | list[Token]) -> Iterator[tuple[int, int]]:
        """(start, end) doc positions of every entry found in ``tokens``; the longest phrase wins at a position."""
        if isinstance(tokens, list):
            if not tokens:
                return
            doc, positions = tokens[0].doc, [token.i for token in tokens]
            stop = positions[-1] + 1
        else:
            doc = tokens if isinstance(tokens, Doc) else tokens.doc
            start = 0 if isinstance(tokens, Doc) else tokens.start
            positions = range(start, start + len(tokens))
            stop = start + len(tokens)
        if self.first_words.isdisjoint(doc_vocabulary(doc)):
            return
        keys = doc_keys(doc)
        words, phrases = self.words, self.phrases
        for i in positions:
            lower, lemma = keys[i]
            variants = phrases.get(lower) or phrases.get(lemma)
            end = self._phrase_end(keys, i, stop, variants) if variants else None
            if end is not None:
                yield i, end
            elif lower in words or lemma in words:
                yield i, i + 1

    @staticmethod
    def _phrase_end(keys: list[tuple[str, str]], first: int, stop: int, variants) -> int | None:
        """End of the longest variant starting at ``first``; joiners ("-") and fillers ("just") between its words
        are skipped unless the phrase itself names them."""
        for phrase in variants:
            at = first + 1
            for wanted in phrase[1:]:
                while at < stop and keys[at][0] not in wanted and (keys[at][0] in JOINERS or keys[at][0] in FILLERS):
                    at += 1
                if at >= stop or wanted.isdisjoint(keys[at]):
                    break
                at += 1
            else:
                return at
        return None

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


ARTICLES = frozenset({"a", "an", "the"})


class VerbIdioms:
    """Verb idioms that wrap around their object: "throw off" finds "that threw your whole week off", "put a
    damper on" finds "it's put a real damper on the trip". The first word is the verb (matched on its lemma);
    the other words, articles aside, must follow it in order among the words the verb governs."""

    def __init__(self, nlp: Language, entries: Iterable[str]):
        self.idioms: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for entry in entries:
            words = [t.lower_ for t in nlp.make_doc(entry.strip()) if t.lower_ not in JOINERS]
            if not words:
                continue
            rest = tuple(frozenset(forms(word)) for word in words[1:] if word not in ARTICLES)
            for verb in forms(words[0]):
                self.idioms.setdefault(verb, []).append(rest)

    def verbs(self, tokens: Span) -> Iterator[Token]:
        """The verbs in ``tokens`` that head one of the idioms."""
        doc = tokens.doc
        if self.idioms.keys().isdisjoint(doc_vocabulary(doc)):
            return
        keys = doc_keys(doc)
        for token in tokens:
            if token.pos_ != "VERB":
                continue
            lower, lemma = keys[token.i]
            variants = self.idioms.get(lemma) or self.idioms.get(lower)
            if variants:
                following = [keys[t.i] for t in token.subtree if t.i > token.i]
                if any(self._in_order(rest, following) for rest in variants):
                    yield token

    @staticmethod
    def _in_order(rest: tuple[frozenset[str], ...], following: list[tuple[str, str]]) -> bool:
        at = 0
        for wanted in rest:
            while at < len(following) and wanted.isdisjoint(following[at]):
                at += 1
            if at == len(following):
                return False
            at += 1
        return True

    def __bool__(self) -> bool:
        return bool(self.idioms)

"""Word lists from the rubric, matched on lemma or surface form so a trainer writes each entry once.

"mess up" matches "messed up", "short-staffed" matches "short staffed" and "short-staffed". Entries are
tokenized by the pipeline's own tokenizer. Each doc's (lower, lemma) keys are computed once and cached on the
doc, because every detector asks about the same tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

JOINERS = frozenset({"-", "/"})
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
        keys = []
        for token in doc:
            lower, lemma = token.lower_, token.lemma_.lower()
            if known and token.tag_ in VERB_TAGS and lemma not in known:
                base = regular_base(lower)
                lemma = base if base in known else lemma
            keys.append((lower, lemma))
        doc.user_data[KEYS] = keys
    return keys


def regular_base(word: str) -> str:
    """The base of a regularly inflected verb: reshipped → reship, reshipping → reship, emails → email."""
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                return stem[:-1]
            return stem
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def doc_vocabulary(doc: Doc) -> frozenset[str]:
    """Every lower-case form and lemma in ``doc``, cached: most lexicons share no word with most turns."""
    vocabulary = doc.user_data.get(VOCABULARY)
    if vocabulary is None:
        vocabulary = frozenset(key for pair in doc_keys(doc) for key in pair)
        doc.user_data[VOCABULARY] = vocabulary
    return vocabulary


class Lexicon:
    def __init__(self, nlp: Language, entries: Iterable[str]):
        self.words: set[str] = set()
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            words = tuple(t.lower_ for t in nlp.make_doc(entry.strip()) if t.lower_ not in JOINERS)
            if len(words) == 1:
                self.words.add(words[0])
            elif words:
                self.phrases.setdefault(words[0], []).append(words)
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
    def _phrase_end(keys: list[tuple[str, str]], first: int, stop: int, variants: list[tuple[str, ...]]) -> int | None:
        """End of the longest variant starting at ``first`` (joiners such as "-" between words are skipped)."""
        following = []
        at = first + 1
        longest = len(variants[0]) - 1
        while at < stop and len(following) < longest:
            if keys[at][0] not in JOINERS:
                following.append(at)
            at += 1
        for phrase in variants:
            rest = phrase[1:]
            if len(rest) <= len(following) and all(word in keys[following[n]] for n, word in enumerate(rest)):
                return following[len(rest) - 1] + 1
        return None

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

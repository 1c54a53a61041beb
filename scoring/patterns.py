"""Checking and compiling the spaCy patterns a rubric may hold.

Patterns are checked when a rubric loads, without the model: spaCy's own schema for Matcher patterns and a
DependencyMatcher on an empty vocabulary for dependency patterns. Regular expressions are refused: one careless
pattern with nested repetition can take minutes on a single sentence, and word lists (``IN``) cover the need.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from scoring.lexicon import doc_keys

FORBIDDEN_KEYS = {"REGEX": "regular expressions (REGEX) are not allowed in rubric patterns; list the words with IN"}


def _forbidden(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).upper() in FORBIDDEN_KEYS:
                yield path + (key,), FORBIDDEN_KEYS[str(key).upper()]
            yield from _forbidden(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _forbidden(inner, path + (index,))


def token_pattern_problems(pattern: Any) -> list[tuple[tuple, str]]:
    """Problems as (path inside the pattern, message); empty when the pattern is usable."""
    problems = list(_forbidden(pattern, ()))
    if problems:
        return problems
    if not isinstance(pattern, list) or not pattern:
        return [((), "a token pattern is a non-empty list of token descriptions")]
    for message in validate_token_pattern(pattern):
        # spaCy words them as "[pattern -> 1 -> LOWER] message".
        where, _, text = message.partition("] ")
        steps = tuple(int(s) if s.isdigit() else s for s in where.strip("[").split(" -> ")[1:])
        problems.append((steps, text or message))
    return problems


def dependency_pattern_problems(pattern: Any) -> list[tuple[tuple, str]]:
    problems = list(_forbidden(pattern, ()))
    if problems:
        return problems
    if not isinstance(pattern, list) or not pattern or not all(isinstance(node, dict) for node in pattern):
        return [((), "a dependency pattern is a non-empty list of nodes (RIGHT_ID, RIGHT_ATTRS, ...)")]
    for index, node in enumerate(pattern):
        attrs = node.get("RIGHT_ATTRS", {})
        for path, message in token_pattern_problems([attrs]):
            return [((index, "RIGHT_ATTRS") + path[1:], message)]
    try:
        DependencyMatcher(Vocab(), validate=True).add("check", [pattern])
    except (ValueError, KeyError, TypeError) as exc:
        return [((), str(exc).strip())]
    return []


class CompiledPatterns:
    """Matcher and DependencyMatcher patterns over one vocabulary; yields matched spans of a doc."""

    def __init__(self, vocab: Vocab, token_patterns: Sequence[list] = (), dependency_patterns: Sequence[list] = ()):
        self.matcher = Matcher(vocab)
        self.dependency_matcher = DependencyMatcher(vocab)
        if token_patterns:
            self.matcher.add("pattern", list(token_patterns))
        if dependency_patterns:
            self.dependency_matcher.add("pattern", list(dependency_patterns))
        self.has_token = bool(token_patterns)
        self.has_dependency = bool(dependency_patterns)
        self.required_words = [_required_words(pattern) for pattern in dependency_patterns]

    def spans(self, doc: Doc) -> list[Span]:
        """Matched spans, longest first where they overlap; a dependency match spans its matched tokens."""
        spans: list[Span] = []
        if self.has_token:
            spans += [doc[start:end] for _, start, end in self.matcher(doc)]
        if self.has_dependency and doc.has_annotation("DEP") and self._may_match(doc):
            for _, token_ids in self.dependency_matcher(doc):
                spans.append(doc[min(token_ids) : max(token_ids) + 1])
        spans.sort(key=lambda span: (span.start, -len(span)))
        kept: list[Span] = []
        for span in spans:
            if not kept or span.start >= kept[-1].end:
                kept.append(span)
        return kept

    def _may_match(self, doc: Doc) -> bool:
        """The DependencyMatcher is slow; skip docs lacking a word that every node of some pattern requires."""
        present: set[str] = set()
        for lower, lemma in doc_keys(doc):
            present.add(lower)
            present.add(lemma)
        return any(all(words & present for words in required) for required in self.required_words)

    def __bool__(self) -> bool:
        return self.has_token or self.has_dependency


def _required_words(pattern: list) -> list[frozenset[str]]:
    """For each node of a dependency pattern that names its words (LEMMA / LOWER / ORTH / TEXT, a word or an IN
    list), the words one of which a doc must contain for the pattern to match."""
    required = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS", {})
        for key in ("LEMMA", "LOWER", "ORTH", "TEXT"):
            value = attrs.get(key)
            if isinstance(value, str):
                required.append(frozenset({value.lower()}))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list) and set(value) == {"IN"}:
                required.append(frozenset(str(word).lower() for word in value["IN"]))
    return required

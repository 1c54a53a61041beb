"""Small pieces several detectors share."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from scoring.language import in_condition, is_first_person, is_negated, is_question, subject
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.results import Evidence


def first_person_actions(sentences: Iterable[Span], verbs: Lexicon) -> list[Token]:
    """Verbs where the agent commits to an action: "I've sent", "we'll refund", "I'm reordering", "let me credit".

    Negated, conditional or questioned actions are not commitments.
    """
    found = []
    for sentence in sentences:
        if is_question(sentence):
            continue
        for start, _ in verbs.matches(sentence):
            token = sentence.doc[start]
            if token.pos_ != "VERB":
                continue
            if is_first_person(subject(token)) and not is_negated(token) and not in_condition(token):
                found.append(token)
    return found


def block_sentences(call: ParsedCall, turns: Iterable[int]) -> list[tuple[int, Span]]:
    return [(turn, sentence) for turn in turns for sentence in call.docs[turn].sents]


def sentence_evidence(call: ParsedCall, items: Iterable[tuple[int, Span]]) -> list[Evidence]:
    """One Evidence per distinct sentence, in call order."""
    seen: set[tuple[int, int]] = set()
    evidence = []
    for turn, span in sorted(items, key=lambda item: (item[0], item[1].start_char)):
        key = (turn, span.start_char)
        if key not in seen:
            seen.add(key)
            evidence.append(call.evidence_for(turn, span))
    return evidence

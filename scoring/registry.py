"""Detectors registered by name (a spaCy-style registry), the settings types a rubric may give them, and what a
detector returns. A rubric names a detector and fills its ``Settings``; the rubric loader checks every value
against the annotated types below before any detector is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import catalogue

from scoring.results import Evidence, Verdict

if TYPE_CHECKING:
    from spacy.language import Language

    from scoring.pipeline import ParsedCall

detectors = catalogue.create("qa_scoring", "detectors", entry_points=False)

BEHAVIOURS = ("show", "avoid", "measure")


@dataclass(frozen=True)
class Range:
    """Bounds for a numeric setting, inclusive."""

    low: float
    high: float


class Words(list):
    """Words or short phrases, matched on lemma or surface form ("mess up" also finds "messed up")."""


class Concepts(dict):
    """Named groups of words that mean the same thing in a call ("colour": green, pink, shade ...)."""


class TokenPatterns(list):
    """spaCy Matcher patterns: each a list of token descriptions such as ``{LEMMA: {IN: [calm, relax]}}``."""


class DependencyPatterns(list):
    """spaCy DependencyMatcher patterns (RIGHT_ID / RIGHT_ATTRS / LEFT_ID / REL_OP)."""


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    confidence: float
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DetectorContext:
    """What a detector knows besides its settings: the loaded pipeline and the criterion it judges."""

    nlp: Language
    behaviour: str
    title: str


class Detector(Protocol):
    Settings: ClassVar[type]
    needs_times: ClassVar[bool]

    def __init__(self, settings: Any, context: DetectorContext) -> None: ...

    def judge(self, call: ParsedCall) -> Judgement: ...


def quote(text: str, limit: int = 90) -> str:
    """A short quotation for an explanation sentence."""
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1].rstrip()}…"'

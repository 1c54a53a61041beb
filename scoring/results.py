"""What scoring returns: per-criterion verdicts with their evidence, and the call's total."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Verdict = Literal["met", "not_met", "not_applicable"]


@dataclass(frozen=True)
class Evidence:
    """Words that carry a verdict: ``turn`` indexes the input turns, the span is in that turn's text."""

    turn: int
    start_char: int
    end_char: int
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    title: str
    verdict: Verdict
    confidence: float
    explanation: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def evidence_turns(self) -> list[int]:
        return sorted({item.turn for item in self.evidence})


@dataclass(frozen=True)
class CallScore:
    """``total`` is 0-100: the weighted share of applicable criteria that were met."""

    total: float
    criteria: list[CriterionResult]
    metrics: dict[str, float | int | None] = field(default_factory=dict)

    def __getitem__(self, criterion: str) -> CriterionResult:
        for result in self.criteria:
            if result.criterion == criterion:
                return result
        raise KeyError(criterion)

    def to_dict(self) -> dict:
        return asdict(self)

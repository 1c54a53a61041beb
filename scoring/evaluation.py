"""Agreement between scores and human labels (LABELING.md): per-criterion confusion counts, precision, recall, F1,
macro-F1, and evidence agreement — the share of correct ``met`` verdicts whose evidence includes a labeled turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from scoring.results import CallScore

CORE_CRITERIA = ("mirroring", "empathy", "no_excuses", "positive_ending", "satisfaction_asked")


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            **asdict(self),
        }


@dataclass
class Misjudged:
    call: str
    criterion: str
    expected: bool
    got: str
    explanation: str
    evidence: list[dict]
    labeled_evidence: list[int]


@dataclass
class EvaluationReport:
    calls: int
    criteria: dict[str, Confusion]
    evidence_checked: int = 0
    evidence_agreed: int = 0
    misjudged: list[Misjudged] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.criteria.values()) / len(self.criteria) if self.criteria else 0.0

    @property
    def evidence_agreement(self) -> float | None:
        return self.evidence_agreed / self.evidence_checked if self.evidence_checked else None

    def to_dict(self) -> dict:
        agreement = self.evidence_agreement
        return {
            "calls": self.calls,
            "macro_f1": round(self.macro_f1, 4),
            "criteria": {name: confusion.to_dict() for name, confusion in self.criteria.items()},
            "evidence_agreement": None if agreement is None else round(agreement, 4),
            "evidence_checked": self.evidence_checked,
            "misjudged": [asdict(item) for item in self.misjudged],
        }


def evaluate(
    labeled: Iterable[tuple[Mapping, CallScore]],
    criteria: Sequence[str] = CORE_CRITERIA,
    turn_mapper: Callable[[Mapping, int], set[int]] | None = None,
) -> EvaluationReport:
    """Compare each call's score with its ``labels`` and ``evidence``.

    ``turn_mapper(call, turn)`` says which labeled turn indices a scored turn stands for; by default the same
    index (text calls). Audio evaluation maps transcribed turns to reference turns by time overlap.
    """
    report = EvaluationReport(calls=0, criteria={name: Confusion() for name in criteria})
    for call, score in labeled:
        report.calls += 1
        labels = call.get("labels") or {}
        labeled_evidence = call.get("evidence") or {}
        for name in criteria:
            if name not in labels:
                continue
            expected = bool(labels[name])
            result = score[name]
            predicted = result.verdict == "met"
            confusion = report.criteria[name]
            if predicted and expected:
                confusion.tp += 1
                wanted = set(labeled_evidence.get(name) or [])
                if wanted:
                    got: set[int] = set()
                    for item in result.evidence:
                        got |= turn_mapper(call, item.turn) if turn_mapper else {item.turn}
                    report.evidence_checked += 1
                    report.evidence_agreed += bool(got & wanted)
            elif predicted:
                confusion.fp += 1
            elif expected:
                confusion.fn += 1
            else:
                confusion.tn += 1
            if predicted != expected:
                report.misjudged.append(
                    Misjudged(
                        call=str(call.get("id", f"call {report.calls}")),
                        criterion=name,
                        expected=expected,
                        got=result.verdict,
                        explanation=result.explanation,
                        evidence=[asdict(item) for item in result.evidence],
                        labeled_evidence=list(labeled_evidence.get(name) or []),
                    )
                )
    return report

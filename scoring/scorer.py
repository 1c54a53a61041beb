"""The Scorer: a rubric's detectors over parsed calls, one CallScore per call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from spacy.language import Language

from scoring.lexicon import remember_verbs
from scoring.pipeline import ParsedCall, load_pipeline, parse_calls
from scoring.registry import DetectorContext, detectors
from scoring.results import CallScore, CriterionResult
from scoring.rubric import Rubric, default_rubric
from scoring.turns import Turn


def as_turns(call: Sequence[Turn | Mapping]) -> list[Turn]:
    """Turns as given, or built from their JSON form (``{"speaker", "text", "start", "end"}``)."""
    return [turn if isinstance(turn, Turn) else Turn.from_dict(turn) for turn in call]


class Scorer:
    def __init__(self, rubric: Rubric | None = None, *, nlp: Language | None = None):
        self.rubric = rubric if rubric is not None else default_rubric()
        self.nlp = nlp if nlp is not None else load_pipeline()
        remember_verbs(self.nlp)
        self._detectors = [
            (criterion, detectors.get(criterion.detector)(
                criterion.settings, DetectorContext(self.nlp, criterion.behaviour, criterion.title)
            ))
            for criterion in self.rubric.criteria
        ]

    def score(self, turns: Sequence[Turn | Mapping]) -> CallScore:
        return next(self.score_many([turns]))

    def score_many(self, calls: Iterable[Sequence[Turn | Mapping]], batch_size: int = 64) -> Iterator[CallScore]:
        """Score calls lazily, ``batch_size`` calls per ``nlp.pipe`` round; results come in input order."""
        for parsed in parse_calls(self.nlp, (as_turns(call) for call in calls), batch_size=batch_size):
            yield self.judge(parsed)

    def judge(self, call: ParsedCall) -> CallScore:
        results: list[CriterionResult] = []
        metrics: dict = {
            "turns": len(call.turns),
            "agent_turns": sum(turn.speaker == "agent" for turn in call.turns),
            "customer_turns": sum(turn.speaker == "customer" for turn in call.turns),
            "agent_words": sum(len(doc) for turn, doc in zip(call.turns, call.docs) if turn.speaker == "agent"),
            "customer_words": sum(len(doc) for turn, doc in zip(call.turns, call.docs) if turn.speaker == "customer"),
            "timed": call.timed,
        }
        for criterion, detector in self._detectors:
            judgement = detector.judge(call)
            metrics.update(judgement.metrics)
            results.append(
                CriterionResult(
                    criterion=criterion.id,
                    title=criterion.title,
                    verdict=judgement.verdict,
                    confidence=round(judgement.confidence, 3),
                    explanation=judgement.explanation,
                    evidence=list(judgement.evidence),
                )
            )
        total = self.rubric.total({result.criterion: result.verdict for result in results})
        return CallScore(total=total, criteria=results, metrics=metrics)

"""Scoring: customer-service calls in, rubric verdicts with evidence out. A pure library (no database, no UI).

    from scoring import Scorer, Turn, default_rubric
    score = Scorer(default_rubric()).score([Turn("agent", "Thanks for calling!"), Turn("customer", "Hi...")])
"""

from scoring.results import CallScore, CriterionResult, Evidence
from scoring.rubric import Criterion, Rubric, RubricError, default_rubric, load_rubric
from scoring.scorer import Scorer
from scoring.turns import Turn, TurnError

__all__ = [
    "CallScore",
    "Criterion",
    "CriterionResult",
    "Evidence",
    "Rubric",
    "RubricError",
    "Scorer",
    "Turn",
    "TurnError",
    "default_rubric",
    "load_rubric",
]

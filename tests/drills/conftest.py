"""Fixtures for the drill tests: the default rubric and its real scorer, the seed drills, a drill-writing helper."""

from __future__ import annotations

from importlib.resources import files

import pytest

import scoring
from qa_app.drills import parse_drill
from qa_app.services.rubrics import default_rubric_text
from qa_app.services.scoring import scorer_for

SEED = files("qa_app.drills") / "seed"


def seed_text(slug: str) -> str:
    return (SEED / f"{slug}.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rubric() -> scoring.Rubric:
    return scoring.load_rubric(default_rubric_text())


@pytest.fixture(scope="session")
def scorer() -> scoring.Scorer:
    return scorer_for(default_rubric_text())


@pytest.fixture(scope="session")
def late_gift(rubric):
    return parse_drill(seed_text("late-birthday-gift"), rubric=rubric)

"""One spaCy pipeline and one default-rubric Scorer for the whole scoring suite (loading takes about a second)."""

from __future__ import annotations

import pytest

from scoring import Scorer, Turn, default_rubric

# The customer's side of a typical complaint, used where a test only varies what the agent says.
COMPLAINT = (
    "My blender arrived with a cracked jug two days before my sister's engagement party, and I needed it for the cake."
)


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return Scorer(default_rubric())


@pytest.fixture(scope="session")
def judge(scorer):
    """Score a short call in which the agent says ``agent`` after the customer's complaint; return one criterion."""

    def judge_one(criterion: str, agent: str, customer: str = COMPLAINT):
        turns = [
            Turn("agent", "Thanks for calling, how can I help?"),
            Turn("customer", customer),
            Turn("agent", agent),
            Turn("customer", "Okay."),
            Turn("agent", "Bye."),
        ]
        return scorer.score(turns)[criterion]

    return judge_one

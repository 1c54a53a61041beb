"""Scenario drills: practice calls trainers write as YAML and agents play the agent's side of.

``spec`` reads and checks a drill (every problem named by line, step and field); ``conversation`` plays one
(the customer's lines, branching on how each reply scored) and sums it up. Neither touches the database: the
service ``qa_app.services.drills`` stores drills, assignments and attempts.
"""

from qa_app.drills.conversation import (Judgement, Line, Summary, awaiting, judge, opening, respond, summarize)
from qa_app.drills.spec import (DIFFICULTIES, MOODS, Branch, DrillError, DrillSpec, Persona, Step, parse_drill,
                                renamed)

__all__ = [
    "DIFFICULTIES", "MOODS", "Branch", "DrillError", "DrillSpec", "Judgement", "Line", "Persona", "Step", "Summary",
    "awaiting", "judge", "opening", "parse_drill", "renamed", "respond", "summarize",
]

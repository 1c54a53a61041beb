"""Playing a drill: the customer's lines, the agent's replies, where each reply leads, and the summary at the end.

The conversation is a list of :class:`Line` (what the database stores as an attempt's transcript); everything
else — which step is being answered, the customer's mood — is read back from it, so a page can be reloaded at
any point. Each reply is scored with the same rubric and scorer as calls: the customer's lines so far and this
one reply, so a verdict is about these words and not an earlier answer. A reply that misses any criterion its
step trains takes the step's ``if_missed`` branch (the customer gets angrier), otherwise ``if_met`` (calmer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import scoring
from qa_app.drills.spec import END, GAVE_UP, MOODS, DrillSpec, Step

CUSTOMER, AGENT = "customer", "agent"
# A step is played at most this often; a branch back to a step played that often ends the drill: after missing
# twice at the same point, the customer has had enough.
MAX_VISITS = 2


@dataclass(frozen=True)
class Line:
    speaker: str  # customer / agent
    text: str
    step: str  # the step this line belongs to; END or GAVE_UP for a closing line
    mood: str | None = None  # customer lines: the mood it is said in
    verdicts: dict[str, str] = field(default_factory=dict)  # agent lines: the verdict per criterion of the step
    evidence: dict[str, list[dict]] = field(default_factory=dict)  # agent lines: the words behind each verdict
    spoken: bool = False  # agent lines: transcribed from a recording

    @property
    def missed(self) -> bool:
        return any(verdict == "not_met" for verdict in self.verdicts.values())

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Line:
        return cls(**data)


@dataclass(frozen=True)
class Judgement:
    """How one reply scored on the criteria its step trains, with the reply's own words as evidence."""

    verdicts: dict[str, str]
    evidence: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def missed(self) -> bool:
        return any(verdict == "not_met" for verdict in self.verdicts.values())


def opening(drill: DrillSpec) -> Line:
    first = drill.steps[0]
    return Line(CUSTOMER, first.customer, first.id, drill.mood)


def awaiting(drill: DrillSpec, lines: Sequence[Line]) -> Step | None:
    """The step the agent is answering now; None once the drill is over."""
    if not lines:
        return drill.steps[0]
    last = lines[-1]
    if last.speaker == AGENT or last.step in (END, GAVE_UP):
        return None
    return drill.step(last.step)


def mood_now(drill: DrillSpec, lines: Sequence[Line]) -> str:
    return next((line.mood for line in reversed(lines) if line.speaker == CUSTOMER and line.mood), drill.mood)


def judge(scorer: scoring.Scorer, drill: DrillSpec, lines: Sequence[Line], reply: str) -> Judgement:
    """Score ``reply`` to the step being answered, on that step's criteria."""
    step = _current(drill, lines)
    turns = [scoring.Turn(CUSTOMER, line.text) for line in lines if line.speaker == CUSTOMER]
    turns.append(scoring.Turn(AGENT, reply))
    result = scorer.score(turns)
    reply_turn = len(turns) - 1
    return Judgement(
        verdicts={criterion: result[criterion].verdict for criterion in step.trains},
        evidence={criterion: [{"text": item.text, "start_char": item.start_char, "end_char": item.end_char}
                              for item in result[criterion].evidence if item.turn == reply_turn]
                  for criterion in step.trains},
    )


def respond(drill: DrillSpec, lines: Sequence[Line], reply: str, judgement: Judgement, *,
            spoken: bool = False) -> list[Line]:
    """The conversation after ``reply``: the agent's line, then the customer's next line (unless it is over)."""
    step = _current(drill, lines)
    agent = Line(AGENT, reply, step.id, verdicts=dict(judgement.verdicts), evidence=dict(judgement.evidence),
                 spoken=spoken)
    branch = step.if_missed if judgement.missed else step.if_met
    level = MOODS.index(mood_now(drill, lines)) + (1 if judgement.missed else -1)
    mood = branch.mood or MOODS[min(max(level, 0), len(MOODS) - 1)]
    target = drill.target(step, branch)
    following: Line | None
    if target == END:
        following = Line(CUSTOMER, branch.customer, END, mood) if branch.customer else None
    elif sum(line.speaker == CUSTOMER and line.step == target for line in lines) >= MAX_VISITS:
        following = Line(CUSTOMER, drill.gives_up, GAVE_UP, MOODS[-1]) if judgement.missed else None
    else:
        following = Line(CUSTOMER, branch.customer or drill.step(target).customer, target, mood)
    return [*lines, agent, *([following] if following else [])]


def _current(drill: DrillSpec, lines: Sequence[Line]) -> Step:
    step = awaiting(drill, lines)
    if step is None:
        raise ValueError("the drill is over: there is nothing to reply to")
    return step


@dataclass(frozen=True)
class Quote:
    reply: int  # 1-based number of the agent's reply
    step: str
    text: str
    verdict: str  # the reply's verdict on the criterion these words carry


@dataclass(frozen=True)
class CriterionSummary:
    criterion: str
    title: str
    behaviour: str  # show / avoid
    verdict: str  # met only if every reply judged on it met it
    met: int
    judged: int
    quotes: list[Quote]
    tip: str


@dataclass(frozen=True)
class StepDebrief:
    step: Step
    replies: list[Line]


@dataclass(frozen=True)
class Summary:
    total: float  # 0-100, the rubric's weighted share of the trained criteria met
    criteria: list[CriterionSummary]
    steps: list[StepDebrief]  # the steps played, in order, with the model answers and tips
    moods: list[str]  # the customer's mood line by line: the hostility curve
    gave_up: bool  # the customer ended the call after repeated misses


def summarize(drill: DrillSpec, lines: Sequence[Line], rubric: scoring.Rubric) -> Summary:
    replies = [line for line in lines if line.speaker == AGENT]
    criteria = []
    for criterion in drill.trains:
        judged = [(number, line) for number, line in enumerate(replies, 1)
                  if line.verdicts.get(criterion, "not_applicable") != "not_applicable"]
        met = sum(line.verdicts[criterion] == "met" for _, line in judged)
        verdict = "not_applicable" if not judged else "met" if met == len(judged) else "not_met"
        known = criterion in rubric.ids
        criteria.append(CriterionSummary(
            criterion=criterion,
            title=rubric.criterion(criterion).title if known else criterion,
            behaviour=rubric.criterion(criterion).behaviour if known else "show",
            verdict=verdict, met=met, judged=len(judged),
            quotes=[Quote(number, line.step, item["text"], line.verdicts[criterion]) for number, line in judged
                    for item in line.evidence.get(criterion, ())],
            tip=rubric.criterion(criterion).tip if known else "",
        ))
    played = list(dict.fromkeys(line.step for line in replies))
    return Summary(
        total=rubric.total({item.criterion: item.verdict for item in criteria}),
        criteria=criteria,
        steps=[StepDebrief(drill.step(step_id), [line for line in replies if line.step == step_id])
               for step_id in played],
        moods=[line.mood for line in lines if line.speaker == CUSTOMER and line.mood],
        gave_up=bool(lines) and lines[-1].step == GAVE_UP,
    )

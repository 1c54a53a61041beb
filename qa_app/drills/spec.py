"""A drill as trainers write it (YAML), checked completely before anyone plays it.

    id: late-birthday-gift            # the drill's name in files and links; a new version keeps it
    title: A late birthday gift
    situation: What went wrong for the customer, in a few sentences.
    persona: {name: Maria, description: Who she is and how she talks.}
    mood: upset                       # how the customer starts: calm, annoyed, upset, angry, furious
    difficulty: medium                # easy, medium, hard
    trains: [empathy, mirroring]      # rubric criteria the replies are scored on
    steps:
      - id: opening
        customer: The customer's line.
        trains: [empathy]             # optional: what this reply is judged on (default: the drill's trains)
        model_answer: A reply that would meet them.
        tip: What to think of here.
        if_missed:                    # a reply that misses any of this step's criteria
          customer: An angrier line, said instead of the next step's own.
          mood: angry                 # optional: default one level angrier (if_met: one level calmer)
          next: opening               # optional: a step id or "end"; default the step below

The YAML is read with the rubric's located parser (no anchors or aliases, bounded size and depth), and every
problem is a :class:`DrillError` naming the line, column, step and field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import scoring
from scoring.rubric import CRITERION_ID, _Checker, format_path
from scoring.rubric_yaml import LocatedDocument, Place, located, parse_located

MOODS = ("calm", "annoyed", "upset", "angry", "furious")
DIFFICULTIES = ("easy", "medium", "hard")
END = "end"  # a branch's ``next`` that finishes the drill
GAVE_UP = "gave-up"  # the step of the line a customer says when the agent keeps missing
MAX_DRILL_BYTES = 64 * 1024
MAX_STEPS = 30
MAX_TITLE = 120
MAX_SLUG = 80
DRILL_ID = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_SLUG - 1}}}$")
STEP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
# Criteria measured from call timing (talk ratio, silences…) cannot be practised with typed replies.
TRAINABLE_BEHAVIOURS = ("show", "avoid")
DEFAULT_GIVE_UP = "I've had enough of this. I'm going to take it somewhere else."

KeyPath = tuple[str | int, ...]

# What a trainer starts a new drill from: every field, with a comment on what it does.
TEMPLATE = """\
# A practice call. Each step is one customer line; the agent's reply to it is scored with the rubric on the
# step's trains, and a miss (any of them not met) takes if_missed, a good reply if_met.
id: new-drill                 # lower-case letters, digits and dashes; saving again with this id makes a version
title: A new drill
situation: >
  What went wrong for the customer, in two or three sentences the agent reads before starting.
persona:
  name: Alex
  description: Who the customer is and how they talk.
mood: upset                   # calm, annoyed, upset, angry or furious: how the customer starts
difficulty: medium            # easy, medium or hard
trains: [empathy, ownership]  # rubric criteria the replies are scored on
steps:
  - id: opening
    customer: My order arrived broken and it was a present.
    trains: [empathy]         # what this reply is judged on (default: all of the drill's trains)
    model_answer: I'm so sorry, I can imagine how disappointing that was when it was meant as a present.
    tip: Name the feeling before the fix.
    if_missed:                # optional; if_met works the same way
      customer: Are you even listening? It was a present.   # said instead of the next step's own line
      next: opening           # a step id or end; default the step below
  - id: the-fix
    customer: So what are you going to do about it?
    trains: [ownership]
    model_answer: I'll send a replacement today by express delivery, at no cost to you.
    tip: Say what you will do, in the first person.
"""


class DrillError(ValueError):
    """A drill that cannot be used; the message names the file, line, column, step and field."""

    def __init__(self, problem: str, *, source: str = "drill", place: Place | None = None, path: KeyPath = (),
                 step_names: tuple[str | None, ...] = ()):
        self.problem, self.source, self.place, self.path = problem, source, place, path
        super().__init__(located(problem, source, place, describe_path(path, step_names) if path else ""))


def describe_path(path: KeyPath, step_names: tuple[str | None, ...] = ()) -> str:
    """``steps[1].if_missed.next`` as a trainer reads it: ``step 2 "refund", field if_missed.next``."""
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        index = path[1]
        name = step_names[index] if index < len(step_names) else None
        step = f"step {index + 1}" + (f' "{name}"' if name else "")
        return f"{step}, field {format_path(path[2:])}" if len(path) > 2 else step
    return f"field {format_path(path)}"


@dataclass(frozen=True)
class Branch:
    """Where a step's reply leads: ``customer`` is said instead of the next step's own line."""

    customer: str | None = None
    mood: str | None = None  # None: one level calmer after a good reply, angrier after a miss
    next: str | None = None  # a step id, END, or None for the step below


@dataclass(frozen=True)
class Step:
    id: str
    customer: str
    trains: tuple[str, ...]
    model_answer: str = ""
    tip: str = ""
    if_met: Branch = field(default_factory=Branch)
    if_missed: Branch = field(default_factory=Branch)


@dataclass(frozen=True)
class Persona:
    name: str
    description: str = ""


@dataclass(frozen=True)
class DrillSpec:
    id: str
    title: str
    situation: str
    persona: Persona
    mood: str
    difficulty: str
    trains: tuple[str, ...]
    steps: tuple[Step, ...]
    gives_up: str = DEFAULT_GIVE_UP
    text: str = field(default="", repr=False, compare=False)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def following(self, step_id: str) -> str:
        """The step written below ``step_id``, or END after the last."""
        ids = [step.id for step in self.steps]
        index = ids.index(step_id) + 1
        return ids[index] if index < len(ids) else END

    def target(self, step: Step, branch: Branch) -> str:
        return branch.next or self.following(step.id)


TOP_KEYS = {"id": True, "title": True, "situation": True, "persona": True, "mood": False, "difficulty": False,
            "trains": True, "gives_up": False, "steps": True}
PERSONA_KEYS = {"name": True, "description": False}
STEP_KEYS = {"id": False, "customer": True, "trains": False, "model_answer": False, "tip": False, "if_met": False,
             "if_missed": False}
BRANCH_KEYS = {"customer": False, "mood": False, "next": False}


class _DrillChecker(_Checker):
    """The rubric's checks (mappings, text, choices), failing as DrillErrors that name the step."""

    def __init__(self, document: LocatedDocument, source: str, step_names: tuple[str | None, ...]):
        super().__init__(document, source)
        self.step_names = step_names

    def fail(self, problem: str, path: KeyPath, *, key: bool = False) -> DrillError:
        return DrillError(problem, source=self.source, place=self.document.place(path, key=key), path=path,
                          step_names=self.step_names)

    def pattern(self, value: object, path: KeyPath, pattern: re.Pattern, what: str) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(f"{what}, got {value!r}", path)
        return value

    def criteria(self, value: object, path: KeyPath, rubric: scoring.Rubric | None) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise self.fail("expected a list of rubric criteria, such as [empathy, mirroring]", path)
        for index, criterion in enumerate(value):
            where = path + (index,)
            self.pattern(criterion, where, CRITERION_ID, "a criterion id is lower-case letters, digits and "
                                                         "underscores")
            if criterion in value[:index]:
                raise self.fail(f"{criterion!r} is listed twice", where)
            if rubric is not None:
                if criterion not in rubric.ids:
                    raise self.fail(f"the rubric has no criterion {criterion!r}; it has: {', '.join(rubric.ids)}",
                                    where)
                if rubric.criterion(criterion).behaviour not in TRAINABLE_BEHAVIOURS:
                    raise self.fail(f"{criterion!r} is measured from call timing and cannot be practised with "
                                    "replies", where)
        return tuple(value)

    def title(self, value: object, path: KeyPath) -> str:
        title = self.text(value, path)
        if "\n" in title or len(title) > MAX_TITLE:
            raise self.fail(f"a title is one line of at most {MAX_TITLE} characters", path)
        return title

    def branch(self, value: object, path: KeyPath) -> Branch:
        if value is None:
            return Branch()
        spec = self.mapping(value, path, BRANCH_KEYS)
        return Branch(
            customer=self.text(spec["customer"], path + ("customer",)) if "customer" in spec else None,
            mood=self.choice(spec["mood"], path + ("mood",), MOODS) if "mood" in spec else None,
            next=self.pattern(spec["next"], path + ("next",), STEP_ID, "a step id or \"end\"")
            if "next" in spec else None,
        )


def _step_names(document: LocatedDocument) -> tuple[str | None, ...]:
    """The ids written on the steps, to name them in errors before they are checked."""
    top = document.value if isinstance(document.value, dict) else {}
    steps = top.get("steps") if isinstance(top.get("steps"), list) else []
    return tuple(step.get("id") if isinstance(step, dict) and isinstance(step.get("id"), str) else None
                 for step in steps)


def parse_drill(text: str, source: str = "drill", *, rubric: scoring.Rubric | None = None) -> DrillSpec:
    """The checked drill, or a DrillError. With ``rubric``, the trained criteria must be practisable in it."""

    def fail(problem: str, place: Place | None, path: KeyPath) -> DrillError:
        return DrillError(problem, source=source, place=place, path=path)

    document = parse_located(text, fail, what="drill", max_bytes=MAX_DRILL_BYTES)
    check = _DrillChecker(document, source, _step_names(document))
    top = check.mapping(document.value, (), TOP_KEYS)
    persona = check.mapping(top["persona"], ("persona",), PERSONA_KEYS)
    trains = check.criteria(top["trains"], ("trains",), rubric)
    raw_steps = top["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        raise check.fail("steps must be a list of the customer's lines, at least one", ("steps",))
    if len(raw_steps) > MAX_STEPS:
        raise check.fail(f"a drill has at most {MAX_STEPS} steps, this one has {len(raw_steps)}", ("steps",))
    steps: list[Step] = []
    for index, raw in enumerate(raw_steps):
        step = _step(check, raw, ("steps", index), index, trains)
        if any(step.id == earlier.id for earlier in steps):
            raise check.fail(f"two steps are named {step.id!r}", ("steps", index, "id"))
        steps.append(step)
    drill = DrillSpec(
        id=check.pattern(top["id"], ("id",), DRILL_ID, "an id is lower-case letters, digits and dashes"),
        title=check.title(top["title"], ("title",)),
        situation=check.text(top["situation"], ("situation",)),
        persona=Persona(check.text(persona["name"], ("persona", "name")),
                        check.text(persona.get("description", ""), ("persona", "description"), required=False)),
        mood=check.choice(top.get("mood", "upset"), ("mood",), MOODS),
        difficulty=check.choice(top.get("difficulty", "medium"), ("difficulty",), DIFFICULTIES),
        trains=trains,
        steps=tuple(steps),
        gives_up=check.text(top.get("gives_up", DEFAULT_GIVE_UP), ("gives_up",)),
        text=text,
    )
    _check_flow(check, drill)
    return drill


def _step(check: _DrillChecker, raw: object, path: KeyPath, index: int, trains: tuple[str, ...]) -> Step:
    spec = check.mapping(raw, path, STEP_KEYS)
    step_id = check.pattern(spec.get("id", f"step-{index + 1}"), path + ("id",), STEP_ID,
                            "a step id is lower-case letters, digits, dashes and underscores")
    if step_id in (END, GAVE_UP):
        raise check.fail(f"{step_id!r} is reserved; name the step otherwise", path + ("id",))
    step_trains = trains
    if "trains" in spec:
        step_trains = check.criteria(spec["trains"], path + ("trains",), None)
        for position, criterion in enumerate(step_trains):
            if criterion not in trains:
                raise check.fail(f"{criterion!r} is not one of the drill's trains ({', '.join(trains)}); add it "
                                 "there first", path + ("trains", position))
    return Step(
        id=step_id,
        customer=check.text(spec["customer"], path + ("customer",)),
        trains=step_trains,
        model_answer=check.text(spec.get("model_answer", ""), path + ("model_answer",), required=False),
        tip=check.text(spec.get("tip", ""), path + ("tip",), required=False),
        if_met=check.branch(spec.get("if_met"), path + ("if_met",)),
        if_missed=check.branch(spec.get("if_missed"), path + ("if_missed",)),
    )


def _check_flow(check: _DrillChecker, drill: DrillSpec) -> None:
    """Every ``next`` names a step, every step can be reached, every trained criterion is judged somewhere."""
    ids = [step.id for step in drill.steps]
    for index, step in enumerate(drill.steps):
        for name, branch in (("if_met", step.if_met), ("if_missed", step.if_missed)):
            if branch.next is not None and branch.next != END and branch.next not in ids:
                raise check.fail(f"no step is named {branch.next!r}; the steps are: {', '.join(ids)} (or end)",
                                 ("steps", index, name, "next"))
    reachable, frontier = {ids[0]}, [drill.steps[0]]
    while frontier:
        step = frontier.pop()
        for branch in (step.if_met, step.if_missed):
            target = drill.target(step, branch)
            if target != END and target not in reachable:
                reachable.add(target)
                frontier.append(drill.step(target))
    for index, step in enumerate(drill.steps):
        if step.id not in reachable:
            raise check.fail("no branch ever leads to this step; point a next at it or remove it", ("steps", index))
    judged = {criterion for step in drill.steps for criterion in step.trains}
    for index, criterion in enumerate(drill.trains):
        if criterion not in judged:
            raise check.fail(f"no step judges {criterion!r}; list it in a step's trains or remove it",
                             ("trains", index))


def renamed(text: str, drill_id: str, title: str) -> str:
    """The drill's YAML with a new id and title, comments and layout kept (for duplicating a drill).

    Only the two values are rewritten in place; a title written over several lines is left as it is.
    """
    drill = parse_drill(text)
    document = parse_located(text, lambda problem, place, path: DrillError(problem), what="drill",
                             max_bytes=MAX_DRILL_BYTES)
    lines = text.splitlines(keepends=True)
    id_place = document.value_places[("id",)]
    lines[id_place.line - 1] = _replace_scalar(lines[id_place.line - 1], id_place.column, drill.id, drill_id)
    result = "".join(lines)
    title_place, title_key = document.value_places[("title",)], document.key_places[("title",)]
    if title_place.line == title_key.line:
        line = lines[title_place.line - 1]
        ending = "\n" if line.endswith("\n") else ""
        lines[title_place.line - 1] = line[:title_place.column - 1] + json.dumps(title) + ending
        candidate = "".join(lines)
        try:
            if parse_drill(candidate).title == title:
                result = candidate
        except DrillError:
            pass  # the title went on over more lines: keep the original title rather than break the file
    return result


def _replace_scalar(line: str, column: int, old: str, new: str) -> str:
    head, tail = line[:column - 1], line[column - 1:]
    quote = tail[0] if tail[:1] in ("'", '"') else ""
    written = f"{quote}{old}{quote}"
    if not tail.startswith(written):
        raise DrillError(f"cannot find the id {old!r} where the file writes it")
    return head + f"{quote}{new}{quote}" + tail[len(written):]

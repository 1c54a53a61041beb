"""Rubrics: what a trainer reads and edits, checked completely before anything uses them.

A rubric is YAML (see ``rubrics/default.yaml``). Loading validates every key and value and raises
:class:`RubricError` naming the line, column and key path of the first problem, so a broken rubric never
replaces a working one.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from scoring import detectors as _detectors  # noqa: F401  (registers the built-in detectors)
from scoring.patterns import dependency_pattern_problems, token_pattern_problems
from scoring.registry import BEHAVIOURS, Concepts, DependencyPatterns, Range, TokenPatterns, Words, detectors
from scoring.rubric_yaml import LocatedDocument, Place, located, parse_located

KeyPath = tuple[str | int, ...]
CRITERION_ID = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
WEIGHT_RANGE = Range(0, 100)
MAX_TEXT = 2000


class RubricError(ValueError):
    """A rubric that cannot be used; the message names the file, line, column and key path."""

    def __init__(self, problem: str, *, source: str = "rubric", place: Place | None = None, path: KeyPath = ()):
        self.problem, self.source, self.place, self.path = problem, source, place, path
        super().__init__(located(problem, source, place, format_path(path) if path else ""))


def format_path(path: KeyPath) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    description: str
    tip: str
    weight: float
    concerns: str
    behaviour: str
    detector: str
    settings: Any


@dataclass(frozen=True)
class Rubric:
    name: str
    version: int
    description: str
    criteria: tuple[Criterion, ...]
    text: str = dataclasses.field(repr=False, compare=False, default="")

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    @property
    def ids(self) -> list[str]:
        return [criterion.id for criterion in self.criteria]

    def total(self, verdicts: Mapping[str, str]) -> float:
        """0-100: the weighted share of applicable criteria that were met (criteria not in ``verdicts`` and
        "not_applicable" ones do not count). A reviewer's overrides go through here too."""
        earned = possible = 0.0
        for criterion in self.criteria:
            verdict = verdicts.get(criterion.id, "not_applicable")
            if verdict != "not_applicable":
                possible += criterion.weight
                earned += criterion.weight if verdict == "met" else 0.0
        return round(100.0 * earned / possible, 1) if possible else 0.0


class _Checker:
    """Walks the parsed document; every failure becomes a RubricError at the right place."""

    def __init__(self, document: LocatedDocument, source: str):
        self.document, self.source = document, source

    def fail(self, problem: str, path: KeyPath, *, key: bool = False) -> RubricError:
        return RubricError(problem, source=self.source, place=self.document.place(path, key=key), path=path)

    def mapping(self, value: Any, path: KeyPath, allowed: dict[str, bool]) -> dict:
        """Check a mapping's keys: ``allowed`` maps each key to whether it is required."""
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping of keys, got {_kind(value)}", path)
        for key in value:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r}; allowed keys: {', '.join(allowed)}", path + (key,), key=True)
        for key, required in allowed.items():
            if required and key not in value:
                raise self.fail(f"missing key {key!r}", path, key=True)
        return value

    def text(self, value: Any, path: KeyPath, *, required: bool = True) -> str:
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"expected text, got {_kind(value)}", path)
        if len(value) > MAX_TEXT:
            raise self.fail(f"text longer than {MAX_TEXT} characters", path)
        return value.strip()

    def number(self, value: Any, path: KeyPath, bounds: Range | None, *, integer: bool = False) -> float | int:
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise self.fail(f"expected {'a whole number' if integer else 'a number'}, got {_kind(value)}", path)
        if bounds is not None and not bounds.low <= value <= bounds.high:
            raise self.fail(f"must be from {bounds.low:g} to {bounds.high:g}, got {_number(value)}", path)
        return value

    def choice(self, value: Any, path: KeyPath, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(f"must be one of {', '.join(choices)}, got {value!r}", path)
        return value

    def words(self, value: Any, path: KeyPath) -> Words:
        if not isinstance(value, list):
            raise self.fail(f"expected a list of words or phrases, got {_kind(value)}", path)
        for index, word in enumerate(value):
            if not isinstance(word, str) or not word.strip():
                raise self.fail(f"expected a word or phrase, got {_kind(word)}", path + (index,))
            if len(word) > 200:
                raise self.fail("a phrase longer than 200 characters", path + (index,))
        return Words(word.strip() for word in value)

    def concepts(self, value: Any, path: KeyPath) -> Concepts:
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping from concept name to its words, got {_kind(value)}", path)
        return Concepts({str(name): self.words(words, path + (name,)) for name, words in value.items()})

    def patterns(self, value: Any, path: KeyPath, kind: type) -> list:
        if not isinstance(value, list):
            raise self.fail(f"expected a list of patterns, got {_kind(value)}", path)
        check = token_pattern_problems if kind is TokenPatterns else dependency_pattern_problems
        for index, pattern in enumerate(value):
            for inner, problem in check(pattern):
                raise self.fail(f"bad pattern: {problem}", path + (index,) + inner)
        return kind(value)

    def settings(self, detector_name: str, value: Any, path: KeyPath) -> Any:
        settings_class = detectors.get(detector_name).Settings
        hints = typing.get_type_hints(settings_class, include_extras=True)
        fields = {f.name: f for f in dataclasses.fields(settings_class)}
        required = {
            name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            for name, f in fields.items()
        }
        value = self.mapping({} if value is None else value, path, required)
        checked = {}
        for name, raw in value.items():
            hint = hints[name]
            bounds = None
            if typing.get_origin(hint) is typing.Annotated:
                hint, bounds = typing.get_args(hint)[0], typing.get_args(hint)[1]
            where = path + (name,)
            if hint is Words:
                checked[name] = self.words(raw, where)
            elif hint is Concepts:
                checked[name] = self.concepts(raw, where)
            elif hint in (TokenPatterns, DependencyPatterns):
                checked[name] = self.patterns(raw, where, hint)
            elif hint is bool:
                if not isinstance(raw, bool):
                    raise self.fail(f"expected true or false, got {_kind(raw)}", where)
                checked[name] = raw
            elif hint in (int, float):
                checked[name] = self.number(raw, where, bounds, integer=hint is int)
            elif hint is str:
                checked[name] = self.text(raw, where)
            else:  # a detector declared a setting type this loader does not know: a programming error.
                raise TypeError(f"{settings_class.__name__}.{name}: unsupported setting type {hint!r}")
        return settings_class(**checked)


def _number(value: float | int) -> str:
    """:g, which overflows for an integer beyond 1e308: those are written shortened."""
    return f"{value:g}" if isinstance(value, float) or abs(value) < 10**15 else f"{str(value)[:12]}… (a huge number)"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {_number(value)}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


TOP_KEYS = {"name": True, "version": False, "description": False, "criteria": True}
CRITERION_KEYS = {
    "title": True,
    "description": True,
    "tip": False,
    "weight": True,
    "concerns": False,
    "behaviour": True,
    "detector": True,
}
DETECTOR_KEYS = {"name": True, "settings": False}


def parse_rubric(text: str, source: str = "rubric") -> Rubric:
    def fail(problem: str, place: Place | None, path: KeyPath) -> RubricError:
        return RubricError(problem, source=source, place=place, path=path)

    document = parse_located(text, fail)
    check = _Checker(document, source)
    top = check.mapping(document.value, (), TOP_KEYS)
    criteria_map = top["criteria"]
    if not isinstance(criteria_map, dict) or not criteria_map:
        raise check.fail("criteria must be a mapping from criterion id to its definition", ("criteria",))
    criteria = []
    for criterion_id, spec in criteria_map.items():
        path: KeyPath = ("criteria", criterion_id)
        if not CRITERION_ID.match(criterion_id):
            raise check.fail(
                "a criterion id is lower-case letters, digits and underscores, starting with a letter", path, key=True
            )
        check.mapping(spec, path, CRITERION_KEYS)
        detector = check.mapping(spec["detector"], path + ("detector",), DETECTOR_KEYS)
        detector_name = detector["name"]
        if not isinstance(detector_name, str) or detector_name not in detectors.get_all():
            known = ", ".join(sorted(detectors.get_all()))
            raise check.fail(f"unknown detector {detector_name!r}; known detectors: {known}", path + ("detector", "name"))
        criteria.append(
            Criterion(
                id=criterion_id,
                title=check.text(spec["title"], path + ("title",)),
                description=check.text(spec["description"], path + ("description",)),
                tip=check.text(spec.get("tip", ""), path + ("tip",), required=False),
                weight=float(check.number(spec["weight"], path + ("weight",), WEIGHT_RANGE)),
                concerns=check.choice(spec.get("concerns", "agent"), path + ("concerns",), ("agent",)),
                behaviour=check.choice(spec["behaviour"], path + ("behaviour",), BEHAVIOURS),
                detector=detector_name,
                settings=check.settings(detector_name, detector.get("settings"), path + ("detector", "settings")),
            )
        )
    if not any(criterion.weight > 0 for criterion in criteria):
        raise check.fail("at least one criterion needs a weight above 0", ("criteria",))
    return Rubric(
        name=check.text(top["name"], ("name",)),
        version=int(check.number(top.get("version", 1), ("version",), Range(1, 10_000), integer=True)),
        description=check.text(top.get("description", ""), ("description",), required=False),
        criteria=tuple(criteria),
        text=text,
    )


def load_rubric(source: str | Path) -> Rubric:
    """A rubric from a path, or from YAML text (any string with a line break is taken as the text itself)."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RubricError("file not found", source=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RubricError(f"cannot read the file: {exc}", source=str(path)) from None
        return parse_rubric(text, source=str(path))
    return parse_rubric(source)


def default_rubric() -> Rubric:
    resource = files("rubrics").joinpath("default.yaml")
    return parse_rubric(resource.read_text(encoding="utf-8"), source="rubrics/default.yaml")

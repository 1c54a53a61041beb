"""YAML for rubrics: safe, bounded, and remembering where every value sits so errors can name the place.

PyYAML's ``safe_load`` forgets positions and expands aliases (a few lines of ``&a [*a, *a, ...]`` grow into
gigabytes), so the document is parsed to nodes, refused if it uses anchors or aliases or is too large or deep,
and built into plain Python values alongside a map from key path to line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 512 * 1024
MAX_DEPTH = 24

Path = tuple[str | int, ...]


class RubricLoader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. Under YAML 1.1 a word list ``[yes, no, on]`` would turn into booleans."""


RubricLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RubricLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Place:
    line: int
    column: int


def located(problem: str, source: str, place: Place | None, where_in_document: str) -> str:
    """An error message that names the file, line, column and the key path (already described)."""
    where = source
    if place is not None:
        where += f", line {place.line}, column {place.column}"
    if where_in_document:
        where += f" ({where_in_document})"
    return f"{where}: {problem}"


@dataclass
class LocatedDocument:
    value: Any
    value_places: dict[Path, Place]
    key_places: dict[Path, Place]

    def place(self, path: Path, *, key: bool = False) -> Place | None:
        """Where ``path`` is written; the nearest written ancestor when the path itself is missing."""
        places = self.key_places if key else self.value_places
        while path:
            if path in places:
                return places[path]
            key, path = False, path[:-1]
            places = self.value_places
        return self.value_places.get(())


def _place(node_or_mark) -> Place:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return Place(mark.line + 1, mark.column + 1)


def parse_located(text: str, fail: Callable[[str, Place | None, Path], Exception], *,
                  what: str = "rubric", max_bytes: int = MAX_BYTES) -> LocatedDocument:
    """Parse ``text``; problems are raised as ``fail(message, place, path)``, naming the document ``what``
    (drills reuse this parser with their own size limit)."""
    size = len(text.encode("utf-8", "replace"))
    if size > max_bytes:
        raise fail(f"the {what} is {size} bytes; the limit is {max_bytes}", None, ())
    try:
        depth = 0
        for event in yaml.parse(text, Loader=RubricLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise fail(f"anchors and aliases (& and *) are not allowed in a {what}", _place(event), ())
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:  # before composing: PyYAML's composer recurses once per level
                    raise fail(f"the {what} is nested deeper than {MAX_DEPTH} levels", _place(event), ())
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        loader = RubricLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fail(f"not valid YAML: {exc.problem or exc.context}", _place(mark) if mark else None, ()) from None
    except yaml.YAMLError as exc:
        raise fail(f"not valid YAML: {exc}", None, ()) from None
    document = LocatedDocument(None, {}, {})
    if root is None:
        return document
    document.value = _build(root, (), document, SafeConstructor(), fail, what)
    return document


def _build(node: Node, path: Path, document: LocatedDocument, constructor: SafeConstructor, fail, what: str) -> Any:
    if len(path) > MAX_DEPTH:
        raise fail(f"the {what} is nested deeper than {MAX_DEPTH} levels", _place(node), path)
    document.value_places[path] = _place(node)
    if isinstance(node, ScalarNode):
        try:
            return constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # !!int abc, 2001-13-45, 5000 digits
            raise fail(f"cannot read this value: {_first_line(exc)}", _place(node), path) from None
    if isinstance(node, SequenceNode):
        return [_build(item, path + (index,), document, constructor, fail, what)
                for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise fail("keys must be plain words", _place(key_node), path)
            try:
                key = str(constructor.construct_object(key_node))
            except (yaml.YAMLError, ValueError, OverflowError) as exc:  # also "<<", the merge key
                raise fail(f"cannot read this key: {_first_line(exc)}", _place(key_node), path) from None
            if key in result:
                raise fail(f"key {key!r} is written twice", _place(key_node), path + (key,))
            document.key_places[path + (key,)] = _place(key_node)
            result[key] = _build(value_node, path + (key,), document, constructor, fail, what)
        return result
    raise fail("unsupported YAML node", _place(node), path)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

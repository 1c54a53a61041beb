"""Turns of a call, and the runs of consecutive turns one speaker holds (LABELING.md counts them as one turn)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SPEAKERS = ("agent", "customer")


class TurnError(ValueError):
    """A turn that cannot be scored (unknown speaker, text that is not a string, times out of order)."""


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise TurnError(f"speaker must be 'agent' or 'customer', got {self.speaker!r}")
        if not isinstance(self.text, str):
            raise TurnError(f"text must be a string, got {type(self.text).__name__}")
        if not self.text.isascii():
            try:
                self.text.encode("utf-8")
            except UnicodeEncodeError:
                raise TurnError("text must be Unicode text; it holds a lone surrogate (\\ud800-\\udfff)") from None
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0
            ):
                raise TurnError(f"{name} must be a number of seconds >= 0, got {value!r}")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise TurnError(f"end ({self.end}) is before start ({self.start})")

    @property
    def timed(self) -> bool:
        return self.start is not None and self.end is not None

    @classmethod
    def from_dict(cls, data: Mapping) -> Turn:
        """Build a turn from the JSON Lines form (``speaker``, ``text``, optional ``start``/``end``)."""
        if not isinstance(data, Mapping):
            raise TurnError(f"a turn must be an object, got {type(data).__name__}")
        unknown = set(data) - {"speaker", "text", "start", "end"}
        if unknown:
            raise TurnError(f"unknown turn field(s): {', '.join(sorted(unknown))}")
        for required in ("speaker", "text"):
            if required not in data:
                raise TurnError(f"a turn needs {required!r}")
        return cls(data["speaker"], data["text"], data.get("start"), data.get("end"))


@dataclass(frozen=True)
class Block:
    """Consecutive turns of one speaker with no turn of the other speaker between them."""

    speaker: str
    turns: tuple[int, ...]


def speaker_blocks(turns: Sequence[Turn]) -> list[Block]:
    blocks: list[Block] = []
    for index, turn in enumerate(turns):
        if blocks and blocks[-1].speaker == turn.speaker:
            blocks[-1] = Block(turn.speaker, blocks[-1].turns + (index,))
        else:
            blocks.append(Block(turn.speaker, (index,)))
    return blocks

"""Speaker-labelled words to turns: a turn is a run of consecutive words (in time) of one speaker."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from qa_app.transcription.types import Turn, Word


def to_turns(labelled: Iterable[tuple[str, Word]]) -> list[Turn]:
    """Merge words of any number of speakers by start time and cut a turn wherever the speaker changes."""
    ordered = sorted(labelled, key=lambda pair: (pair[1].start, pair[1].end))
    turns = []
    for speaker, run in groupby(ordered, key=lambda pair: pair[0]):
        words = [word for _, word in run]
        turns.append(
            Turn(
                speaker=speaker,
                start=words[0].start,
                end=max(word.end for word in words),
                text=" ".join(word.word for word in words),
                words=words,
            )
        )
    return turns

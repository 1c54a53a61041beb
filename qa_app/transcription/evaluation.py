"""How well transcription does on labelled calls with audio: word error rate and speaker accuracy.

Used by ``qa-app eval --audio``: each call's ``audio`` (relative to the dataset) is transcribed and compared with
the call's reference turns, which carry ``start``/``end`` times.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa_app.errors import UserError
from qa_app.transcription import transcribe
from qa_app.transcription.types import Transcript, Word

# Hyphens and slashes join words ("two-day"); other punctuation and case carry no words.
_JOINERS = re.compile(r"[-‐‑–—/]")
_NOT_WORD = re.compile(r"[^\w\s']")


@dataclass
class AudioEvalResult:
    wer: float  # over all calls: word edits / reference words, normalized for case and punctuation
    # Share of transcribed words whose speaker matches the reference turn covering the word's time;
    # None when no reference turn carries times.
    speaker_accuracy: float | None
    # Each input call with "turns" replaced by the transcribed turns ({"speaker", "text", "start", "end"}),
    # every other key kept, plus "reference_turns": the original turns.
    calls: list[dict]
    per_call: list[dict]  # {"id", "wer", "speaker_accuracy", "seconds"}


def normalize(text: str) -> list[str]:
    """Words of ``text`` for comparison: lower case, punctuation dropped (apostrophes inside words kept)."""
    text = _NOT_WORD.sub(" ", _JOINERS.sub(" ", text.lower()))
    return [word.strip("'") for word in text.split() if word.strip("'")]


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Word-level Levenshtein distance (substitutions, insertions, deletions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)))
        previous = current
    return previous[-1]


def reference_speaker(word: Word, turns: list[dict]) -> str:
    """The speaker of the reference turn overlapping the word most; for a word in a gap, of the nearest turn."""
    def overlap(turn):
        return min(turn["end"], word.end) - max(turn["start"], word.start)

    best = max(turns, key=overlap)
    if overlap(best) <= 0:
        middle = (word.start + word.end) / 2
        best = min(turns, key=lambda turn: min(abs(turn["start"] - middle), abs(turn["end"] - middle)))
    return best["speaker"]


def _speaker_matches(transcript: Transcript, reference_turns: list[dict]) -> tuple[int, int] | None:
    timed = [turn for turn in reference_turns if "start" in turn and "end" in turn]
    if not timed:
        return None
    words = [(turn.speaker, word) for turn in transcript.turns for word in turn.words]
    return sum(speaker == reference_speaker(word, timed) for speaker, word in words), len(words)


def evaluate_audio(
    calls: list[dict],
    base_dir: Path,
    *,
    engine: str | None = None,
    model: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> AudioEvalResult:
    """Transcribe every call's ``audio`` (relative to ``base_dir``) and compare with its reference turns.

    ``progress(call_id, fraction)`` follows each call. A call without ``audio`` is refused.
    """
    edits = reference_words = matched = attributed = 0
    out_calls, per_call = [], []
    for call in calls:
        call_id = str(call.get("id", len(per_call)))
        if not call.get("audio"):
            raise UserError(f"call {call_id} has no 'audio' field, so it cannot be evaluated with --audio.")
        started = time.perf_counter()
        transcript = transcribe(
            Path(base_dir) / call["audio"],
            engine=engine,
            model=model,
            progress=(lambda fraction, call_id=call_id: progress(call_id, fraction)) if progress else None,
        )
        seconds = time.perf_counter() - started
        reference = normalize(" ".join(turn["text"] for turn in call["turns"]))
        hypothesis = normalize(" ".join(turn.text for turn in transcript.turns))
        call_edits = edit_distance(reference, hypothesis)
        edits, reference_words = edits + call_edits, reference_words + len(reference)
        speakers = _speaker_matches(transcript, call["turns"])
        if speakers:
            matched, attributed = matched + speakers[0], attributed + speakers[1]
        per_call.append(
            {
                "id": call_id,
                "wer": round(call_edits / max(1, len(reference)), 4),
                "speaker_accuracy": round(speakers[0] / max(1, speakers[1]), 4) if speakers else None,
                "seconds": round(seconds, 2),
            }
        )
        out_calls.append(
            {
                **call,
                "turns": [
                    {"speaker": turn.speaker, "text": turn.text, "start": turn.start, "end": turn.end}
                    for turn in transcript.turns
                ],
                "reference_turns": call["turns"],
            }
        )
    return AudioEvalResult(
        wer=round(edits / max(1, reference_words), 4),
        speaker_accuracy=round(matched / attributed, 4) if attributed else None,
        calls=out_calls,
        per_call=per_call,
    )

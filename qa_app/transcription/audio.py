"""Read any call recording into per-channel float32 samples at 16 kHz, with PyAV (no system ffmpeg).

Every way a file can be unusable ends in :class:`AudioError` with one sentence a reviewer can act on; the
input file is only ever opened for reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import av
import numpy as np

from qa_app.config import get_settings
from qa_app.errors import UserError

SAMPLE_RATE = 16_000  # what Whisper and the speaker features expect
# Quieter than this everywhere (peak, full scale = 1.0) is a recording of nothing: about -50 dBFS.
SILENCE_PEAK = 0.003
# Channels correlated at least this much are one signal copied twice (a mono call saved as stereo).
SAME_SIGNAL_CORRELATION = 0.98
# Sample rates a recording can have. A header claiming more (a damaged one: 1.8 GHz) would make the resampler to
# 16 kHz build filters of gigabytes for a few bytes of audio.
SAMPLE_RATES = range(1_000, 384_001)
# Codecs whose header states the exact length, so a shortfall after decoding means the file was cut off.
# (Lossy formats often only estimate their length from the bitrate; a shortfall there proves nothing.)
# WAV is handled apart: see _promised_seconds.
_EXACT_LENGTH_CODEC_PREFIXES = ("pcm_", "flac", "alac", "wavpack")


class AudioError(UserError):
    """The recording cannot be used; the message says why in one sentence."""


@dataclass(frozen=True)
class AudioInfo:
    """What the file says about itself, read without decoding it."""

    duration: float  # seconds; 0.0 when the container does not say
    channels: int
    sample_rate: int
    format: str  # container, e.g. "wav", "mp3", "ogg", "mov,mp4,m4a,3gp,3g2,mj2"
    codec: str  # e.g. "pcm_s16le", "pcm_mulaw", "mp3", "aac", "opus", "flac"
    recorded_on: date | None = None  # from the file's creation-date tag, when it has one


@dataclass
class Audio:
    """Decoded samples: one float32 array per channel (left first), all at :data:`SAMPLE_RATE`."""

    channels: list[np.ndarray]
    info: AudioInfo

    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        return len(self.channels[0]) / self.sample_rate

    def has_two_parties(self) -> bool:
        """Two channels that each carry their own sound (not one silent, not two copies of the same signal)."""
        if len(self.channels) != 2:
            return False
        # Every 16th sample is plenty to compare, and keeps a three-hour call cheap.
        left, right = (channel[::16].astype(np.float64) for channel in self.channels)
        if min(np.max(np.abs(left)), np.max(np.abs(right))) < SILENCE_PEAK:
            return False
        return float(np.corrcoef(left, right)[0, 1]) < SAME_SIGNAL_CORRELATION

    def mixed(self) -> np.ndarray:
        """All channels summed to one, as a mono recorder would have heard them."""
        if len(self.channels) == 1:
            return self.channels[0]
        return np.mean(np.stack(self.channels), axis=0).astype(np.float32)


def _open(path: Path) -> av.container.InputContainer:
    if not path.is_file():
        raise AudioError(f"{path} does not exist or is not a file.")
    if path.stat().st_size == 0:
        raise AudioError(f"{path.name} is empty (0 bytes).")
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise AudioError(f"{path.name} is not a readable audio file ({_reason(exc)}).") from None
    if not container.streams.audio:
        container.close()
        raise AudioError(f"{path.name} has no audio stream.")
    if container.streams.audio[0].codec_context is None:  # e.g. a WAV header naming 224 bits per sample
        container.close()
        raise AudioError(f"{path.name} uses an audio encoding that cannot be decoded.")
    return container


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _recorded_on(metadata: dict[str, str]) -> date | None:
    for key in ("creation_time", "date", "DATE", "ICRD"):
        try:
            return date.fromisoformat(metadata[key][:10])
        except (KeyError, ValueError):
            continue
    return None


def _info(container: av.container.InputContainer) -> AudioInfo:
    stream = container.streams.audio[0]
    if stream.duration is not None and stream.time_base is not None:
        duration = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        duration = container.duration / av.time_base
    else:
        duration = 0.0
    return AudioInfo(
        duration=duration,
        channels=stream.channels,
        sample_rate=stream.sample_rate,
        format=container.format.name,
        codec=stream.codec_context.name,
        recorded_on=_recorded_on({**container.metadata, **stream.metadata}),
    )


def _check_usable(path: Path, info: AudioInfo, max_seconds: float | None) -> None:
    if info.channels not in (1, 2):
        raise AudioError(f"{path.name} has {info.channels} channels; a call recording has one or two.")
    if info.sample_rate not in SAMPLE_RATES:
        raise AudioError(f"{path.name} has a sample rate of {info.sample_rate} Hz; a recording has from "
                         f"{SAMPLE_RATES.start} to {SAMPLE_RATES.stop - 1} Hz, so the file is damaged.")
    _check_length(path, info.duration, max_seconds)


def _check_length(path: Path, seconds: float, max_seconds: float | None) -> None:
    if max_seconds is None:
        max_seconds = get_settings().max_audio_seconds
    if seconds > max_seconds:
        raise AudioError(
            f"{path.name} is {_spoken(seconds)} long; the limit is {_spoken(max_seconds)} (QA_MAX_AUDIO_SECONDS)."
        )


def _spoken(seconds: float) -> str:
    return f"{seconds:.0f} seconds" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def probe(path: str | Path, *, max_seconds: float | None = None) -> AudioInfo:
    """Duration, channels, sample rate and format from the file's header, without decoding the audio.

    Refuses what the header already shows to be unusable: no audio, more than two channels, or longer than
    ``max_seconds`` (default ``get_settings().max_audio_seconds``).
    """
    path = Path(path)
    with _open(path) as container:
        info = _info(container)
    _check_usable(path, info, max_seconds)
    return info


def load(path: str | Path, *, max_seconds: float | None = None) -> Audio:
    """Decode ``path`` into 16 kHz float32 channels (one or two; more are refused).

    ``max_seconds`` defaults to ``get_settings().max_audio_seconds``; a longer file is refused before decoding.
    """
    path = Path(path)
    with _open(path) as container:
        info = _info(container)
        _check_usable(path, info, max_seconds)
        channels = _decode(path, container, info.channels)
    audio = Audio(channels=channels, info=info)
    if audio.duration == 0.0:
        raise AudioError(f"{path.name} contains no audio samples.")
    _check_length(path, audio.duration, max_seconds)  # the header may not have said
    promised = _promised_seconds(path, info)
    if promised is not None and audio.duration < promised - max(0.5, 0.02 * promised):
        raise AudioError(
            f"{path.name} is truncated: its header promises {promised:.1f} s "
            f"but only {audio.duration:.1f} s of audio could be read."
        )
    if max(float(np.max(np.abs(channel))) for channel in channels) < SILENCE_PEAK:
        raise AudioError(f"{path.name} contains only silence.")
    return audio


def _promised_seconds(path: Path, info: AudioInfo) -> float | None:
    """The length the file's header states exactly, if it does; a shorter decode then means the file was cut off."""
    if info.format == "wav":
        # FFmpeg derives a WAV's length from the file size, so read the length the RIFF header itself declares.
        return _riff_data_seconds(path)
    return info.duration if info.codec.startswith(_EXACT_LENGTH_CODEC_PREFIXES) else None


def _riff_data_seconds(path: Path) -> float | None:
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    position, byte_rate = 12, None
    while position + 8 <= len(head):
        chunk, size = head[position : position + 4], int.from_bytes(head[position + 4 : position + 8], "little")
        if chunk == b"fmt ":
            byte_rate = int.from_bytes(head[position + 16 : position + 20], "little")
        elif chunk == b"data":
            # Writers that stream (phone systems recording live) may leave the size at 0 or all ones.
            return size / byte_rate if byte_rate and 0 < size < 0xFFFFFFF0 else None
        position += 8 + size + (size & 1)
    return None


def _decode(path: Path, container: av.container.InputContainer, n_channels: int) -> list[np.ndarray]:
    resampler = av.AudioResampler(format="fltp", layout="stereo" if n_channels == 2 else "mono", rate=SAMPLE_RATE)
    parts: list[np.ndarray] = []
    decoded_seconds = 0.0
    try:
        for frame in container.decode(container.streams.audio[0]):
            decoded_seconds += frame.samples / (frame.sample_rate or SAMPLE_RATE)
            parts.extend(out.to_ndarray() for out in resampler.resample(frame))
        parts.extend(out.to_ndarray() for out in resampler.resample(None))
    except av.FFmpegError as exc:
        raise AudioError(
            f"{path.name} is damaged or truncated: decoding failed after {decoded_seconds:.1f} s ({_reason(exc)})."
        ) from None
    if not parts:
        return [np.zeros(0, dtype=np.float32) for _ in range(n_channels)]
    samples = np.concatenate(parts, axis=1)  # planar: shape (channels, samples)
    return [np.ascontiguousarray(samples[i], dtype=np.float32) for i in range(n_channels)]

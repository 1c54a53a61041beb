"""Decoding every call format with PyAV, and refusing unusable files with one clear sentence."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from qa_app.errors import UserError
from qa_app.transcription.audio import SAMPLE_RATE, AudioError, load, probe
from tests.transcription.conftest import MONO_8K, MONO_16K, STEREO_8K_AGENT_RIGHT, STEREO_16K

# (file name, codec, sample rate of the encoded file)
FORMATS = [
    ("pcm_16k.wav", "pcm_s16le", 16_000),
    ("pcm_44k.wav", "pcm_s16le", 44_100),
    ("mulaw_8k.wav", "pcm_mulaw", 8_000),
    ("alaw_8k.wav", "pcm_alaw", 8_000),
    ("call.mp3", "libmp3lame", 22_050),
    ("call.m4a", "aac", 48_000),
    ("call.ogg", "libopus", 48_000),
    ("call.flac", "flac", 32_000),
]


def encode(source: Path, target: Path, codec: str, rate: int) -> Path:
    """Re-encode ``source`` (kept stereo) with PyAV, the way another call system might have exported it."""
    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        stream = out.add_stream(codec, rate=rate, layout="stereo")
        resampler = av.AudioResampler(format=stream.codec_context.codec.audio_formats[0].name, layout="stereo",
                                      rate=rate)
        for frame in inp.decode(audio=0):
            for resampled in resampler.resample(frame):
                out.mux(stream.encode(resampled))
        for resampled in resampler.resample(None):
            out.mux(stream.encode(resampled))
        out.mux(stream.encode(None))
    return target


def envelope(samples: np.ndarray) -> np.ndarray:
    """Loudness per 50 ms: what must survive any codec for the words and the speakers to survive."""
    hop = SAMPLE_RATE // 20
    usable = len(samples) // hop * hop
    return np.sqrt(np.mean(samples[:usable].reshape(-1, hop) ** 2, axis=1))


@pytest.fixture(scope="module")
def original():
    return load(STEREO_16K)


@pytest.mark.parametrize(("name", "codec", "rate"), FORMATS)
def test_every_call_format_decodes_to_the_same_two_channels(tmp_path, original, name, codec, rate):
    encoded = encode(STEREO_16K, tmp_path / name, codec, rate)
    audio = load(encoded)
    assert audio.sample_rate == SAMPLE_RATE
    assert len(audio.channels) == 2 and all(c.dtype == np.float32 for c in audio.channels)
    assert audio.info.sample_rate == rate and audio.info.channels == 2
    # Encoders add a little padding; the length must still match to a few frames.
    assert abs(audio.duration - original.duration) < 0.15
    for decoded, reference in zip(audio.channels, original.channels):
        a, b = envelope(decoded), envelope(reference)
        n = min(len(a), len(b))
        lag = int(np.argmax(np.correlate(a[:n], b[:n], "full")) - (n - 1))  # codec delay, in 50 ms steps
        assert abs(lag) <= 1
        assert np.corrcoef(np.roll(a[:n], -lag), b[:n])[0, 1] > 0.95


@pytest.mark.parametrize("path", [STEREO_16K, STEREO_8K_AGENT_RIGHT, MONO_16K, MONO_8K])
def test_committed_recordings_decode_at_16_khz(path):
    audio = load(path)
    info = probe(path)
    assert len(audio.channels) == info.channels
    assert info.sample_rate in (8_000, 16_000)
    assert abs(audio.duration - info.duration) < 0.01
    assert 15 < audio.duration < 30


def test_probe_reads_the_header_without_decoding():
    info = probe(STEREO_8K_AGENT_RIGHT)
    assert (info.channels, info.sample_rate, info.format, info.codec) == (2, 8_000, "wav", "pcm_mulaw")
    assert 15 < info.duration < 30


def test_two_parties_are_told_from_one_signal_on_two_channels(tmp_path, original):
    assert original.has_two_parties()
    assert not load(MONO_16K).has_two_parties()
    copied = tmp_path / "mono_as_stereo.wav"
    write_wav(copied, np.stack([original.mixed(), original.mixed()]))
    assert not load(copied).has_two_parties()
    one_sided = tmp_path / "one_sided.wav"
    write_wav(one_sided, np.stack([original.channels[0], np.zeros_like(original.channels[1])]))
    assert not load(one_sided).has_two_parties()


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    """Write float samples shaped (channels, n) as 16-bit PCM WAV."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    layout = "stereo" if pcm.shape[0] == 2 else "mono"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout=layout)
        frame = av.AudioFrame.from_ndarray(pcm.T.reshape(1, -1).copy(), format="s16", layout=layout)
        frame.sample_rate = rate
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Unusable inputs, each with a phrase its error message must contain."""
    text = tmp_path / "notes.wav"
    text.write_text("These are meeting notes, not a recording.\n" * 20)
    empty = tmp_path / "empty.mp3"
    empty.touch()
    truncated = tmp_path / "truncated.wav"
    whole = (tmp_path / "whole.wav")
    shutil.copy(MONO_8K, whole)
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    cut_flac = tmp_path / "cut.flac"
    cut_flac.write_bytes(STEREO_16K.read_bytes()[: STEREO_16K.stat().st_size // 3])
    silence = write_wav(tmp_path / "silence.wav", np.zeros((1, SAMPLE_RATE * 3)))
    surround = write_surround(tmp_path / "surround.wav")
    return {
        "not audio": (text, "not a readable audio file"),
        "empty": (empty, "is empty"),
        "truncated wav": (truncated, "truncated"),
        "truncated flac": (cut_flac, "truncated"),
        "silence": (silence, "only silence"),
        "more than two channels": (surround, "6 channels"),
        "missing": (tmp_path / "nowhere.wav", "does not exist"),
    }


def write_surround(path: Path) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("pcm_s16le", rate=SAMPLE_RATE, layout="5.1")
        pcm = np.zeros((1, SAMPLE_RATE * 6), dtype=np.int16)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="5.1")
        frame.sample_rate = SAMPLE_RATE
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


@pytest.mark.parametrize("case", ["not audio", "empty", "truncated wav", "truncated flac", "silence",
                                  "more than two channels", "missing"])
def test_unusable_files_get_one_clear_sentence_and_stay_untouched(tmp_path, case):
    path, phrase = bad_files(tmp_path)[case]
    before = digest(path) if path.exists() else None
    with pytest.raises(AudioError) as error:
        load(path)
    message = str(error.value)
    assert isinstance(error.value, UserError)
    assert phrase in message and path.name in message
    assert "\n" not in message and message.endswith(".")
    assert (digest(path) if path.exists() else None) == before


def test_a_recording_over_the_length_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setenv("QA_MAX_AUDIO_SECONDS", "10")
    with pytest.raises(AudioError, match=r"is 22 seconds long; the limit is 10 seconds \(QA_MAX_AUDIO_SECONDS\)"):
        probe(MONO_16K)
    with pytest.raises(AudioError, match="the limit is 10 seconds"):
        load(MONO_16K)
    assert load(MONO_16K, max_seconds=60).duration > 10

"""Two voices in one channel: tell them apart by how they sound, then tell which one is the agent by what it says.

No model is downloaded; this is the classic recipe of speaker diarization, small enough for numpy:

1. Cut the recording at pauses into segments. Between two parties' turns there is almost always a pause, so a
   segment is one voice.
2. Describe each frame by its spectral envelope (MFCCs) and its pitch; fit a Gaussian mixture to all speech
   frames of the call (the "background" model), and describe each segment by how it shifts that mixture's means
   (a GMM supervector).
3. Split the segments into two voices several ways (each of the main directions of the supervectors, and low vs
   high pitch), re-fit a model per voice and re-assign segments until stable, and keep the split whose two voice
   models explain the call best.
4. Which voice is the agent is decided from the words (:mod:`qa_app.transcription.roles`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qa_app.transcription.audio import SAMPLE_RATE
from qa_app.transcription.roles import agent_evidence
from qa_app.transcription.types import AGENT, CUSTOMER, Word


@dataclass(frozen=True)
class DiarizationSettings:
    frame_seconds: float = 0.025
    hop_seconds: float = 0.010
    n_mels: int = 40
    n_mfcc: int = 20  # coefficients 1..19 are used; 0 is loudness, which says more about the line than the voice
    # Frames louder than the quiet floor by this many dB are speech.
    speech_margin_db: float = 15.0
    # A pause at least this long ends a segment. Turn changes in calls leave longer gaps; pauses for breath
    # inside a sentence are shorter.
    min_pause_seconds: float = 0.3
    # Longer segments are cut into pieces, so a missed pause cannot glue two voices together for long.
    max_segment_seconds: float = 8.0
    # Segments with less speech than this are too short to describe a voice: they are only classified.
    min_speech_seconds: float = 0.3
    pitch_floor_hz: float = 60.0
    pitch_ceiling_hz: float = 400.0
    mixture_components: int = 16
    mixture_fit_rounds: int = 15
    relevance: float = 8.0  # how much speech a segment needs before its supervector trusts its own frames
    candidate_directions: int = 3
    regrouping_rounds: int = 8
    seed: int = 0


SETTINGS = DiarizationSettings()


@dataclass
class Diarization:
    speakers: list[str]  # one per word, "agent" or "customer"
    confidence: float  # 0..1: how clearly the voices separated, times how clearly the words named the agent


def _frames(samples: np.ndarray, settings: DiarizationSettings) -> np.ndarray:
    size = round(settings.frame_seconds * SAMPLE_RATE)
    hop = round(settings.hop_seconds * SAMPLE_RATE)
    if len(samples) < size:
        samples = np.pad(samples, (0, size - len(samples)))
    count = 1 + (len(samples) - size) // hop
    index = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    return samples[index]


def _mel_filterbank(n_fft: int, n_mels: int) -> np.ndarray:
    def to_mel(hz):
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    def to_hz(mel):
        return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)

    edges = to_hz(np.linspace(to_mel(60.0), to_mel(SAMPLE_RATE / 2 - 200.0), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / SAMPLE_RATE)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins[None, :] - lower) / (centre - lower)
    falling = (upper - bins[None, :]) / (upper - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None)


def _dct_matrix(n_in: int, n_out: int) -> np.ndarray:
    k = np.arange(n_out)[:, None]
    n = np.arange(n_in)[None, :]
    return np.cos(np.pi * k * (2 * n + 1) / (2 * n_in)) * np.sqrt(2.0 / n_in)


def _features(samples: np.ndarray, settings: DiarizationSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per frame: MFCCs 1..n-1, energy in dB, and log pitch (NaN where the frame is unvoiced)."""
    emphasized = np.append(samples[:1], samples[1:] - 0.97 * samples[:-1]).astype(np.float32)
    frames = _frames(emphasized, settings) * np.hamming(round(settings.frame_seconds * SAMPLE_RATE))
    n_fft = 512
    power = np.abs(np.fft.rfft(frames, n_fft)) ** 2
    log_mel = np.log(power @ _mel_filterbank(n_fft, settings.n_mels).T + 1e-10)
    mfcc = log_mel @ _dct_matrix(settings.n_mels, settings.n_mfcc).T
    energy_db = 10.0 * np.log10(np.mean(_frames(samples, settings) ** 2, axis=1) + 1e-12)
    return mfcc[:, 1:], energy_db, _log_pitch(samples, settings)


def _log_pitch(samples: np.ndarray, settings: DiarizationSettings) -> np.ndarray:
    """Autocorrelation pitch per frame over a 40 ms window (two periods of the lowest voice)."""
    long = DiarizationSettings(frame_seconds=0.040, hop_seconds=settings.hop_seconds)
    frames = _frames(samples, long)
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, 2 * frames.shape[1])
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2)[:, : frames.shape[1]]
    lags = np.arange(int(SAMPLE_RATE / settings.pitch_ceiling_hz), int(SAMPLE_RATE / settings.pitch_floor_hz))
    peaks = autocorrelation[:, lags]
    best = np.argmax(peaks, axis=1)
    strength = peaks[np.arange(len(best)), best] / (autocorrelation[:, 0] + 1e-12)
    pitch = np.log(SAMPLE_RATE / lags[best])
    pitch[strength < 0.5] = np.nan  # weak periodicity: unvoiced or silent
    # The pitch track has a longer window, so it has a few frames fewer; align it on frame starts.
    n_frames = 1 + max(0, len(samples) - round(settings.frame_seconds * SAMPLE_RATE)) // round(
        settings.hop_seconds * SAMPLE_RATE
    )
    return np.pad(pitch, (0, max(0, n_frames - len(pitch))), constant_values=np.nan)[:n_frames]


@dataclass
class _Segment:
    start: int  # first frame
    end: int  # frame after the last
    speech: np.ndarray  # indices of its speech frames
    pitch: np.ndarray  # log pitch of its voiced frames


def _segments(energy_db: np.ndarray, log_pitch: np.ndarray, settings: DiarizationSettings) -> list[_Segment]:
    floor = np.percentile(energy_db, 10)
    speech = energy_db > max(floor + settings.speech_margin_db, energy_db.max() - 60.0)
    min_pause = round(settings.min_pause_seconds / settings.hop_seconds)
    max_frames = round(settings.max_segment_seconds / settings.hop_seconds)
    spans = []
    start = quiet = None
    for i, is_speech in enumerate(np.append(speech, [False] * min_pause)):
        if is_speech:
            start = i if start is None else start
            quiet = None
        elif start is not None:
            quiet = i if quiet is None else quiet
            if i - quiet + 1 >= min_pause:
                pieces = -(-(quiet - start) // max_frames)
                bounds = np.linspace(start, quiet, pieces + 1).round().astype(int)
                spans.extend(zip(bounds[:-1], bounds[1:]))
                start = quiet = None
    segments = []
    for a, b in spans:
        frames = a + np.flatnonzero(speech[a:b])
        pitch = log_pitch[frames]
        segments.append(_Segment(int(a), int(b), frames, pitch[~np.isnan(pitch)]))
    return segments


@dataclass
class _Mixture:
    """A Gaussian mixture with diagonal covariances over frame features."""

    means: np.ndarray  # (components, dims)
    variances: np.ndarray
    weights: np.ndarray

    def component_log_likelihoods(self, frames: np.ndarray) -> np.ndarray:
        squared = ((frames[:, None, :] - self.means[None]) ** 2 / self.variances[None]).sum(axis=2)
        return -0.5 * (squared + np.log(self.variances).sum(axis=1)[None]) + np.log(self.weights)[None]

    def log_likelihood(self, frames: np.ndarray) -> np.ndarray:
        return _log_sum_exp(self.component_log_likelihoods(frames))

    def posteriors(self, frames: np.ndarray) -> np.ndarray:
        scores = self.component_log_likelihoods(frames)
        return np.exp(scores - _log_sum_exp(scores)[:, None])

    @classmethod
    def fit(cls, frames: np.ndarray, components: int, rounds: int, rng: np.random.Generator) -> _Mixture:
        components = min(components, len(frames))
        mixture = cls(
            means=frames[rng.choice(len(frames), components, replace=False)],
            variances=np.tile(frames.var(axis=0) + 1e-3, (components, 1)),
            weights=np.full(components, 1.0 / components),
        )
        for _ in range(rounds):
            posteriors = mixture.posteriors(frames)
            counts = posteriors.sum(axis=0) + 1e-6
            means = posteriors.T @ frames / counts[:, None]
            variances = np.maximum(posteriors.T @ frames**2 / counts[:, None] - means**2, 1e-3)
            mixture = cls(means, variances, counts / counts.sum())
        return mixture

    def adapted(self, frames: np.ndarray, relevance: float) -> _Mixture:
        """The means moved towards ``frames`` (MAP adaptation), more so for components the frames use a lot."""
        posteriors = self.posteriors(frames)
        counts = posteriors.sum(axis=0)
        observed = posteriors.T @ frames / np.maximum(counts[:, None], 1e-6)
        trust = (counts / (counts + relevance))[:, None]
        return _Mixture(trust * observed + (1 - trust) * self.means, self.variances, self.weights)


def _log_sum_exp(scores: np.ndarray) -> np.ndarray:
    top = scores.max(axis=1)
    return top + np.log(np.exp(scores - top[:, None]).sum(axis=1))


@dataclass
class _Voice:
    mixture: _Mixture
    pitch_mean: float
    pitch_variance: float

    def log_likelihood(self, features: np.ndarray, segment: _Segment) -> float:
        spectral = self.mixture.log_likelihood(features[segment.speech]).sum() if len(segment.speech) else 0.0
        pitch = -0.5 * ((segment.pitch - self.pitch_mean) ** 2 / self.pitch_variance + np.log(self.pitch_variance))
        return float(spectral + pitch.sum())


def _voices(features, segments, labels, background, settings) -> list[_Voice]:
    voices = []
    for k in (0, 1):
        members = [s for s, label in zip(segments, labels) if label == k]
        pitch = np.concatenate([s.pitch for s in members])
        voices.append(
            _Voice(
                mixture=background.adapted(features[np.concatenate([s.speech for s in members])], settings.relevance / 2),
                pitch_mean=float(pitch.mean()) if len(pitch) else 0.0,
                pitch_variance=float(pitch.var()) + 1e-4 if len(pitch) > 1 else 1.0,
            )
        )
    return voices


def _regroup(features, segments, labels, background, settings) -> tuple[np.ndarray, float, list[_Voice]] | None:
    """Alternate fitting a model per voice and re-assigning segments; the grouping, its log likelihood, the voices."""
    for _ in range(settings.regrouping_rounds):
        if min(np.bincount(labels, minlength=2)) == 0:
            return None
        voices = _voices(features, segments, labels, background, settings)
        scores = np.array([[voice.log_likelihood(features, s) for voice in voices] for s in segments])
        new = np.argmax(scores, axis=1)
        if (new == labels).all():
            break
        labels = new
    if min(np.bincount(labels, minlength=2)) == 0:
        return None
    return labels, float(scores.max(axis=1).sum()), voices


def _candidate_groupings(features, segments, background, settings) -> list[np.ndarray]:
    supervectors = np.stack(
        [
            ((background.adapted(features[s.speech], settings.relevance).means - background.means)
             * np.sqrt(background.weights)[:, None] / np.sqrt(background.variances)).ravel()
            for s in segments
        ]
    )
    supervectors -= supervectors.mean(axis=0)
    _, _, directions = np.linalg.svd(supervectors, full_matrices=False)
    candidates = [(supervectors @ direction > 0).astype(int) for direction in directions[: settings.candidate_directions]]
    pitch = np.array([np.median(s.pitch) if len(s.pitch) else np.nan for s in segments])
    if not np.isnan(pitch).all():
        pitch = np.where(np.isnan(pitch), np.nanmedian(pitch), pitch)
        candidates.append((pitch > np.median(pitch)).astype(int))
    return candidates


def diarize(samples: np.ndarray, words: list[Word], settings: DiarizationSettings = SETTINGS) -> Diarization:
    """Label each word of a mono two-party recording as the agent's or the customer's."""
    if not words:
        return Diarization(speakers=[], confidence=0.0)
    mfcc, energy_db, log_pitch = _features(samples, settings)
    segments = _segments(energy_db, log_pitch, settings)
    min_frames = settings.min_speech_seconds / settings.hop_seconds
    long_enough = [s for s in segments if len(s.speech) >= min_frames]
    if len(long_enough) < 2:  # one stretch of speech: nothing to tell apart
        return Diarization(speakers=[AGENT] * len(words), confidence=0.0)
    features = (mfcc - mfcc.mean(axis=0)) / (mfcc.std(axis=0) + 1e-9)
    rng = np.random.default_rng(settings.seed)
    speech_frames = np.concatenate([s.speech for s in long_enough])
    background = _Mixture.fit(features[speech_frames], settings.mixture_components, settings.mixture_fit_rounds, rng)
    results = [
        result
        for labels in _candidate_groupings(features, long_enough, background, settings)
        if (result := _regroup(features, long_enough, labels, background, settings)) is not None
    ]
    if not results:
        return Diarization(speakers=[AGENT] * len(words), confidence=0.0)
    _, _, voices = max(results, key=lambda result: result[1])

    # Every segment, short ones too, goes to the voice that explains it better; the margin per frame says how clearly.
    margins = np.array(
        [
            (voices[1].log_likelihood(features, s) - voices[0].log_likelihood(features, s)) / max(1, len(s.speech))
            for s in segments
        ]
    )
    word_margins = margins[[_segment_of(word, segments, settings.hop_seconds) for word in words]]
    voice_of_word = [int(m > 0) for m in word_margins]
    evidence = agent_evidence(words, voice_of_word)
    agent_voice = 1 if evidence.score > 0 else 0
    speakers = [AGENT if v == agent_voice else CUSTOMER for v in voice_of_word]
    separation = float(np.mean(np.tanh(np.abs(word_margins))))
    return Diarization(speakers=speakers, confidence=round(separation * evidence.certainty, 3))


def _segment_of(word: Word, segments: list[_Segment], hop: float) -> int:
    """The segment overlapping the word most; for a word placed in a pause, the nearest one."""
    start, end = word.start / hop, max(word.end, word.start + hop) / hop
    overlaps = [max(0.0, min(s.end, end) - max(s.start, start)) for s in segments]
    best = int(np.argmax(overlaps))
    if overlaps[best] > 0:
        return best
    middle = (start + end) / 2
    return int(np.argmin([min(abs(s.start - middle), abs(s.end - middle)) for s in segments]))

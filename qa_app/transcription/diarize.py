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
    # Background models fitted from different random starts; similar voices split well from some starts only,
    # and the likelihood tells which.
    restarts: int = 3


SETTINGS = DiarizationSettings()


@dataclass
class Diarization:
    speakers: list[str]  # one per word, "agent" or "customer"
    confidence: float  # 0..1: how clearly the voices separated, times how clearly the words named the agent


# Features are computed a minute of frames at a time, so memory stays flat however long the call is.
_BLOCK_FRAMES = 6000
_N_FFT = 512
_PITCH_WINDOW_SECONDS = 0.040  # two periods of the lowest voice


def _frames(samples: np.ndarray, size: int, hop: int, count: int) -> np.ndarray:
    return samples[np.arange(size)[None, :] + hop * np.arange(count)[:, None]]


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
    size = round(settings.frame_seconds * SAMPLE_RATE)
    hop = round(settings.hop_seconds * SAMPLE_RATE)
    pitch_size = round(_PITCH_WINDOW_SECONDS * SAMPLE_RATE)
    n_frames = 1 + max(0, len(samples) - size) // hop
    # Padding gives the last frames full windows (the pitch window is the longer one).
    samples = np.pad(samples.astype(np.float32), (0, pitch_size + hop))
    mel_to_mfcc = _mel_filterbank(_N_FFT, settings.n_mels).T, _dct_matrix(settings.n_mels, settings.n_mfcc).T
    lags = np.arange(int(SAMPLE_RATE / settings.pitch_ceiling_hz), int(SAMPLE_RATE / settings.pitch_floor_hz))
    blocks = []
    for first in range(0, n_frames, _BLOCK_FRAMES):
        count = min(_BLOCK_FRAMES, n_frames - first)
        block = samples[first * hop : (first + count) * hop + pitch_size]
        frames = _frames(block, size, hop, count)
        blocks.append((
            _mfcc(frames, *mel_to_mfcc),
            10.0 * np.log10(np.mean(frames**2, axis=1) + 1e-12),
            _log_pitch(_frames(block, pitch_size, hop, count), lags),
        ))
    mfcc, energy_db, log_pitch = (np.concatenate(parts) for parts in zip(*blocks))
    return mfcc, energy_db, log_pitch


def _mfcc(frames: np.ndarray, filterbank: np.ndarray, dct: np.ndarray) -> np.ndarray:
    emphasized = np.concatenate([frames[:, :1], frames[:, 1:] - 0.97 * frames[:, :-1]], axis=1)
    power = np.abs(np.fft.rfft(emphasized * np.hamming(frames.shape[1]), _N_FFT)) ** 2
    return (np.log(power @ filterbank + 1e-10) @ dct)[:, 1:]


def _log_pitch(frames: np.ndarray, lags: np.ndarray) -> np.ndarray:
    """Autocorrelation pitch per frame; NaN where the periodicity is weak (unvoiced sounds, silence)."""
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, 2 * frames.shape[1])
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2)[:, : frames.shape[1]]
    peaks = autocorrelation[:, lags]
    best = np.argmax(peaks, axis=1)
    strength = peaks[np.arange(len(best)), best] / (autocorrelation[:, 0] + 1e-12)
    pitch = np.log(SAMPLE_RATE / lags[best])
    pitch[strength < 0.5] = np.nan
    return pitch


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
        precision = 1.0 / self.variances
        # (x - m)^2 / v expanded, so the work is matrix products, not a frames x components x dims array.
        squared = frames**2 @ precision.T - 2.0 * frames @ (self.means * precision).T + (self.means**2 * precision).sum(1)
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

    def adapted(self, counts: np.ndarray, sums: np.ndarray, relevance: float) -> _Mixture:
        """The means moved towards frames with these statistics (MAP adaptation): ``counts`` per component and
        ``sums`` of frames weighted by their posteriors. Components the frames use a lot move most."""
        observed = sums / np.maximum(counts[:, None], 1e-6)
        trust = (counts / (counts + relevance))[:, None]
        return _Mixture(trust * observed + (1 - trust) * self.means, self.variances, self.weights)


def _log_sum_exp(scores: np.ndarray) -> np.ndarray:
    top = scores.max(axis=1)
    return top + np.log(np.exp(scores - top[:, None]).sum(axis=1))


@dataclass
class _Pooled:
    """The segments' speech frames and pitch values laid end to end, each tagged with its segment's number."""

    frames: np.ndarray
    frame_owner: np.ndarray
    pitch: np.ndarray
    pitch_owner: np.ndarray
    count: int

    @classmethod
    def of(cls, features: np.ndarray, segments: list[_Segment]) -> _Pooled:
        def owners(arrays):
            return np.concatenate([np.full(len(a), i) for i, a in enumerate(arrays)]).astype(int)

        return cls(
            frames=features[np.concatenate([s.speech for s in segments])],
            frame_owner=owners([s.speech for s in segments]),
            pitch=np.concatenate([s.pitch for s in segments]),
            pitch_owner=owners([s.pitch for s in segments]),
            count=len(segments),
        )

    def per_segment(self, values: np.ndarray, owner: np.ndarray) -> np.ndarray:
        """Sums of per-frame ``values`` (numbers or rows) per segment; ``owner`` is sorted, as laid out."""
        totals = np.zeros((self.count, *values.shape[1:]))
        if len(values):
            starts = np.searchsorted(owner, np.arange(self.count))
            present = starts < np.append(starts[1:], len(owner))  # segments with at least one value
            totals[present] = np.add.reduceat(values, starts[present], axis=0)
        return totals


@dataclass
class _Statistics:
    """Each segment's frames summarized against a background model: all a MAP adaptation needs."""

    counts: np.ndarray  # (segments, components): posterior mass
    sums: np.ndarray  # (segments, components, dims): posterior-weighted frame sums

    @classmethod
    def of(cls, background: _Mixture, pooled: _Pooled) -> _Statistics:
        posteriors = background.posteriors(pooled.frames)
        counts = pooled.per_segment(posteriors, pooled.frame_owner)
        sums = pooled.per_segment(posteriors[:, :, None] * pooled.frames[:, None, :], pooled.frame_owner)
        return cls(counts, sums)


@dataclass
class _Voice:
    mixture: _Mixture
    pitch_mean: float
    pitch_variance: float

    @classmethod
    def of(cls, background, statistics, pooled, members: np.ndarray, relevance: float) -> _Voice:
        pitch = pooled.pitch[members[pooled.pitch_owner]]
        return cls(
            mixture=background.adapted(statistics.counts[members].sum(0), statistics.sums[members].sum(0), relevance),
            pitch_mean=float(pitch.mean()) if len(pitch) else 0.0,
            pitch_variance=float(pitch.var()) + 1e-4 if len(pitch) > 1 else 1.0,
        )

    def segment_log_likelihoods(self, pooled: _Pooled) -> np.ndarray:
        spectral = pooled.per_segment(self.mixture.log_likelihood(pooled.frames), pooled.frame_owner)
        pitch = -0.5 * ((pooled.pitch - self.pitch_mean) ** 2 / self.pitch_variance + np.log(self.pitch_variance))
        return spectral + pooled.per_segment(pitch, pooled.pitch_owner)


def _regroup(background, statistics, pooled, labels, settings) -> tuple[float, list[_Voice]] | None:
    """Alternate fitting a model per voice and re-assigning segments; the fit's log likelihood and the voices."""
    for _ in range(settings.regrouping_rounds):
        if min(np.bincount(labels, minlength=2)) == 0:
            return None
        voices = [
            _Voice.of(background, statistics, pooled, labels == k, settings.relevance / 2) for k in (0, 1)
        ]
        scores = np.stack([voice.segment_log_likelihoods(pooled) for voice in voices], axis=1)
        new = np.argmax(scores, axis=1)
        if (new == labels).all():
            break
        labels = new
    if min(np.bincount(labels, minlength=2)) == 0:
        return None
    return float(scores.max(axis=1).sum()), voices


def _candidate_groupings(background, statistics, segments, settings) -> list[np.ndarray]:
    """Two-way splits to start from: each main direction of the supervectors, and low vs high pitch."""
    supervectors = np.stack(
        [
            ((background.adapted(counts, sums, settings.relevance).means - background.means)
             * np.sqrt(background.weights)[:, None] / np.sqrt(background.variances)).ravel()
            for counts, sums in zip(statistics.counts, statistics.sums)
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


def _two_voices(features: np.ndarray, segments: list[_Segment], settings: DiarizationSettings) -> list[_Voice] | None:
    pooled = _Pooled.of(features, segments)
    best = None
    for seed in range(settings.restarts):
        rng = np.random.default_rng(seed)
        background = _Mixture.fit(pooled.frames, settings.mixture_components, settings.mixture_fit_rounds, rng)
        statistics = _Statistics.of(background, pooled)
        for labels in _candidate_groupings(background, statistics, segments, settings):
            result = _regroup(background, statistics, pooled, labels, settings)
            if result is not None and (best is None or result[0] > best[0]):
                best = result
    return best[1] if best else None


def diarize(samples: np.ndarray, words: list[Word], settings: DiarizationSettings = SETTINGS) -> Diarization:
    """Label each word of a mono two-party recording as the agent's or the customer's."""
    if not words:
        return Diarization(speakers=[], confidence=0.0)
    mfcc, energy_db, log_pitch = _features(samples, settings)
    features = (mfcc - mfcc.mean(axis=0)) / (mfcc.std(axis=0) + 1e-9)
    segments = _segments(energy_db, log_pitch, settings)
    min_frames = settings.min_speech_seconds / settings.hop_seconds
    long_enough = [s for s in segments if len(s.speech) >= min_frames]
    # With fewer than two stretches of speech there is nothing to tell apart.
    voices = _two_voices(features, long_enough, settings) if len(long_enough) >= 2 else None
    if voices is None:
        return Diarization(speakers=[AGENT] * len(words), confidence=0.0)

    # Every segment, short ones too, goes to the voice that explains it better; the margin per frame says how clearly.
    pooled = _Pooled.of(features, segments)
    scores = [voice.segment_log_likelihoods(pooled) for voice in voices]
    margins = (scores[1] - scores[0]) / np.maximum(1, [len(s.speech) for s in segments])
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

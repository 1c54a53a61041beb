"""What a transcription produces: timed words, grouped into speaker turns, for one recording."""

from __future__ import annotations

from dataclasses import dataclass, field

AGENT = "agent"
CUSTOMER = "customer"
SPEAKERS = (AGENT, CUSTOMER)


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    probability: float

    def to_dict(self) -> dict:
        return {"word": self.word, "start": self.start, "end": self.end, "probability": self.probability}


@dataclass
class Turn:
    speaker: str  # "agent" | "customer"
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "words": [word.to_dict() for word in self.words],
        }


@dataclass
class Transcript:
    duration: float
    engine: str
    model: str
    turns: list[Turn]
    channels: int
    sample_rate: int
    # How sure the mono speaker separation is (0..1); None when each party had its own channel.
    speaker_confidence: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(f"{turn.speaker}: {turn.text}" for turn in self.turns)

    def to_dict(self) -> dict:
        """The JSON shape of ``qa-app transcribe --json``."""
        return {
            "duration": self.duration,
            "engine": self.engine,
            "model": self.model,
            "turns": [turn.to_dict() for turn in self.turns],
        }

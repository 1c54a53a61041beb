"""Which of two voices is the agent, from what each says.

A service agent opens the call for the company (a thanks for calling, their own name, an offer of help), asks
for identifiers, acts on the customer's behalf and speaks of *your* order and *our* policy; the customer speaks of
*my* order and what *I* bought. These are habits of the role, not phrases of any particular company, so they are
written as patterns over function words and speech acts. Each voice collects the weights of the cues it uses;
the voice that speaks first also gets a small weight, since agents usually pick up the call.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa_app.transcription.types import Word

# (pattern, weight): positive = sounds like the agent, negative = sounds like the customer.
ROLE_CUES: tuple[tuple[str, float], ...] = (
    (r"\bthanks? (?:you )?for (?:calling|contacting|holding|waiting|your patience)\b", 3.0),
    (r"\b(?:how|what) (?:can|may|might|could) (?:i|we) (?:help|do for you|assist)\b", 3.0),
    (r"\b(?:this is|my name is|you'?re (?:speaking|talking) (?:to|with)) [a-z]+", 1.0),
    (r"\b(?:can|could|may) i (?:get|have|take|confirm|grab) (?:your|the|an?)\b", 2.0),
    (r"\bis there anything else\b", 2.0),
    (r"\bi(?:'ve| have| will|'ll) (?:gone ahead|refunded|issued|sent|processed|credited|applied|added|cancel+ed|"
     r"booked|arranged|escalated|updated|reset|replaced|reversed|waived)\b", 2.0),
    (r"\b(?:our|we) (?:system|policy|team|records|warehouse|courier|store)\b", 1.0),
    (r"\bis this (?:the )?[a-z ]{0,30}(?:service|support|department|company)\b", -3.0),
    (r"\bi (?:ordered|bought|purchased|paid|placed|received|was charged|got charged|signed up|renewed|subscribed)\b", -2.0),
    (r"\b(?:i want|i need|i would like|i'd like) (?:a |my |to get )?(?:refund|replacement|my money|to return|to cancel)\b", -2.0),
)
# Per word: "your" leans agent, "my" leans customer.
PRONOUN_WEIGHT = 0.5
FIRST_SPEAKER_WEIGHT = 1.0

_CUES = tuple((re.compile(pattern), weight) for pattern, weight in ROLE_CUES)
_YOUR = re.compile(r"\byours?\b")
_MY = re.compile(r"\b(?:my|mine)\b")


@dataclass(frozen=True)
class RoleEvidence:
    score: float  # > 0: voice 1 is the agent; < 0: voice 0 is
    certainty: float  # 0..1


def _normalized(words: list[Word]) -> str:
    return re.sub(r"[^a-z' ]+", " ", " ".join(w.word for w in words).lower())


def _agent_likeness(text: str) -> float:
    cues = sum(weight * len(pattern.findall(text)) for pattern, weight in _CUES)
    pronouns = len(_YOUR.findall(text)) - len(_MY.findall(text))
    return cues + PRONOUN_WEIGHT * pronouns


def agent_evidence(words: list[Word], voices: list[int]) -> RoleEvidence:
    """How strongly the words say voice 1 (vs voice 0) is the agent; ``voices[i]`` is the voice of ``words[i]``."""
    scores = [
        _agent_likeness(_normalized([w for w, v in zip(words, voices) if v == voice])) for voice in (0, 1)
    ]
    first = voices[min(range(len(words)), key=lambda i: words[i].start)]
    score = scores[1] - scores[0] + (FIRST_SPEAKER_WEIGHT if first == 1 else -FIRST_SPEAKER_WEIGHT)
    return RoleEvidence(score=score, certainty=math.tanh(abs(score) / 4.0))

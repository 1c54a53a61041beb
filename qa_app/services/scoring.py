"""Scores in the database: run the scoring library on stored transcripts and keep verdicts with evidence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from functools import lru_cache

from sqlmodel import Session, select

import scoring
from qa_app.storage.models import CriterionResult, Rubric, Score, Transcript, Turn, Verdict, utcnow


@lru_cache(maxsize=8)
def scorer_for(source_text: str) -> scoring.Scorer:
    """One scorer per rubric text per process (the spaCy pipeline inside is shared by all of them)."""
    return scoring.Scorer(scoring.load_rubric(source_text))


def call_turns(session: Session, recording_id: int) -> list[Turn]:
    transcript = session.exec(select(Transcript).where(Transcript.recording_id == recording_id)).first()
    if transcript is None:
        return []
    return list(session.exec(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)))


def scoring_turns(turns: Iterable[Turn]) -> list[scoring.Turn]:
    return [scoring.Turn(speaker=t.speaker, text=t.text, start=t.start, end=t.end) for t in turns]


def store_score(session: Session, recording_id: int, rubric: Rubric, result: scoring.CallScore) -> Score:
    """Save a call's score under its rubric version; scoring again under the same version updates it in place
    (so a review attached to it stays attached)."""
    score = session.exec(select(Score).where(Score.recording_id == recording_id, Score.rubric_id == rubric.id)).first()
    if score is None:
        score = Score(recording_id=recording_id, rubric_id=rubric.id, total=result.total)
    score.total, score.metrics, score.created_at = result.total, dict(result.metrics), utcnow()
    session.add(score)
    session.flush()
    existing = {c.criterion: c for c in session.exec(select(CriterionResult).where(CriterionResult.score_id == score.id))}
    for criterion in result.criteria:
        row = existing.pop(criterion.criterion, None) or CriterionResult(score_id=score.id,
                                                                         criterion=criterion.criterion,
                                                                         verdict=Verdict.not_applicable)
        row.verdict = Verdict(criterion.verdict)
        row.confidence = criterion.confidence
        row.explanation = criterion.explanation
        row.evidence = [asdict(evidence) for evidence in criterion.evidence]
        session.add(row)
    for stale in existing.values():
        session.delete(stale)
    session.flush()
    return score


def score_recording(session: Session, recording_id: int, rubric: Rubric) -> Score:
    result = scorer_for(rubric.source_text).score(scoring_turns(call_turns(session, recording_id)))
    return store_score(session, recording_id, rubric, result)


def score_recordings(session: Session, recording_ids: list[int], rubric: Rubric, *, batch_size: int = 64,
                     progress: Callable[[int, int], None] | None = None) -> Iterator[Score]:
    """Score many calls in batches through ``nlp.pipe``; commits after each batch so progress is kept."""
    scorer = scorer_for(rubric.source_text)
    done = 0
    for start in range(0, len(recording_ids), batch_size):
        batch = recording_ids[start:start + batch_size]
        results = scorer.score_many([scoring_turns(call_turns(session, rid)) for rid in batch])
        for recording_id, result in zip(batch, results):
            yield store_score(session, recording_id, rubric, result)
        session.commit()
        done += len(batch)
        if progress:
            progress(done, len(recording_ids))

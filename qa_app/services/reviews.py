"""Reviews: a QA reviewer checks a call's automatic score, overrides verdicts with comments, and finalizes.

Saving uses optimistic locking: every save names the review version it started from, and a save based on an
older version is refused, so two reviewers never silently overwrite each other. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from qa_app.errors import Conflict, NotFound, PermissionDenied, UserError
from qa_app.services import audit
from qa_app.services.calls import readable_recording
from qa_app.services.permissions import Capability, require
from qa_app.services.rubrics import active_rubric
from qa_app.services.scoring import call_turns, score_recording, scorer_for
from qa_app.storage.models import (CriterionResult, Recording, Review, ReviewOverride, ReviewState, Role, Rubric, Score,
                                   Turn, User, Verdict, utcnow)


@dataclass
class CriterionView:
    criterion: str
    title: str
    description: str
    tip: str
    auto_verdict: Verdict
    confidence: float
    explanation: str
    evidence: list[dict]
    override: Verdict | None = None
    comment: str = ""

    @property
    def verdict(self) -> Verdict:
        """What counts: the reviewer's override when there is one, else the automatic verdict."""
        return self.override or self.auto_verdict


@dataclass
class CallReview:
    """Everything the review page and the agent's feedback page show for one call."""

    recording: Recording
    score: Score | None
    rubric: Rubric | None
    turns: list[Turn]
    criteria: list[CriterionView] = field(default_factory=list)
    review: Review | None = None
    reviewer_name: str | None = None

    @property
    def total(self) -> float | None:
        """The total after the reviewer's overrides."""
        if self.score is None or self.rubric is None:
            return None
        return scorer_for(self.rubric.source_text).rubric.total({c.criterion: c.verdict.value for c in self.criteria})

    @property
    def version(self) -> int | None:
        return self.review.version if self.review else None


def current_score(session: Session, recording_id: int) -> Score | None:
    """The call's score under the active rubric, else its newest score."""
    rubric = active_rubric(session)
    scores = list(session.exec(select(Score).where(Score.recording_id == recording_id).order_by(Score.id.desc())))
    return next((s for s in scores if rubric and s.rubric_id == rubric.id), scores[0] if scores else None)


def load_call_review(session: Session, identity, recording_id: int) -> CallReview:
    recording = readable_recording(session, identity, recording_id)
    score = current_score(session, recording_id)
    view = CallReview(recording=recording, score=score, rubric=None, turns=call_turns(session, recording_id))
    if score is None:
        return view
    view.rubric = session.get(Rubric, score.rubric_id)
    view.review = session.exec(select(Review).where(Review.score_id == score.id)).first()
    if identity.role is Role.agent and (view.review is None or view.review.state is not ReviewState.final):
        raise PermissionDenied("This call's review is not final yet.")
    overrides = {}
    if view.review is not None:
        overrides = {o.criterion: o for o in session.exec(select(ReviewOverride)
                                                            .where(ReviewOverride.review_id == view.review.id))}
        reviewer = session.get(User, view.review.reviewer_id)
        view.reviewer_name = reviewer.display_name if reviewer else None
    rubric = scorer_for(view.rubric.source_text).rubric
    results = {r.criterion: r for r in session.exec(select(CriterionResult).where(CriterionResult.score_id == score.id))}
    for criterion in rubric.criteria:
        result = results.get(criterion.id)
        if result is None:
            continue
        override = overrides.get(criterion.id)
        view.criteria.append(CriterionView(
            criterion=criterion.id, title=criterion.title, description=criterion.description, tip=criterion.tip,
            auto_verdict=result.verdict, confidence=result.confidence, explanation=result.explanation,
            evidence=result.evidence, override=override.verdict if override else None,
            comment=override.comment if override else ""))
    return view


@dataclass(frozen=True)
class CriterionEdit:
    override: Verdict | None  # None: agree with the automatic verdict
    comment: str = ""


MAX_COMMENT = 4000


def save_review(session: Session, identity, recording_id: int, *, expected_version: int | None,
                edits: dict[str, CriterionEdit], overall_comment: str, finalize: bool = False) -> Review:
    """Save the reviewer's overrides and comment (as a draft, or final).

    ``expected_version`` is the review version the reviewer's page showed (None: there was no review yet).
    """
    require(identity, Capability.review_calls)
    view = load_call_review(session, identity, recording_id)
    if view.score is None:
        raise UserError("This call has no score yet; wait until it is processed.")
    review = _claim_version(session, identity, view, expected_version)

    known = {c.criterion: c for c in view.criteria}
    for criterion, edit in edits.items():
        if criterion not in known:
            raise UserError(f"Unknown criterion {criterion!r}.")
        current = known[criterion]
        override = edit.override if edit.override != current.auto_verdict else None
        comment = edit.comment.strip()[:MAX_COMMENT]
        if (override, comment) == (current.override, current.comment):
            continue
        row = session.exec(select(ReviewOverride).where(ReviewOverride.review_id == review.id,
                                                         ReviewOverride.criterion == criterion)).first()
        before = {"verdict": current.verdict.value, "override": bool(current.override), "comment": current.comment}
        if override is None and not comment:
            if row is not None:
                session.delete(row)
        else:
            row = row or ReviewOverride(review_id=review.id, criterion=criterion, verdict=current.auto_verdict)
            row.verdict, row.comment = override or current.auto_verdict, comment
            session.add(row)
        audit.record(session, identity, "review.override", "review", review.id, before={"criterion": criterion,
                     **before}, after={"criterion": criterion, "verdict": (override or current.auto_verdict).value,
                                       "override": override is not None, "comment": comment})

    overall_comment = overall_comment.strip()[:MAX_COMMENT]
    if overall_comment != review.overall_comment:
        audit.record(session, identity, "review.comment", "review", review.id,
                     before={"comment": review.overall_comment}, after={"comment": overall_comment})
        review.overall_comment = overall_comment
    if finalize:
        review.state, review.finalized_at = ReviewState.final, utcnow()
        audit.record(session, identity, "review.finalize", "review", review.id, before={"state": "draft"},
                     after={"state": "final"})
    review.reviewer_id = identity.user_id
    for criterion, edit in edits.items():
        known[criterion].override = edit.override if edit.override != known[criterion].auto_verdict else None
    review.total = view.total
    review.updated_at = utcnow()
    session.add(review)
    session.flush()
    return review


def _claim_version(session: Session, identity, view: CallReview, expected_version: int | None) -> Review:
    """Take the next review version, or refuse because someone saved since ``expected_version``.

    The check and the increment are one conditional UPDATE (a new review: one INSERT under a unique key), so
    of two concurrent saves from the same version exactly one wins, whatever the timing.
    """
    stale = Conflict("Someone saved this review since you opened it; reload to see their changes, then redo yours.")
    if view.review is not None and view.review.state is ReviewState.final:
        raise UserError("This review is final and can no longer be changed.")
    if expected_version is None:
        if view.review is not None:
            raise stale
        review = Review(score_id=view.score.id, reviewer_id=identity.user_id)
        try:
            with session.begin_nested():
                session.add(review)
        except IntegrityError:
            raise stale from None
        audit.record(session, identity, "review.open", "review", review.id, after={"recording": view.recording.id})
        return review
    if view.review is None:
        raise stale
    claimed = session.execute(update(Review).where(Review.id == view.review.id, Review.version == expected_version)
                              .values(version=expected_version + 1))
    if claimed.rowcount != 1:
        raise stale
    session.refresh(view.review)
    return view.review


def call_trail(session: Session, identity, recording_id: int) -> list[audit.AuditEntry]:
    """What happened to a call and its review, oldest first, for whoever may review it."""
    require(identity, Capability.review_calls)
    readable_recording(session, identity, recording_id)
    review_ids = select(Review.id).join(Score, Score.id == Review.score_id).where(Score.recording_id == recording_id)
    entries = audit.history(session, "recording", recording_id)
    for review_id in session.exec(review_ids):
        entries += audit.history(session, "review", review_id)
    return sorted(entries, key=lambda entry: entry.at)


def swap_speakers(session: Session, identity, recording_id: int) -> Score:
    """The transcription got agent and customer backwards: flip every turn and score the call again."""
    require(identity, Capability.review_calls)
    recording = readable_recording(session, identity, recording_id)
    turns = call_turns(session, recording_id)
    if not turns:
        raise UserError("This call has no transcript yet.")
    for turn in turns:
        turn.speaker = "customer" if turn.speaker == "agent" else "agent"
        session.add(turn)
    session.flush()
    score = current_score(session, recording_id)
    rubric = session.get(Rubric, score.rubric_id) if score else active_rubric(session)
    if rubric is None:
        raise NotFound("No rubric to score with.")
    rescored = score_recording(session, recording_id, rubric)
    audit.record(session, identity, "recording.swap_speakers", "recording", recording.id,
                 before={"first_speaker": "customer" if turns[0].speaker == "agent" else "agent"},
                 after={"first_speaker": turns[0].speaker, "total": rescored.total})
    return rescored


def acknowledge(session: Session, identity, recording_id: int) -> Review:
    """The agent confirms having read the final review of their call."""
    require(identity, Capability.see_own_feedback)
    view = load_call_review(session, identity, recording_id)
    if view.review is None:
        raise NotFound("This call has no final review.")
    if view.review.acknowledged_at is None:
        view.review.acknowledged_at = utcnow()
        session.add(view.review)
        audit.record(session, identity, "review.acknowledge", "review", view.review.id)
    return view.review


@dataclass(frozen=True)
class FeedbackItem:
    recording_id: int
    call_date: date
    filename: str
    total: float | None
    reviewer: str | None
    finalized_at: datetime | None
    acknowledged: bool


def my_feedback(session: Session, identity) -> list[FeedbackItem]:
    """An agent's own calls that have a final review, newest first. Nobody else's, whatever is asked."""
    require(identity, Capability.see_own_feedback)
    if identity.agent_id is None:
        return []
    rows = session.exec(
        select(Recording, Review, User.display_name)
        .join(Score, Score.recording_id == Recording.id)
        .join(Review, Review.score_id == Score.id)
        .join(User, User.id == Review.reviewer_id)
        .where(Recording.agent_id == identity.agent_id, Review.state == ReviewState.final)
        .order_by(Recording.call_date.desc(), Recording.id.desc()))
    return [FeedbackItem(r.id, r.call_date, r.original_filename, review.total, reviewer, review.finalized_at,
                         review.acknowledged_at is not None) for r, review, reviewer in rows]

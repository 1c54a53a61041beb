"""Reviewing a call: overrides with comments, drafts and finalizing, concurrent edits, audit, agent isolation."""

from __future__ import annotations

import pytest
from sqlmodel import select

from qa_app.errors import Conflict, PermissionDenied, UserError
from qa_app.services import audit, calls, reviews
from qa_app.storage.db import session_scope
from qa_app.storage.models import AuditEvent, ReviewState, Verdict
from qa_app.services.reviews import CriterionEdit


def load(identity, recording_id):
    with session_scope() as session:
        return reviews.load_call_review(session, identity, recording_id)


def save(identity, recording_id, version, edits=None, comment="", finalize=False):
    with session_scope() as session:
        return reviews.save_review(session, identity, recording_id, expected_version=version, edits=edits or {},
                                   overall_comment=comment, finalize=finalize)


def test_a_reviewer_overrides_a_verdict_with_a_comment_and_the_total_follows(demo, scored_calls):
    call = scored_calls["own-poor-2"]
    view = load(demo["reviewer"], call)
    empathy = next(c for c in view.criteria if c.criterion == "empathy")
    flipped = Verdict.met if empathy.auto_verdict is Verdict.not_met else Verdict.not_met
    review = save(demo["reviewer"], call, None, {"empathy": CriterionEdit(flipped, "Tone was warm on the audio.")},
                  "Work on ownership.")
    after = load(demo["reviewer"], call)
    changed = next(c for c in after.criteria if c.criterion == "empathy")
    assert (changed.verdict, changed.override, changed.comment) == (flipped, flipped, "Tone was warm on the audio.")
    assert after.review.state is ReviewState.draft and after.review.overall_comment == "Work on ownership."
    assert after.total != view.total and review.total == pytest.approx(after.total)


def test_the_later_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten(demo, scored_calls):
    call = scored_calls["own-good-1"]
    first = save(demo["reviewer"], call, None, comment="first draft")
    seen_by_both = first.version
    save(demo["reviewer"], call, seen_by_both, comment="reviewer one's change")
    with pytest.raises(Conflict, match="saved this review since you opened it"):
        save(demo["admin"], call, seen_by_both, comment="reviewer two's change")
    assert load(demo["reviewer"], call).review.overall_comment == "reviewer one's change"
    with pytest.raises(Conflict):
        save(demo["admin"], call, None, comment="a second brand-new review")


def test_a_final_review_is_read_only_and_every_change_is_audited(demo, scored_calls):
    call = scored_calls["own-good-2"]
    draft = save(demo["reviewer"], call, None, {"mirroring": CriterionEdit(Verdict.not_met, "Too generic.")})
    final = save(demo["reviewer"], call, draft.version, comment="Great call.", finalize=True)
    assert final.state is ReviewState.final and final.finalized_at is not None
    with pytest.raises(UserError, match="final"):
        save(demo["reviewer"], call, final.version, comment="changed my mind")
    with session_scope() as session:
        actions = [e.action for e in audit.history(session, "review", final.id)]
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "review.override")).all()
    assert actions == ["review.open", "review.override", "review.comment", "review.finalize"]
    assert events[0].before["override"] is False and events[0].after == {
        "criterion": "mirroring", "verdict": "not_met", "override": True, "comment": "Too generic."}


def test_the_audit_trail_cannot_be_rewritten(demo, scored_calls):
    save(demo["reviewer"], scored_calls["own-good-1"], None, comment="x")
    with pytest.raises(Exception, match="append-only"), session_scope() as session:
        event = session.exec(select(AuditEvent)).first()
        event.action = "tampered"
        session.add(event)
        session.flush()


def test_an_agent_sees_only_their_own_final_reviews(demo, scored_calls):
    anas_call, bens_call = scored_calls["own-good-1"], scored_calls["own-poor-1"]
    with pytest.raises(PermissionDenied):  # not final yet
        load(demo["ana"], anas_call)
    version = save(demo["reviewer"], anas_call, None).version
    save(demo["reviewer"], anas_call, version, finalize=True)
    save(demo["reviewer"], bens_call, None, finalize=True)

    assert load(demo["ana"], anas_call).review.state is ReviewState.final
    with pytest.raises(PermissionDenied):
        load(demo["ana"], bens_call)
    with session_scope() as session:
        assert [item.recording_id for item in reviews.my_feedback(session, demo["ana"])] == [anas_call]
        with pytest.raises(PermissionDenied):
            calls.audio_path(session, demo["ana"], bens_call)
        with pytest.raises(PermissionDenied):
            reviews.save_review(session, demo["ana"], anas_call, expected_version=None, edits={}, overall_comment="")
        review = reviews.acknowledge(session, demo["ana"], anas_call)
    assert review.acknowledged_at is not None


def test_swapping_speakers_rescores_the_call(demo, scored_calls):
    call = scored_calls["own-good-1"]
    before = load(demo["reviewer"], call)
    with session_scope() as session:
        reviews.swap_speakers(session, demo["reviewer"], call)
    after = load(demo["reviewer"], call)
    assert [t.speaker for t in after.turns] == ["customer" if t.speaker == "agent" else "agent" for t in before.turns]
    assert after.score.id == before.score.id and after.score.total < before.score.total


def test_a_new_review_and_its_audit_events_are_saved_together_or_not_at_all(demo, scored_calls, qa_env):
    """Nothing of a save is visible to anyone else before it commits (a crash before then leaves no trace)."""
    from sqlalchemy import create_engine, text

    from qa_app.config import get_settings

    onlooker = create_engine(get_settings().database_url)  # another process's view of the database
    with session_scope() as session:
        review = reviews.save_review(session, demo["reviewer"], scored_calls["own-poor-1"], expected_version=None,
                                     edits={}, overall_comment="first look")
        with onlooker.connect() as other:
            assert other.execute(text("SELECT count(*) FROM review")).scalar() == 0
            assert other.execute(text("SELECT count(*) FROM auditevent WHERE entity = 'review'")).scalar() == 0
    with onlooker.connect() as other:
        assert other.execute(text("SELECT count(*) FROM review")).scalar() == 1
        assert other.execute(text(f"SELECT count(*) FROM auditevent WHERE entity = 'review' "
                                  f"AND entity_id = {review.id}")).scalar() == 2  # opened, commented
    onlooker.dispose()

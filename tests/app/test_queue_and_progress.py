"""The call queue's filters and order, and the progress aggregations."""

from __future__ import annotations

from datetime import date

import pytest

from qa_app.errors import PermissionDenied
from qa_app.services import calls, progress, reviews
from qa_app.services.reviews import CriterionEdit
from qa_app.storage.db import session_scope
from qa_app.storage.models import ReviewState, Verdict


def queue(identity, **filters):
    with session_scope() as session:
        return calls.call_queue(session, identity, calls.QueueFilter(**filters))


def finalize(identity, recording_id, edits=None):
    with session_scope() as session:
        reviews.save_review(session, identity, recording_id, expected_version=None, edits=edits or {},
                            overall_comment="", finalize=True)


def test_oldest_unreviewed_calls_come_first(demo, scored_calls):
    finalize(demo["reviewer"], scored_calls["own-good-1"])
    rows = queue(demo["reviewer"])
    assert [r.recording_id for r in rows] == [scored_calls[c] for c in
                                              ("own-poor-1", "own-good-2", "own-poor-2", "own-good-1")]
    assert rows[-1].review_state is ReviewState.final


def test_queue_filters(demo, scored_calls):
    ana = demo["ana"].agent_id
    assert {r.recording_id for r in queue(demo["reviewer"], agent_ids=(ana,))} == {
        scored_calls["own-good-1"], scored_calls["own-good-2"]}
    assert [r.recording_id for r in queue(demo["reviewer"], date_from=date(2026, 2, 10))] == [
        scored_calls["own-good-2"], scored_calls["own-poor-2"]]
    excuses = queue(demo["reviewer"], missed_criterion="no_excuses")
    assert {r.recording_id for r in excuses} == {scored_calls["own-poor-1"], scored_calls["own-poor-2"]}
    assert all("no_excuses" in r.missed for r in excuses)
    low = queue(demo["reviewer"], score_max=50, sort="score_low")
    assert low and all(r.total <= 50 for r in low)
    assert [r.total for r in low] == sorted(r.total for r in low)
    finalize(demo["reviewer"], scored_calls["own-poor-1"])
    assert [r.recording_id for r in queue(demo["reviewer"], reviewed=True)] == [scored_calls["own-poor-1"]]
    assert len(queue(demo["reviewer"], reviewed=False)) == 3


def test_a_final_override_changes_what_the_queue_and_progress_count_as_missed(demo, scored_calls):
    call = scored_calls["own-poor-2"]
    finalize(demo["reviewer"], call, {"no_excuses": CriterionEdit(Verdict.met, "A fair explanation, on review.")})
    assert call not in {r.recording_id for r in queue(demo["reviewer"], missed_criterion="no_excuses")}
    with session_scope() as session:
        missed = {row["criterion"]: row["missed"] for row in progress.most_missed(session, demo["trainer"])}
    assert missed["no_excuses"] == 1


def test_agents_and_trainers_cannot_open_the_queue(demo):
    for who in ("ana", "trainer"):
        with pytest.raises(PermissionDenied):
            queue(demo[who])


def test_progress_by_week_and_month(demo, scored_calls):
    with session_scope() as session:
        weekly = progress.agent_scores(session, demo["trainer"], progress.ProgressFilter(period="week"))
        monthly = progress.agent_scores(session, demo["trainer"], progress.ProgressFilter(period="month"))
        rates = progress.criterion_pass_rates(session, demo["trainer"])
        cells = progress.heatmap(session, demo["trainer"])
        teams = progress.team_scores(session, demo["trainer"])
    assert {(r["agent"], str(r["period"])) for r in weekly} == {
        ("Ana Torres", "2026-02-02"), ("Ana Torres", "2026-02-09"),
        ("Ben Okafor", "2026-02-02"), ("Ben Okafor", "2026-02-09")}
    assert {(r["agent"], str(r["period"]), r["calls"]) for r in monthly} == {
        ("Ana Torres", "2026-02-01", 2), ("Ben Okafor", "2026-02-01", 2)}
    ana, ben = ({r["agent"]: r["score"] for r in monthly}[name] for name in ("Ana Torres", "Ben Okafor"))
    assert ana > ben
    assert all(0 <= r["pass_rate"] <= 1 for r in rates + cells)
    assert {r["team"] for r in teams} == {"Front Line"}


def test_an_agent_sees_only_their_own_progress(demo, scored_calls):
    with session_scope() as session:
        rows = progress.criterion_pass_rates(
            session, demo["ana"], progress.ProgressFilter(agent_ids=(demo["ben"].agent_id,)), by_agent=True)
        assert {r["agent"] for r in rows} == {"Ana Torres"}
        with pytest.raises(PermissionDenied):
            progress.team_scores(session, demo["ana"])

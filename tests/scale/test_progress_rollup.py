"""The criterion rollup gives exactly what aggregating every criterion result gives, after any kind of change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import case, func, select, update
from sqlmodel import select as sqlmodel_select

from qa_app.jobs.pipeline import run_queued
from qa_app.services import privacy, progress, reviews, rubrics
from qa_app.services.reviews import CriterionEdit
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, CriterionResult, ProgressDirty, Recording, Verdict

pytestmark = pytest.mark.both_databases


def reference(session, where: progress.ProgressFilter, keys: list) -> list[dict]:
    """Pass rates straight from every criterion result (the definition the rollup materializes)."""
    rate, judged = progress._pass_rate()
    labels = [key.label(name) for name, key in keys]
    query = progress._scope(progress._criterion_rows(where).add_columns(*labels, rate, judged), where)
    rows = session.execute(query.group_by(*[key for _, key in keys]))
    return sorted((dict(row._mapping) for row in rows), key=_order)


def _order(row: dict):
    return tuple(str(row[k]) for k in sorted(row) if k not in ("pass_rate", "n", "missed"))


def rollup_views(session, identity, where: progress.ProgressFilter) -> dict[str, list[dict]]:
    return {
        "criterion_pass_rates": sorted(progress.criterion_pass_rates(session, identity, where), key=_order),
        "by_agent": sorted(progress.criterion_pass_rates(session, identity, where, by_agent=True), key=_order),
        "heatmap": sorted(progress.heatmap(session, identity, where), key=_order),
        "most_missed": sorted(({k: v for k, v in row.items() if k != "missed"}
                               for row in progress.most_missed(session, identity, where)), key=_order),
    }


def reference_views(session, where: progress.ProgressFilter) -> dict[str, list[dict]]:
    period = progress._period_start(session, Recording.call_date, where.period)
    return {
        "criterion_pass_rates": reference(session, where, [("criterion", CriterionResult.criterion),
                                                           ("period", period)]),
        "by_agent": reference(session, where, [("criterion", CriterionResult.criterion), ("period", period),
                                               ("agent", Agent.name)]),
        "heatmap": reference(session, where, [("criterion", CriterionResult.criterion), ("agent", Agent.name)]),
        "most_missed": reference(session, where, [("criterion", CriterionResult.criterion)]),
    }


def missed_counts(session, where) -> dict[str, int]:
    missed = func.sum(case((progress._effective_verdict() == Verdict.not_met, 1), else_=0))
    query = progress._scope(progress._criterion_rows(where).add_columns(CriterionResult.criterion, missed), where)
    return {criterion: int(n) for criterion, n in session.execute(query.group_by(CriterionResult.criterion))}


FILTERS = [progress.ProgressFilter("week"), progress.ProgressFilter("month"),
           progress.ProgressFilter("week", date_from=date(2026, 2, 10)),
           progress.ProgressFilter("month", team_ids=(1,))]


def assert_rollup_matches(demo):
    with session_scope() as session:
        for where in FILTERS:
            assert rollup_views(session, demo["trainer"], where) == reference_views(session, where), where
            assert {row["criterion"]: row["missed"] for row in progress.most_missed(session, demo["trainer"], where)} \
                == missed_counts(session, where)
        assert session.exec(sqlmodel_select(ProgressDirty)).all() == []


def finalize(identity, recording_id, edits=None, final=True):
    with session_scope() as session:
        view = reviews.load_call_review(session, identity, recording_id)
        reviews.save_review(session, identity, recording_id,
                            expected_version=view.review.version if view.review else None,
                            edits=edits or {}, overall_comment="", finalize=final)


def test_the_rollup_follows_every_change_that_counts(demo, scored_calls):
    assert_rollup_matches(demo)

    # A final review's override counts; a draft's does not.
    finalize(demo["reviewer"], scored_calls["own-poor-1"],
             {"no_excuses": CriterionEdit(Verdict.met, "Fair on review.")})
    finalize(demo["reviewer"], scored_calls["own-poor-2"],
             {"empathy": CriterionEdit(Verdict.not_applicable, "No feelings voiced.")}, final=False)
    assert_rollup_matches(demo)

    # A new rubric version and a rescore: each call counts by its newest score.
    with session_scope() as session:
        text = rubrics.default_rubric_text() + "\n# version 2: same criteria, saved again\n"
        rubrics.save_version(session, demo["trainer"], text)
        rubrics.queue_rescore(session, demo["trainer"])
    run_queued()
    assert_rollup_matches(demo)

    # A call moved to another agent and day; a verdict changed in place; a call deleted.
    with session_scope() as session:
        session.execute(update(Recording).where(Recording.id == scored_calls["own-good-1"])
                        .values(agent_id=demo["chloe"].agent_id, call_date=date(2026, 3, 2)))
        session.execute(update(CriterionResult).where(CriterionResult.id == select(func.max(CriterionResult.id))
                                                      .scalar_subquery()).values(verdict=Verdict.not_met))
    assert_rollup_matches(demo)
    with session_scope() as session:
        privacy.delete_recording(session, demo["admin"], scored_calls["own-good-2"])
    assert_rollup_matches(demo)


def test_an_agent_sees_only_their_own_rows_from_the_rollup(demo, scored_calls):
    with session_scope() as session:
        rows = progress.heatmap(session, demo["ana"], progress.ProgressFilter(agent_ids=(demo["ben"].agent_id,)))
    assert rows and {row["agent"] for row in rows} == {"Ana Torres"}

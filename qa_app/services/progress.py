"""Progress: scores and criterion pass rates over time, aggregated in SQL.

Every query counts each call once, by its newest score, with the verdicts a *final* review settled (a draft's
overrides do not count yet). A pass rate is met / (met + not met); "not applicable" is left out.

Criterion figures read ``ProgressRollup`` — those same counts per agent, call date and criterion, kept by
:func:`refresh` from :func:`_criterion_rows` (the one definition of what counts) — because at a hundred
thousand calls the per-criterion rows number millions, and grouping them on every page view takes seconds.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Date, Float, and_, case, cast, delete, func, insert, select, text, tuple_
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from qa_app.errors import PermissionDenied, UserError
from qa_app.services.permissions import Capability, can, require
from qa_app.storage.models import (Agent, CriterionResult, DrillAttempt, DrillCriterionResult, ProgressDirty,
                                   ProgressRollup, Recording, Review, ReviewOverride, ReviewState, Role, Score, Team,
                                   Verdict)

log = logging.getLogger(__name__)

PERIODS = ("week", "month")


@dataclass(frozen=True)
class ProgressFilter:
    period: str = "week"
    agent_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None


def _period_start(session: Session, column, period: str) -> ColumnElement:
    if period not in PERIODS:
        raise UserError(f"A period is one of {', '.join(PERIODS)}.")
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.date_trunc(period, column), Date)
    if period == "month":
        return func.date(column, "start of month")
    return func.date(column, "-6 days", "weekday 1")  # the Monday on or before the date


def _latest_scores(*joins):
    """Each recording's newest score id (of the recordings ``joins`` — (target, on) pairs — keep)."""
    query = select(Score.recording_id, func.max(Score.id).label("score_id"))
    for target, on in joins:
        query = query.join(target, on)
    return query.group_by(Score.recording_id).subquery("latest")


def _scope(query, where: ProgressFilter, agent_id=Recording.agent_id, call_date=Recording.call_date):
    if where.agent_ids:
        query = query.where(agent_id.in_(where.agent_ids))
    if where.team_ids:
        query = query.where(Agent.team_id.in_(where.team_ids))
    if where.date_from:
        query = query.where(call_date >= where.date_from)
    if where.date_to:
        query = query.where(call_date <= where.date_to)
    return query


def _allowed(identity, where: ProgressFilter) -> ProgressFilter:
    """Coaches see everyone; an agent sees only their own figures, whatever the filter asked."""
    if can(identity.role, Capability.see_progress):
        return where
    if identity.role is Role.agent and identity.agent_id is not None:
        return ProgressFilter(where.period, (identity.agent_id,), (), where.date_from, where.date_to)
    raise PermissionDenied("You do not have access to this.")


def _call_total() -> ColumnElement:
    """A call's score: the total its final review settled, else the automatic one."""
    return func.coalesce(Review.total, Score.total)


def _effective_verdict() -> ColumnElement:
    return func.coalesce(ReviewOverride.verdict, CriterionResult.verdict)


def _criterion_rows(where: ProgressFilter, latest=None):
    latest = _latest_scores() if latest is None else latest
    return (
        select()
        .select_from(Recording)
        .join(latest, latest.c.recording_id == Recording.id)
        .join(CriterionResult, CriterionResult.score_id == latest.c.score_id)
        .join(Agent, Agent.id == Recording.agent_id)
        .join(Review, and_(Review.score_id == latest.c.score_id, Review.state == ReviewState.final), isouter=True)
        .join(ReviewOverride, and_(ReviewOverride.review_id == Review.id,
                                   ReviewOverride.criterion == CriterionResult.criterion), isouter=True)
        .where(CriterionResult.verdict != Verdict.not_applicable)
    )


def _pass_rate() -> tuple[ColumnElement, ColumnElement]:
    met = func.sum(case((_effective_verdict() == Verdict.met, 1), else_=0))
    judged = func.sum(case((_effective_verdict() != Verdict.not_applicable, 1), else_=0))
    return (cast(met, Float) / func.nullif(judged, 0)).label("pass_rate"), judged.label("n")


def refresh(session: Session) -> None:
    """Recompute the rollup buckets marked changed since the last query (a handful, between two page views).

    Runs in its own short transaction, so it sees only committed changes. PostgreSQL: the lock keeps new marks
    (and so the changes they come with) from committing half-way. SQLite has one writer at a time, and a mark is
    cleared only by the transaction that recounted its bucket, so a change is always either counted or still marked.
    """
    try:
        with Session(session.get_bind()) as writer:
            if writer.execute(select(ProgressDirty.agent_id).limit(1)).first() is None:
                return
            writer.rollback()
            if writer.get_bind().dialect.name == "postgresql":
                writer.execute(text("SET LOCAL lock_timeout = '10s'"))
                writer.execute(text("LOCK TABLE progressdirty IN EXCLUSIVE MODE"))
            _recompute_dirty_buckets(writer)
            writer.commit()
    except OperationalError:  # locked by a transaction that cannot finish first: show the figures as they were
        log.warning("progress figures not refreshed: the rollup is locked", exc_info=True)


def _recompute_dirty_buckets(writer: Session, batch_size: int = 500) -> None:
    """Recount the marked buckets and clear their marks. The buckets go to the database as explicit lists, which
    keeps the plans on the (agent, date) index however stale the planner's idea of the mark table is."""
    effective = _effective_verdict()
    buckets = [tuple(row) for row in writer.execute(select(ProgressDirty.agent_id, ProgressDirty.call_date))]
    for start in range(0, len(buckets), batch_size):
        batch = buckets[start:start + batch_size]
        writer.execute(delete(ProgressRollup).where(
            tuple_(ProgressRollup.agent_id, ProgressRollup.call_date).in_(batch)),
            execution_options={"synchronize_session": False})
        in_batch = and_(Recording.id == Score.recording_id,
                        tuple_(Recording.agent_id, Recording.call_date).in_(batch))
        counts = (_criterion_rows(ProgressFilter(), _latest_scores((Recording, in_batch)))
                  .add_columns(Recording.agent_id, Recording.call_date, CriterionResult.criterion,
                               func.sum(case((effective == Verdict.met, 1), else_=0)),
                               func.sum(case((effective == Verdict.not_met, 1), else_=0)),
                               func.sum(case((effective != Verdict.not_applicable, 1), else_=0)))
                  .group_by(Recording.agent_id, Recording.call_date, CriterionResult.criterion))
        writer.execute(insert(ProgressRollup).from_select(
            ["agent_id", "call_date", "criterion", "met", "missed", "judged"], counts))
        writer.execute(delete(ProgressDirty).where(tuple_(ProgressDirty.agent_id, ProgressDirty.call_date).in_(batch)),
                       execution_options={"synchronize_session": False})


def _rollup(session: Session, where: ProgressFilter, *columns):
    """A query over the (fresh) rollup, filtered like the calls themselves."""
    refresh(session)
    query = (select(*columns).select_from(ProgressRollup).join(Agent, Agent.id == ProgressRollup.agent_id))
    return _scope(query, where, ProgressRollup.agent_id, ProgressRollup.call_date)


def _rollup_pass_rate() -> tuple[ColumnElement, ColumnElement]:
    judged = func.sum(ProgressRollup.judged)
    return (cast(func.sum(ProgressRollup.met), Float) / func.nullif(judged, 0)).label("pass_rate"), judged.label("n")


def _call_scores(session: Session, where: ProgressFilter, group, label: str, *joins) -> list[dict]:
    """Average call score and number of calls per ``group`` value and period."""
    latest = _latest_scores()
    period = _period_start(session, Recording.call_date, where.period).label("period")
    query = (select(group.label(label), period, func.avg(_call_total()).label("score"),
                    func.count(Recording.id).label("calls"))
             .select_from(Recording)
             .join(latest, latest.c.recording_id == Recording.id)
             .join(Score, Score.id == latest.c.score_id)
             .join(Agent, Agent.id == Recording.agent_id))
    for table, condition in joins:
        query = query.join(table, condition)
    query = _scope(query.join(Review, and_(Review.score_id == Score.id, Review.state == ReviewState.final),
                              isouter=True), where)
    query = query.group_by(group, period.element).order_by(period.element, group)
    return [dict(row._mapping) for row in session.execute(query)]


def agent_scores(session: Session, identity, where: ProgressFilter = ProgressFilter()) -> list[dict]:
    """Per agent and period: the average score (a final review's total where there is one) and the calls."""
    return _call_scores(session, _allowed(identity, where), Agent.name, "agent")


def criterion_pass_rates(session: Session, identity, where: ProgressFilter = ProgressFilter(), *,
                         by_agent: bool = False) -> list[dict]:
    """Per criterion and period (and agent, if asked): the share of judged calls where it was met."""
    where = _allowed(identity, where)
    period = _period_start(session, ProgressRollup.call_date, where.period).label("period")
    rate, judged = _rollup_pass_rate()
    keys = [ProgressRollup.criterion, period.element] + ([Agent.name] if by_agent else [])
    labels = [ProgressRollup.criterion.label("criterion"), period] + ([Agent.name.label("agent")] if by_agent else [])
    query = _rollup(session, where, *labels, rate, judged).group_by(*keys).order_by(period.element)
    return [dict(row._mapping) for row in session.execute(query)]


def heatmap(session: Session, identity, where: ProgressFilter = ProgressFilter()) -> list[dict]:
    """Criterion × agent pass rates over the whole filtered range."""
    where = _allowed(identity, where)
    rate, judged = _rollup_pass_rate()
    query = _rollup(session, where, ProgressRollup.criterion.label("criterion"), Agent.name.label("agent"), rate,
                    judged).group_by(ProgressRollup.criterion, Agent.name)
    return [dict(row._mapping) for row in session.execute(query)]


def most_missed(session: Session, identity, where: ProgressFilter = ProgressFilter()) -> list[dict]:
    """Criteria ordered by how often they were missed."""
    where = _allowed(identity, where)
    missed = func.sum(ProgressRollup.missed).label("missed")
    rate, judged = _rollup_pass_rate()
    query = _rollup(session, where, ProgressRollup.criterion.label("criterion"), missed, judged, rate)
    query = query.group_by(ProgressRollup.criterion).order_by(missed.desc())
    return [dict(row._mapping) for row in session.execute(query)]


def team_scores(session: Session, identity, where: ProgressFilter = ProgressFilter()) -> list[dict]:
    """Per team and period: average score and calls."""
    require(identity, Capability.see_progress)
    return _call_scores(session, where, Team.name, "team", (Team, Team.id == Agent.team_id))


def drill_pass_rates(session: Session, identity, where: ProgressFilter = ProgressFilter(), *,
                     by_period: bool = False) -> list[dict]:
    """Practice beside calls: for every criterion finished drill attempts trained, its pass rate in those attempts
    (source "drills") and in real calls (source "calls") under the same filter, per period if asked.

    Rows: criterion, [period], source, pass_rate, n. A drill attempt counts by its finish date, a call by its date.
    """
    where = _allowed(identity, where)
    verdict = DrillCriterionResult.verdict
    met = func.sum(case((verdict == Verdict.met, 1), else_=0))
    judged = func.count(DrillCriterionResult.id)
    keys, labels = [DrillCriterionResult.criterion], [DrillCriterionResult.criterion.label("criterion")]
    if by_period:
        period = _period_start(session, DrillAttempt.finished_at, where.period)
        keys, labels = keys + [period], labels + [period.label("period")]
    query = (select(*labels, (cast(met, Float) / func.nullif(judged, 0)).label("pass_rate"), judged.label("n"))
             .select_from(DrillCriterionResult)
             .join(DrillAttempt, DrillAttempt.id == DrillCriterionResult.attempt_id)
             .join(Agent, Agent.id == DrillAttempt.agent_id)
             .where(DrillAttempt.finished_at.is_not(None), verdict != Verdict.not_applicable))
    if where.agent_ids:
        query = query.where(DrillAttempt.agent_id.in_(where.agent_ids))
    if where.team_ids:
        query = query.where(Agent.team_id.in_(where.team_ids))
    if where.date_from:
        query = query.where(DrillAttempt.finished_at >= datetime.combine(where.date_from, time.min, timezone.utc))
    if where.date_to:
        query = query.where(DrillAttempt.finished_at < datetime.combine(where.date_to + timedelta(days=1), time.min,
                                                                        timezone.utc))
    drills = [dict(row._mapping, source="drills") for row in session.execute(query.group_by(*keys))]
    criteria = sorted({row["criterion"] for row in drills})
    if not criteria:
        return []
    rate, judged_calls = _pass_rate()
    keys, labels = [CriterionResult.criterion], [CriterionResult.criterion.label("criterion")]
    if by_period:
        period = _period_start(session, Recording.call_date, where.period)
        keys, labels = keys + [period], labels + [period.label("period")]
    calls_query = _scope(_criterion_rows(where).add_columns(*labels, rate, judged_calls), where)
    calls_query = calls_query.where(CriterionResult.criterion.in_(criteria)).group_by(*keys)
    calls = [dict(row._mapping, source="calls") for row in session.execute(calls_query)]
    return sorted(drills + calls, key=lambda row: (row["criterion"], str(row.get("period", "")), row["source"]))


@dataclass(frozen=True)
class ProgressReport:
    """Everything the progress page shows, for one filter."""

    agent_scores: list[dict]
    criterion_pass_rates: list[dict]
    team_scores: list[dict]
    heatmap: list[dict]
    most_missed: list[dict]

    def to_csv(self) -> str:
        """The report as one CSV table; a ``table`` column says which part a row belongs to."""
        parts = {"agent scores": self.agent_scores, "criterion pass rates": self.criterion_pass_rates,
                 "team scores": self.team_scores, "criterion x agent": self.heatmap, "most missed": self.most_missed}
        columns = ["table"] + list(dict.fromkeys(key for rows in parts.values() for row in rows for key in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, extrasaction="ignore")
        writer.writeheader()
        for table, rows in parts.items():
            for row in rows:
                writer.writerow({"table": table, **row})
        return out.getvalue()


def report(session: Session, identity, where: ProgressFilter = ProgressFilter()) -> ProgressReport:
    require(identity, Capability.see_progress)
    return ProgressReport(agent_scores(session, identity, where), criterion_pass_rates(session, identity, where),
                          team_scores(session, identity, where), heatmap(session, identity, where),
                          most_missed(session, identity, where))

"""`qa-app bench progress`: seed many scored calls, then time each progress query as the progress page runs it.

The seed is shaped like a contact centre's history: 60 agents in 6 teams taking 2,000 calls a day (so 100,000
calls span 50 days; ``days`` spreads them thinner), every call scored on every criterion of the default rubric
(some not applicable), a tenth rescored under a second rubric version (so "each call's newest score" matters),
and a share reviewed, some with overrides. Rows go in with bulk inserts (COPY on PostgreSQL) through the
database's triggers like any other write; the queries are the service functions themselves.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, text
from sqlmodel import SQLModel

import scoring
from qa_app.services import progress
from qa_app.services.accounts import Identity
from qa_app.services.rubrics import default_rubric_text
from qa_app.storage.db import get_engine, session_scope
from qa_app.storage.models import (Agent, CriterionResult, Recording, RecordingStatus, Review, ReviewOverride,
                                   ReviewState, Role, Rubric, Score, Team, User, Verdict, utcnow)

TEAMS, AGENTS_PER_TEAM = 6, 10
CALLS_PER_DAY = 2_000
RESCORED, REVIEWED, DRAFTS, OVERRIDDEN = 0.10, 0.06, 0.01, 0.3  # shares of calls (overrides: of reviews)
VERDICTS = [(Verdict.met, 0.55), (Verdict.not_met, 0.30), (Verdict.not_applicable, 0.15)]
CHUNK = 20_000


@dataclass(frozen=True)
class Shape:
    calls: int
    agents: list[int]
    teams: list[int]
    first_day: date
    last_day: date


def _rows(model: type[SQLModel], make: Callable[[], Iterator[dict]]) -> int:
    """Insert rows in chunks: COPY on PostgreSQL, executemany elsewhere."""
    engine = get_engine()
    table = model.__table__
    count = 0
    chunk: list[dict] = []

    def flush() -> None:
        if not chunk:
            return
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                columns = list(chunk[0])
                cursor = connection.connection.cursor()
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                    for row in chunk:
                        copy.write_row([_copy_value(row[c]) for c in columns])
            else:
                connection.execute(insert(table), chunk)
        chunk.clear()

    for row in make():
        chunk.append(row)
        count += 1
        if len(chunk) >= CHUNK:
            flush()
    flush()
    return count


def _copy_value(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if hasattr(value, "value"):  # enums are stored as their values
        return value.value
    return value


def seed(calls: int, *, days: int | None = None, seed_value: int = 7) -> Shape:
    """Fill the (empty, migrated) database with ``calls`` scored calls over ``days`` days."""
    days = days or -(-calls // CALLS_PER_DAY)
    rng = random.Random(seed_value)
    now = utcnow()
    criteria = scoring.load_rubric(default_rubric_text()).ids
    teams = list(range(1, TEAMS + 1))
    agents = list(range(1, TEAMS * AGENTS_PER_TEAM + 1))
    last_day = date.today()
    first_day = last_day - timedelta(days=days - 1)
    _rows(Team, lambda: ({"id": t, "name": f"Team {t}", "created_at": now} for t in teams))
    _rows(Agent, lambda: ({"id": a, "name": f"Agent {a:03d}", "team_id": (a - 1) // AGENTS_PER_TEAM + 1,
                           "active": True, "created_at": now} for a in agents))
    _rows(User, lambda: iter([{"id": 1, "username": "bench", "display_name": "Bench", "password_hash": "-",
                               "role": Role.admin, "active": True, "failed_logins": 0, "created_at": now}]))
    _rows(Rubric, lambda: ({"id": v, "name": "default", "version": v, "source_text": default_rubric_text(),
                            "active": v == 2, "created_at": now} for v in (1, 2)))
    call_agent = [rng.choice(agents) for _ in range(calls)]
    call_day = [first_day + timedelta(days=rng.randrange(days)) for _ in range(calls)]
    _rows(Recording, lambda: ({
        "id": i + 1, "sha256": hashlib.sha256(str(i).encode()).hexdigest(), "stored_path": None,
        "original_filename": f"call-{i + 1}", "agent_channel": "left", "call_date": call_day[i],
        "agent_id": call_agent[i], "uploaded_by_id": 1, "source": "import", "status": RecordingStatus.done,
        "attempts": 1, "progress": 1.0, "created_at": now, "updated_at": now} for i in range(calls)))

    # Score ids: 1..calls under version 1, then calls+1.. for the rescored tenth under version 2 (newest wins).
    rescored = sorted(rng.sample(range(1, calls + 1), int(calls * RESCORED)))
    scores = [(i, i, 1) for i in range(1, calls + 1)] + [(calls + n + 1, r, 2) for n, r in enumerate(rescored)]
    verdicts = {score_id: [rng.choices([v for v, _ in VERDICTS], [w for _, w in VERDICTS])[0] for _ in criteria]
                for score_id, _, _ in scores}

    def total(score_id: int) -> float:
        judged = [v for v in verdicts[score_id] if v is not Verdict.not_applicable]
        return round(100 * sum(v is Verdict.met for v in judged) / len(judged), 1) if judged else 100.0

    _rows(Score, lambda: ({"id": s, "recording_id": r, "rubric_id": v, "total": total(s), "metrics": {},
                           "created_at": now} for s, r, v in scores))
    _rows(CriterionResult, lambda: ({"score_id": s, "criterion": c, "verdict": verdict, "confidence": 0.9,
                                     "explanation": "", "evidence": []}
                                    for s, _, _ in scores for c, verdict in zip(criteria, verdicts[s])))

    newest = {r: s for s, r, _ in scores}
    reviewed = rng.sample(sorted(newest.values()), int(calls * (REVIEWED + DRAFTS)))
    finals = set(reviewed[:int(calls * REVIEWED)])
    _rows(Review, lambda: ({"id": n + 1, "score_id": s, "reviewer_id": 1,
                            "state": ReviewState.final if s in finals else ReviewState.draft, "overall_comment": "",
                            "total": min(total(s) + 5, 100.0) if s in finals else None, "version": 1,
                            "created_at": now, "updated_at": now} for n, s in enumerate(reviewed)))
    overridden = [(n + 1, s) for n, s in enumerate(reviewed) if rng.random() < OVERRIDDEN]
    _rows(ReviewOverride, lambda: ({"review_id": review_id, "criterion": criteria[k], "verdict": Verdict.met,
                                    "comment": ""} for review_id, s in overridden
                                   for k in rng.sample(range(len(criteria)), 2)))
    _analyze()
    return Shape(calls, agents, teams, first_day, last_day)


def _analyze() -> None:
    """Fresh planner statistics, as a database that grew over months would have."""
    engine = get_engine()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def _trainer() -> Identity:
    return Identity(1, "bench", "Bench", Role.trainer, None)


def queries(shape: Shape) -> dict[str, Callable]:
    """The progress page's queries, by name: the whole history and the filters people use most."""
    trainer = _trainer()
    agent = Identity(1, "bench", "Bench", Role.agent, shape.agents[0])
    quarter = progress.ProgressFilter(period="week", date_from=shape.last_day - timedelta(days=91),
                                      date_to=shape.last_day)
    team = progress.ProgressFilter(period="month", team_ids=(shape.teams[0],))
    everything = {"week": progress.ProgressFilter(period="week"), "month": progress.ProgressFilter(period="month")}
    return {
        "agent_scores_week": lambda s: progress.agent_scores(s, trainer, everything["week"]),
        "agent_scores_month": lambda s: progress.agent_scores(s, trainer, everything["month"]),
        "agent_scores_last_quarter": lambda s: progress.agent_scores(s, trainer, quarter),
        "team_scores_month": lambda s: progress.team_scores(s, trainer, everything["month"]),
        "criterion_pass_rates_month": lambda s: progress.criterion_pass_rates(s, trainer, everything["month"]),
        "criterion_pass_rates_by_agent_month": lambda s: progress.criterion_pass_rates(
            s, trainer, everything["month"], by_agent=True),
        "criterion_pass_rates_one_team": lambda s: progress.criterion_pass_rates(s, trainer, team, by_agent=True),
        "criterion_pass_rates_own_agent": lambda s: progress.criterion_pass_rates(s, agent, everything["week"]),
        "heatmap": lambda s: progress.heatmap(s, trainer, everything["month"]),
        "heatmap_last_quarter": lambda s: progress.heatmap(s, trainer, quarter),
        "most_missed": lambda s: progress.most_missed(s, trainer, everything["month"]),
    }


def build_rollup() -> float:
    """Count every seeded call into the progress rollup (what the first progress query after the upgrade does);
    returns the milliseconds it took."""
    started = time.perf_counter()
    with session_scope() as session:
        progress.refresh(session)
    return round((time.perf_counter() - started) * 1000, 1)


def _change_some_verdicts(count: int = 20) -> None:
    """What a busy hour brings between two page views: some calls scored again with other verdicts."""
    with get_engine().begin() as connection:
        connection.execute(text("UPDATE criterionresult SET verdict = CASE verdict WHEN 'met' THEN 'not_met' "
                                "ELSE 'met' END WHERE id IN (SELECT id FROM criterionresult WHERE verdict <> "
                                "'not_applicable' ORDER BY id DESC LIMIT :count)"), {"count": count})


AFTER_CHANGES = "criterion_pass_rates_month_after_20_changes"


def time_queries(shape: Shape, repeat: int = 3) -> tuple[dict[str, float], dict[str, int]]:
    """The median wall time of each query over ``repeat`` runs (ms), and how many rows each returned.

    The last entry is the month's pass rates right after twenty verdicts changed: the rollup refresh included."""
    timings, rows = {}, {}
    named = queries(shape)
    named[AFTER_CHANGES] = named["criterion_pass_rates_month"]
    for name, query in named.items():
        samples = []
        for _ in range(repeat):
            if name == AFTER_CHANGES:
                _change_some_verdicts()
            with session_scope() as session:
                started = time.perf_counter()
                result = query(session)
                samples.append((time.perf_counter() - started) * 1000)
        timings[name], rows[name] = round(statistics.median(samples), 1), len(result)
    return timings, rows

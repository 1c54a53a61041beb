"""Scale benchmarks: ``qa-app bench progress`` (progress queries over many calls) and ``qa-app bench ingest``
(calls processed per hour by N workers)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from qa_app.cli.app import bench_app


@bench_app.command("progress")
def bench_progress(
    calls: int = typer.Option(100_000, min=1, help="Scored calls to seed."),
    days: int = typer.Option(None, min=1, help="Days the calls span [default: 2,000 calls a day]."),
    database_url: str = typer.Option(None, "--database-url", help="A PostgreSQL server (postgresql+psycopg://"
                                     "user:password@host/db) to create a scratch database on [default: a scratch "
                                     "SQLite file]."),
    repeat: int = typer.Option(3, min=1, help="Runs per query; the median is reported."),
    as_json: bool = typer.Option(False, "--json", help='Print {"calls": N, "queries_ms": {name: ms}}.'),
) -> None:
    """Seed a scratch database with many scored calls and time each progress query (goal: under 300 ms each)."""
    from qa_app.bench.progress import build_rollup, seed, time_queries
    from qa_app.bench.scratch import scratch_installation
    from qa_app.storage.db import get_engine

    with scratch_installation(database_url):
        started = time.perf_counter()
        shape = seed(calls, days=days)
        seed_seconds = time.perf_counter() - started
        rollup_ms = build_rollup()
        database = get_engine().dialect.name
        timings, rows = time_queries(shape, repeat)
    if as_json:
        typer.echo(json.dumps({"calls": calls, "days": (shape.last_day - shape.first_day).days + 1,
                               "database": database, "seed_seconds": round(seed_seconds, 1),
                               "rollup_build_ms": rollup_ms, "queries_ms": timings, "rows": rows}))
        return
    typer.echo(f"{calls:,} scored calls over {(shape.last_day - shape.first_day).days + 1} days on {database}, "
               f"seeded in {seed_seconds:.1f} s; rollup built in {rollup_ms:.0f} ms; median of {repeat} run(s):")
    for name, ms in timings.items():
        flag = "" if ms < 300 else "   over the 300 ms goal"
        typer.echo(f"  {name:<38} {ms:>8.1f} ms  {rows[name]:>6} rows{flag}")


@bench_app.command("ingest")
def bench_ingest(
    folder: Path = typer.Argument(..., help="A folder of call recordings."),
    workers: list[int] = typer.Option([1, 2], "--workers", min=1, help="Worker processes; repeat the option to "
                                      "compare, e.g. --workers 1 --workers 2."),
    agent_channel: str = typer.Option("left", "--agent-channel", help="left, right or mono (as for ingest)."),
    database_url: str = typer.Option(None, "--database-url", help="A PostgreSQL server to create the scratch "
                                     "database on [default: a scratch SQLite file]."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list, one object per worker count."),
) -> None:
    """Ingest a folder and process every call with N worker processes: calls per hour, audio hours per wall hour."""
    from qa_app.bench.ingest import run

    runs = [run(folder, n, agent_channel=agent_channel, database_url=database_url) for n in workers]
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in runs]))
        return
    for r in runs:
        typer.echo(f"{r.workers} worker(s): {r.calls} calls ({r.audio_hours:.2f} h of audio, {r.failed} failed) in "
                   f"{r.processing_seconds:.0f} s after {r.intake_seconds:.1f} s of intake: "
                   f"{r.calls_per_hour:,.0f} calls/h, {r.audio_hours_per_wall_hour:.1f} audio h per wall h")

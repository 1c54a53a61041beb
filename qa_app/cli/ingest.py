"""``qa-app ingest``: bulk ingestion of call recordings from files and folders, with a progress bar."""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text
from sqlmodel import select

from qa_app.cli.app import app
from qa_app.config import get_settings
from qa_app.errors import NotFound, UserError
from qa_app.services.accounts import Identity
from qa_app.services.ingest import Rules, find_sources, ingest
from qa_app.storage.db import session_scope
from qa_app.storage.models import Role, User


def cli_identity(username: str | None) -> Identity:
    """Who a command acts as: the named user, else the first admin account (the one `qa-app demo` or the
    installer created). Services check this identity's permissions as they would in the app."""
    with session_scope() as session:
        query = select(User).where(User.active)
        query = query.where(User.username == username) if username else query.where(User.role == Role.admin)
        user = session.exec(query.order_by(User.id)).first()
    if user is None:
        raise NotFound(f"No active user {username!r}." if username else
                       "No admin account yet: create one with `qa-app users add NAME --role admin`, or pass --as.")
    return Identity.of(user)


class _RateColumn(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} files/s" if speed else "– files/s", style="progress.data.speed")


@contextmanager
def _stop_requests() -> Iterator[list[bool]]:
    """The first Ctrl-C asks to stop after the file in hand (nothing is left half-done); a second stops at once
    (still safe: the file in hand is rolled back, and the next run stores it)."""
    requested = [False]

    def on_interrupt(signum, frame) -> None:
        if requested[0]:
            raise KeyboardInterrupt
        requested[0] = True

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield requested
    finally:
        signal.signal(signal.SIGINT, previous)


@app.command("ingest")
def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Recordings, or folders searched for recordings (recursively)."),
    agent: str = typer.Option(None, help="The agent of every call (matched by name; created if new)."),
    agent_from: str = typer.Option(None, "--agent-from", help="Regular expression finding the agent's name in each "
                                   "file's path: the group named 'agent', else the first group, else the match; "
                                   "_ and . read as spaces. E.g. '([^/]+)/[^/]+$' for one folder per agent."),
    date_from: str = typer.Option(None, "--date-from", help="Regular expression finding the call date in each "
                                  "file's path: groups year, month, day, else the group 'date', the first group or "
                                  "the match, as YYYY-MM-DD or YYYYMMDD. Default: the date stored in the file, "
                                  "else today."),
    agent_channel: str = typer.Option("left", "--agent-channel", help="Which channel of two-channel recordings is "
                                      "the agent (left or right), or mono to separate voices by sound."),
    as_user: str = typer.Option(None, "--as", help="Act as this user (an admin or QA reviewer) "
                                "[default: the first admin]."),
) -> int:
    """Store many recordings at once and queue them for processing. Files already stored (same content) are
    skipped, so an interrupted run (Ctrl-C) continues when given the same paths again."""
    rules = Rules.of(agent=agent, agent_from=agent_from, date_from=date_from, agent_channel=agent_channel)
    sources = find_sources(paths)
    if not sources:
        raise UserError("No recordings found in the given paths.")
    identity = cli_identity(as_user)
    outcomes: Counter[str] = Counter()
    errors = []
    started = time.perf_counter()
    console = Console(stderr=True)
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), _RateColumn(), TimeElapsedColumn(),
               TextColumn("ETA"), TimeRemainingColumn())
    with _stop_requests() as stop, Progress(*columns, console=console) as progress:
        task = progress.add_task("ingest", total=len(sources))
        for result in ingest(identity, sources, rules):
            outcomes[result.outcome] += 1
            if result.outcome in ("error", "unusable"):
                errors.append(result)
            progress.advance(task)
            if stop[0]:
                break
    for result in errors:
        label = "error" if result.outcome == "error" else "unusable (kept, marked failed)"
        typer.echo(f"{label}: {result.source.name}: {result.message}", err=True)
    done = sum(outcomes.values())
    typer.echo(f"{done} of {len(sources)} file(s) in {time.perf_counter() - started:.1f} s: "
               f"{outcomes['stored']} stored and queued, {outcomes['known']} already stored, "
               f"{outcomes['unusable']} unusable, {outcomes['error']} error(s)")
    if outcomes["stored"]:
        runner = ("sent to the Celery workers" if get_settings().broker_url else
                  "processed by the app's embedded worker or `qa-app worker --local`")
        typer.echo(f"the new calls are {runner}")
    if done < len(sources):
        typer.echo("interrupted: run the same command again to continue", err=True)
        return 130
    return 1 if outcomes["error"] else 0

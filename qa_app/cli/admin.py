"""Administration commands: schema, demo content, the web app, user accounts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from qa_app.cli.app import app, db_app, users_app
from qa_app.config import get_settings
from qa_app.services import accounts, directory, privacy
from qa_app.storage.db import session_scope
from qa_app.storage.migrate import upgrade


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest version."""
    upgrade()
    typer.echo(f"database ready: {_safe_url(get_settings().database_url)}")


@app.command()
def demo() -> None:
    """Seed demo content once (teams, agents, a user per role, the default rubric) and print the demo log-ins."""
    from qa_app.services.demo import seed_demo

    upgrade()
    with session_scope() as session:
        logins = seed_demo(session)
    typer.echo("Demo log-ins (kept in the data directory as demo-logins.json):")
    for login in logins:
        extra = f"  agent {login.agent}" if login.agent else ""
        typer.echo(f"  {login.role:<12} {login.username:<10} {login.password}{extra}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def serve(ctx: typer.Context) -> None:
    """Start the web app (Streamlit). Extra options pass through, e.g. --server.port 8600."""
    script = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    settings = get_settings()
    argv = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--server.fileWatcherType", "none",
            "--server.maxUploadSize", str(max(1, settings.max_upload_bytes // (1024 * 1024))), *ctx.args]
    os.execv(sys.executable, argv)


@app.command()
def redact() -> None:
    """Apply the QA_REDACT policy to calls already stored (from before redaction, or a narrower policy):
    transcripts, the evidence of their scores, and the audio reviewers hear."""
    with session_scope() as session:
        report = privacy.apply_redaction(session, accounts.CONSOLE)
    typer.echo(f"{report.calls} calls checked: {report.redacted} redacted, {report.copies} playback copies made")


@users_app.command("add")
def users_add(
    username: str,
    role: str = typer.Option(..., help="admin, qa_reviewer, trainer or agent"),
    agent: str = typer.Option(None, help="for role agent: the agent's name"),
    name: str = typer.Option("", help="display name"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 envvar="QA_NEW_PASSWORD"),
) -> None:
    """Create a user (the password is asked for, or read from QA_NEW_PASSWORD)."""
    with session_scope() as session:
        user = directory.add_user(session, accounts.CONSOLE, username, password, accounts.parse_role(role),
                                  display_name=name, agent_name=agent)
        typer.echo(f"created {user.username} ({user.role.value})")


@users_app.command("list")
def users_list() -> None:
    """List users with their role and agent."""
    with session_scope() as session:
        for user in accounts.list_users(session):
            state = "" if user.active else "  (disabled)"
            agent = f"  agent #{user.agent_id}" if user.agent_id else ""
            typer.echo(f"{user.username:<20} {user.role.value:<12}{agent}{state}")


@users_app.command("passwd")
def users_passwd(
    username: str,
    password: str = typer.Option(..., prompt="New password", hide_input=True, confirmation_prompt=True,
                                 envvar="QA_NEW_PASSWORD"),
) -> None:
    """Set a user's password (and lift a lockout)."""
    with session_scope() as session:
        directory.reset_password(session, accounts.CONSOLE, accounts.get_user(session, username).id, password)
    typer.echo(f"password changed for {username}")


def _safe_url(url: str) -> str:
    """The URL without its password, fit to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

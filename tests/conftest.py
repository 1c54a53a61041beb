"""Shared fixtures: every test that touches storage gets its own data directory and a migrated database."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.jobs.local import stop_shared_worker
from qa_app.storage.db import dispose_engines
from qa_app.storage.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def qa_env(tmp_path, monkeypatch):
    """A fresh installation: data directory, recordings store and an upgraded SQLite database under tmp_path."""
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QA_RECORDINGS_DIR", str(tmp_path / "recordings"))
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    dispose_engines()
    upgrade()
    yield tmp_path
    stop_shared_worker()  # a page may have started the embedded worker; it must not outlive this database
    dispose_engines()


FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture
def demo(qa_env):
    """A fresh installation with the demo content; returns each demo user's Identity by username."""
    from qa_app.services.accounts import Identity
    from qa_app.services.demo import seed_demo
    from qa_app.storage.db import session_scope
    from qa_app.storage.models import User
    from sqlmodel import select

    with session_scope() as session:
        seed_demo(session)
        return {user.username: Identity.of(user) for user in session.exec(select(User))}


@pytest.fixture
def scored_calls(demo):
    """tests/fixtures/calls.jsonl imported by the reviewer and processed: {call id in the file: recording id}."""
    from qa_app.jobs.pipeline import run_queued
    from qa_app.services.recordings import import_transcripts
    from qa_app.storage.db import session_scope

    text = (FIXTURES / "calls.jsonl").read_text()
    with session_scope() as session:
        intakes = import_transcripts(session, demo["reviewer"], text, source="calls.jsonl")
    run_queued()
    return {intake.filename: intake.recording_id for intake in intakes}

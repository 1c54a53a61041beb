"""Shared fixtures: every test that touches storage gets its own data directory and a migrated database.

Tests marked ``both_databases`` (and the modules in BOTH_DATABASE_MODULES) run twice: on SQLite and on
PostgreSQL (``QA_TEST_POSTGRES_URL``, a role allowed to create databases; ``tests/services.sh`` starts one and
prints the variable). Each PostgreSQL test gets a fresh database, copied from one migrated template per session
and dropped afterwards. Without the variable those runs are skipped locally and fail in CI, which installs and
starts the servers.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from pytest_bdd import given

from qa_app.jobs.local import stop_shared_worker
from qa_app.storage.db import dispose_engines
from qa_app.storage.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Where storage-heavy behaviour lives: these modules run on PostgreSQL as well as SQLite.
BOTH_DATABASE_MODULES = {"tests.app.test_schema", "tests.app.test_pipeline", "tests.app.test_reviews",
                         "tests.app.test_queue_and_progress"}


def pytest_configure(config):
    config.addinivalue_line("markers", "both_databases: runs on SQLite and on PostgreSQL (QA_TEST_POSTGRES_URL)")
    config.addinivalue_line("markers", "redis: needs the Redis server in QA_TEST_REDIS_URL")


def pytest_generate_tests(metafunc):
    if "database" in metafunc.fixturenames and (metafunc.definition.get_closest_marker("both_databases")
                                                or metafunc.module.__name__ in BOTH_DATABASE_MODULES):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


def test_server(variable: str) -> str:
    """The URL of a test server from the environment; skipped locally without it, a failure in CI."""
    url = os.environ.get(variable)
    if not url:
        message = f"{variable} is not set: run eval \"$(bash tests/services.sh)\" first"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


test_server.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def postgres_template():
    """One migrated PostgreSQL database per session; each test copies it (faster than migrating again)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(test_server("QA_TEST_POSTGRES_URL"))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    template = f"qa_template_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{template}"'))
    url = server.set(database=template).render_as_string(hide_password=False)
    upgrade(url)
    dispose_engines()  # CREATE DATABASE … TEMPLATE needs the template free of connections
    yield admin, server, template
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(request):
    """The database URL for this test: None for the default SQLite file, else a fresh PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield None
        return
    from sqlalchemy import text

    admin, server, template = request.getfixturevalue("postgres_template")
    name = f"qa_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    dispose_engines()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def qa_env(tmp_path, monkeypatch, database):
    """A fresh installation: data directory, recordings store and an upgraded database (SQLite under tmp_path,
    or a fresh PostgreSQL database for tests that run on both)."""
    use_installation(monkeypatch, tmp_path, database)
    upgrade()
    yield tmp_path
    stop_shared_worker()  # a page may have started the embedded worker; it must not outlive this database
    dispose_engines()


FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


@pytest.fixture
def demo(qa_env):
    """A fresh installation with the demo content; returns each demo user's Identity by username."""
    return seed_demo_users()


def seed_demo_users() -> dict:
    """Seed the demo content into the current installation; each demo user's Identity by username."""
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


def use_installation(monkeypatch, root: Path, database: str | None = None) -> None:
    """Point qa-app at an installation under ``root``: its data directory and recordings store, and its SQLite
    database there (or ``database``); jobs run in-process."""
    monkeypatch.setenv("QA_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("QA_RECORDINGS_DIR", str(root / "recordings"))
    if database is None:
        monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("QA_DATABASE_URL", database)
    monkeypatch.delenv("QA_BROKER_URL", raising=False)
    dispose_engines()


@pytest.fixture
def context() -> dict:
    """What a Gherkin scenario's steps hand on to each other."""
    return {}


@given("a fresh qa-app installation")
def fresh_install(qa_env):
    return qa_env

"""The administration CLI run as a user would: a real subprocess, a real database file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import inspect

from qa_app.storage.db import get_engine
from qa_app.storage.migrate import current_revision, head_revision


def qa_app(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())", *args],
                          capture_output=True, text=True, input=input, env={**os.environ, **(env or {})},
                          timeout=120)


def test_help_lists_the_commands(qa_env):
    result = qa_app("--help")
    assert result.returncode == 0
    for command in ("db", "demo", "serve", "users"):
        assert command in result.stdout


def test_db_upgrade_creates_every_table_in_wal_mode(qa_env):
    result = qa_app("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert current_revision() == head_revision()
    tables = set(inspect(get_engine()).get_table_names())
    assert {"team", "agent", "user", "recording", "transcript", "turn", "rubric", "score", "criterionresult",
            "review", "reviewoverride", "drill", "drillattempt"} <= tables
    with get_engine().connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_progress_indexes_exist(qa_env):
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(get_engine()).get_indexes("recording")}
    assert indexes["ix_recording_agent_call_date"] == ["agent_id", "call_date"]
    score_indexes = [ix["column_names"] for ix in inspect(get_engine()).get_indexes("score")]
    assert ["rubric_id"] in score_indexes


def test_users_add_list_and_passwd(qa_env):
    added = qa_app("users", "add", "quinn", "--role", "qa_reviewer", env={"QA_NEW_PASSWORD": "first-secret"})
    assert added.returncode == 0, added.stderr
    listed = qa_app("users", "list")
    assert "quinn" in listed.stdout and "qa_reviewer" in listed.stdout
    assert "first-secret" not in listed.stdout + added.stdout
    changed = qa_app("users", "passwd", "quinn", input="second-secret\nsecond-secret\n")
    assert changed.returncode == 0, changed.stderr

    from qa_app.services.accounts import LoginFailed, authenticate
    from qa_app.storage.db import session_scope

    with session_scope() as session:
        assert authenticate(session, "quinn", "second-secret").username == "quinn"
        with pytest.raises(LoginFailed):
            authenticate(session, "quinn", "first-secret")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "x", "--role", "boss"], "error: Unknown role 'boss'"),
        (["users", "add", "y", "--role", "agent"], "error: An agent's account must be linked to an agent"),
        (["users", "passwd", "nobody"], "error: No user named 'nobody'."),
    ],
)
def test_user_mistakes_print_one_line_and_fail(qa_env, args, message):
    result = qa_app(*args, env={"QA_NEW_PASSWORD": "long-enough-pw"})
    assert result.returncode == 1
    assert result.stderr.strip().startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_short_password_is_refused(qa_env):
    result = qa_app("users", "add", "shorty", "--role", "trainer", env={"QA_NEW_PASSWORD": "short"})
    assert result.returncode == 1
    assert "at least 8 characters" in result.stderr


def test_passwords_are_stored_as_argon2_hashes(qa_env):
    qa_app("users", "add", "hashed", "--role", "trainer", env={"QA_NEW_PASSWORD": "plain-text-pw"})
    db_bytes = b"".join(path.read_bytes() for path in (qa_env / "data").glob("qa.db*"))
    assert b"plain-text-pw" not in db_bytes
    assert b"$argon2id$" in db_bytes

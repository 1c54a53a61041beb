"""Database engine and sessions.

SQLite (the embedded default) runs in WAL mode with foreign keys enforced, so the Streamlit process and a
background worker can read and write the same file; any SQLAlchemy URL in ``QA_DATABASE_URL`` (PostgreSQL in
production) works the same way through this module.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from qa_app.config import get_settings

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses at most the last commit, never corrupts
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def _savepoint_inside_a_transaction(connection, _name) -> None:
    """Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, not before SAVEPOINT: a savepoint
    taken first would itself be the transaction, and releasing it would commit — half of a unit of work (a review
    without its audit events) saved on its own. Open the real transaction first."""
    raw = connection.connection.dbapi_connection
    if not raw.in_transaction:
        raw.execute("BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: the configured database), created on first use."""
    url = url or get_settings().database_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                path = url.split("///", 1)[-1]
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "savepoint", _savepoint_inside_a_transaction)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Forget cached engines (tests switch databases; forked workers must not share connections)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _forget_engines_in_child() -> None:
    """A forked process (a Celery pool worker) opens its own connections: the parent's sockets and SQLite handles
    stay the parent's (``close=False`` leaves them untouched), and a lock held by a parent thread is not inherited."""
    global _lock
    _lock = threading.Lock()
    for engine in _engines.values():
        engine.dispose(close=False)
    _engines.clear()


os.register_at_fork(after_in_child=_forget_engines_in_child)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

"""A throw-away installation for a benchmark: its own data directory, recordings store and database.

SQLite by default (a file in a temporary folder); given a PostgreSQL server URL, a scratch database is created
on that server and dropped afterwards, so a benchmark never touches real data.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from qa_app.errors import UserError
from qa_app.storage.db import dispose_engines
from qa_app.storage.migrate import upgrade


@contextmanager
def _scratch_database(server_url: str | None, folder: Path) -> Iterator[str]:
    if server_url is None or server_url.startswith("sqlite"):
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    server = make_url(server_url)
    if server.get_backend_name() != "postgresql":
        raise UserError("--database-url is a PostgreSQL server (postgresql+psycopg://user:password@host/db); "
                        "without it the benchmark uses a scratch SQLite file.")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"qa_bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        raise UserError(f"Cannot create a scratch database on the server ({type(exc.orig or exc).__name__}); the "
                        f"user needs the CREATEDB right.") from None
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        dispose_engines()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def scratch_installation(database_url: str | None = None) -> Iterator[dict[str, str]]:
    """Point this process's settings at a fresh, migrated installation; yields its environment (for workers)."""
    names = ("QA_DATA_DIR", "QA_RECORDINGS_DIR", "QA_DATABASE_URL")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as folder, \
            _scratch_database(database_url, Path(folder)) as url:
        env = {"QA_DATA_DIR": str(Path(folder) / "data"), "QA_RECORDINGS_DIR": str(Path(folder) / "recordings"),
               "QA_DATABASE_URL": url}
        os.environ.update(env)
        dispose_engines()
        try:
            upgrade()
            yield env
        finally:
            dispose_engines()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

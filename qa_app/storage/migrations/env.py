"""Alembic environment: migrations run against the URL the caller put in the config (see qa_app.storage.migrate)."""

from alembic import context
from sqlmodel import SQLModel

from qa_app.storage import models  # noqa: F401  (registers every table on SQLModel.metadata)
from qa_app.storage.db import get_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    with get_engine(config.get_main_option("sqlalchemy.url")).connect() as connection:
        if connection.dialect.name == "sqlite":
            _run_sqlite(connection)
        else:
            _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_sqlite(connection) -> None:
    """Migrate with foreign keys off, as SQLite requires for copying a table: with them on, dropping the old copy
    deletes every row that refers to it, cascading. What the copies refer to is checked before they are back on."""
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no effect inside a transaction: none is open yet
    connection.commit()
    try:
        _run(connection)
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        connection.commit()
        if broken:
            raise RuntimeError(f"the migration left {len(broken)} rows referring to missing rows: {broken[:5]}")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()

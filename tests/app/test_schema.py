from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from qa_app.storage import models  # noqa: F401
from qa_app.storage.db import get_engine


def test_migrations_build_exactly_the_schema_the_models_declare(qa_env):
    with get_engine().connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []

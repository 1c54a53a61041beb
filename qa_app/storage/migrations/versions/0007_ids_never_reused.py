"""ids of calls and reviews are never reused on SQLite (AUTOINCREMENT)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:50:00.000000

SQLite otherwise hands a deleted newest row's id to the next insert: the audit trail of "recording 12" would then
mix a deleted call with a new one, and an old link to call 12 would open another call. PostgreSQL sequences never
go back, so only SQLite changes. The tables are copied (SQLite's only way to change a table); their triggers
(progress tracking, 0005) are made again from their stored text.
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ("recording", "review")


def _copy(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Every trigger steps aside while the tables are copied: SQLite checks the triggers of all tables (the progress
    # triggers of score read recording) when the copy takes the old name, and those of a copied table go with it.
    triggers = bind.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")).all()
    for name, _ in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
    for _, statement in triggers:
        op.execute(statement)


def upgrade() -> None:
    _copy(autoincrement=True)


def downgrade() -> None:
    _copy(autoincrement=False)

"""redacted playback copy of a recording

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:40:00.000000
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE both ways (no batch copy of the table on SQLite), so recording's progress triggers (0005)
    # stay in place.
    op.add_column('recording', sa.Column('redacted_path', sqlmodel.sql.sqltypes.AutoString(length=1024),
                                         nullable=True))


def downgrade() -> None:
    op.drop_column('recording', 'redacted_path')

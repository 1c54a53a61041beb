"""recording job fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:01:03.803543
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        # Existing rows are audio uploads that have not started a job: the defaults say so.
        batch_op.add_column(sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default='audio'))
        batch_op.add_column(sa.Column('file_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('progress', sa.Float(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index('ix_recording_status', ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recording', schema=None) as batch_op:
        batch_op.drop_index('ix_recording_status')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('progress')
        batch_op.drop_column('file_size')
        batch_op.drop_column('source')


"""drills: assignments to agents or teams, per-criterion results of attempts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:02:26.015949
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drillassignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('drill_slug', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(agent_id IS NULL) <> (team_id IS NULL)', name='ck_drillassignment_one_target'),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], ),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('drill_slug', 'agent_id'),
    sa.UniqueConstraint('drill_slug', 'team_id')
    )
    with op.batch_alter_table('drillassignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drillassignment_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drillassignment_drill_slug'), ['drill_slug'], unique=False)
        batch_op.create_index(batch_op.f('ix_drillassignment_team_id'), ['team_id'], unique=False)

    op.create_table('drillcriterionresult',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('verdict', sa.Enum('met', 'not_met', 'not_applicable', name='verdict', native_enum=False, length=32),
              nullable=False),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.Column('judged', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['drillattempt.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('attempt_id', 'criterion')
    )
    with op.batch_alter_table('drillcriterionresult', schema=None) as batch_op:
        batch_op.create_index('ix_drillcriterionresult_criterion_verdict', ['criterion', 'verdict'], unique=False)

    # Per-criterion results moved to their own table (so progress can aggregate them in SQL); nothing wrote
    # this column before drills existed.
    with op.batch_alter_table('drillattempt', schema=None) as batch_op:
        batch_op.drop_column('results')


def downgrade() -> None:
    with op.batch_alter_table('drillattempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('results', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('drillcriterionresult', schema=None) as batch_op:
        batch_op.drop_index('ix_drillcriterionresult_criterion_verdict')

    op.drop_table('drillcriterionresult')
    with op.batch_alter_table('drillassignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drillassignment_team_id'))
        batch_op.drop_index(batch_op.f('ix_drillassignment_drill_slug'))
        batch_op.drop_index(batch_op.f('ix_drillassignment_agent_id'))

    op.drop_table('drillassignment')

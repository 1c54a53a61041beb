"""audit trail; a review keeps the total its overrides give

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:04:26.401121
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The audit trail is append-only in the database itself, not just by the application's good manners.
APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
        "CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON auditevent "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    ],
    "postgresql": [
        "CREATE FUNCTION auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$",
        "CREATE TRIGGER auditevent_append_only BEFORE UPDATE OR DELETE ON auditevent "
        "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()",
    ],
}
DROP_APPEND_ONLY = {
    "sqlite": ["DROP TRIGGER auditevent_no_update", "DROP TRIGGER auditevent_no_delete"],
    "postgresql": ["DROP TRIGGER auditevent_append_only ON auditevent", "DROP FUNCTION auditevent_append_only()"],
}


def upgrade() -> None:
    op.create_table('auditevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auditevent_at'), ['at'], unique=False)
        batch_op.create_index('ix_auditevent_entity', ['entity', 'entity_id'], unique=False)
    for statement in APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('total', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('total')
    for statement in DROP_APPEND_ONLY.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_entity')
        batch_op.drop_index(batch_op.f('ix_auditevent_at'))

    op.drop_table('auditevent')

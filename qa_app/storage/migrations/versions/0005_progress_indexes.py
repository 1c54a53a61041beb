"""progress at scale: the criterion rollup with its change-tracking triggers, and the indexes progress reads

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:20:00.000000
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Which (agent, call date) buckets a changed row belongs to, per table: {row} is NEW or OLD.
BUCKET_OF = {
    "recording": "SELECT {row}.agent_id, {row}.call_date WHERE {row}.agent_id IS NOT NULL",
    "score": "SELECT r.agent_id, r.call_date FROM recording r WHERE r.id = {row}.recording_id "
             "AND r.agent_id IS NOT NULL",
    "criterionresult": "SELECT r.agent_id, r.call_date FROM score s JOIN recording r ON r.id = s.recording_id "
                       "WHERE s.id = {row}.score_id AND r.agent_id IS NOT NULL",
    "review": "SELECT r.agent_id, r.call_date FROM score s JOIN recording r ON r.id = s.recording_id "
              "WHERE s.id = {row}.score_id AND r.agent_id IS NOT NULL",
    "reviewoverride": "SELECT r.agent_id, r.call_date FROM review v JOIN score s ON s.id = v.score_id "
                      "JOIN recording r ON r.id = s.recording_id WHERE v.id = {row}.review_id "
                      "AND r.agent_id IS NOT NULL",
}
# A recording matters to progress only through its agent and date (a new one has no score yet).
EVENTS = {table: ("INSERT", "UPDATE", "DELETE") for table in BUCKET_OF}
EVENTS["recording"] = ("UPDATE OF agent_id, call_date", "DELETE")


def _rows_for(event: str) -> tuple[str, ...]:
    return {"INSERT": ("NEW",), "DELETE": ("OLD",)}.get(event.split()[0], ("OLD", "NEW"))


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, bucket in BUCKET_OF.items():
        for event in EVENTS[table]:
            name = f"progress_dirty_{table}_{event.split()[0].lower()}"
            body = "".join(f"INSERT OR IGNORE INTO progressdirty (agent_id, call_date) {bucket.format(row=row)}; "
                           for row in _rows_for(event))
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body}END")
    return statements


def _postgresql_triggers() -> list[str]:
    statements = []
    for table, bucket in BUCKET_OF.items():
        marks = {row: f"INSERT INTO progressdirty (agent_id, call_date) {bucket.format(row=row)} "
                      f"ON CONFLICT DO NOTHING;" for row in ("OLD", "NEW")}
        statements.append(
            f"CREATE FUNCTION progress_dirty_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {marks['OLD']} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {marks['NEW']} END IF; "
            f"RETURN NULL; END $$")
        events = " OR ".join(EVENTS[table])
        statements.append(f"CREATE TRIGGER progress_dirty_{table} AFTER {events} ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION progress_dirty_{table}()")
    return statements


def _drop_triggers(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP FUNCTION progress_dirty_{table}() CASCADE" for table in BUCKET_OF]
    return [f"DROP TRIGGER progress_dirty_{table}_{event.split()[0].lower()}"
            for table in BUCKET_OF for event in EVENTS[table]]


def upgrade() -> None:
    op.create_table('progressdirty',
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('call_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('agent_id', 'call_date')
    )
    op.create_table('progressrollup',
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('call_date', sa.Date(), nullable=False),
    sa.Column('criterion', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.Column('missed', sa.Integer(), nullable=False),
    sa.Column('judged', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agent_id', 'call_date', 'criterion')
    )
    with op.batch_alter_table('progressrollup', schema=None) as batch_op:
        batch_op.create_index('ix_progressrollup_call_date', ['call_date'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _sqlite_triggers, "postgresql": _postgresql_triggers}.get(dialect, list)():
        op.execute(statement)
    # Every call already scored is counted at the first progress query.
    op.execute("INSERT INTO progressdirty (agent_id, call_date) SELECT DISTINCT agent_id, call_date FROM recording "
               "WHERE agent_id IS NOT NULL")


def downgrade() -> None:
    for statement in _drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('progressrollup', schema=None) as batch_op:
        batch_op.drop_index('ix_progressrollup_call_date')
    op.drop_table('progressrollup')
    op.drop_table('progressdirty')

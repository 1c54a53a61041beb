import streamlit as st

from qa_app.services import calls
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.storage.models import RecordingStatus
from qa_app.ui.session import page_guard

identity = page_guard(Capability.review_calls)
st.title("Call queue")

with session_scope() as session:
    agents = {a.id: a.name for a in calls.agents(session)}
    teams = {t.id: t.name for t in calls.teams(session)}
    criteria = calls.active_criteria(session)

with st.expander("Filters", expanded=False):
    left, middle, right = st.columns(3)
    agent_ids = left.multiselect("Agents", list(agents), format_func=agents.get, key="q_agents")
    team_ids = left.multiselect("Teams", list(teams), format_func=teams.get, key="q_teams")
    dates = middle.date_input("Call dates", value=(), key="q_dates", help="A start and an end date.")
    statuses = middle.multiselect("Status", list(RecordingStatus), format_func=lambda s: s.value, key="q_status")
    score_range = right.slider("Score", 0, 100, (0, 100), key="q_score")
    missed = right.selectbox("Criterion missed", [None, *criteria], format_func=lambda c: criteria.get(c, "any"),
                             key="q_missed")
    reviewed = right.selectbox("Reviewed", [None, False, True], key="q_reviewed",
                               format_func={None: "all calls", False: "not yet", True: "final review"}.get)
sort = st.radio("Sort", list(calls.QUEUE_SORTS), format_func=calls.QUEUE_SORTS.get, horizontal=True, key="q_sort")

where = calls.QueueFilter(
    agent_ids=tuple(agent_ids), team_ids=tuple(team_ids),
    date_from=dates[0] if len(dates) > 0 else None, date_to=dates[1] if len(dates) > 1 else None,
    statuses=tuple(statuses), score_min=score_range[0] if score_range[0] > 0 else None,
    score_max=score_range[1] if score_range[1] < 100 else None, missed_criterion=missed, reviewed=reviewed,
    sort=sort)
with session_scope() as session:
    rows = calls.call_queue(session, identity, where)

if not rows:
    st.info("No calls yet — upload one on **Upload calls**; scored calls wait here for review, oldest first."
            if where == calls.QueueFilter(sort=sort) else "No call matches these filters.")
    st.stop()

table = [{"call": row.recording_id, "date": row.call_date, "agent": row.agent, "team": row.team,
          "score": row.total, "status": row.status.value,
          "review": row.review_state.value if row.review_state else "—",
          "missed": ", ".join(criteria.get(c, c) for c in row.missed), "file": row.filename} for row in rows]
st.caption(f"{len(rows)} call(s). Select a row, or pick a call below, to review it.")
picked = st.dataframe(table, hide_index=True, on_select="rerun", selection_mode="single-row", key="q_table",
                      column_config={"score": st.column_config.ProgressColumn("score", min_value=0, max_value=100,
                                                                              format="%.0f")})
if picked.selection.rows:
    st.switch_page("views/review.py", query_params={"call": str(rows[picked.selection.rows[0]].recording_id)})
by_id = {row.recording_id: row for row in rows}
choice, go = st.columns([4, 1], vertical_alignment="bottom")
call = choice.selectbox("Call", list(by_id), key="q_call", format_func=lambda i: (
    f"#{i} · {by_id[i].call_date} · {by_id[i].agent or 'no agent'} · "
    + (f"score {by_id[i].total:.0f}" if by_id[i].total is not None else by_id[i].status.value)))
if go.button("Review", type="primary", key="q_open"):
    st.switch_page("views/review.py", query_params={"call": str(call)})

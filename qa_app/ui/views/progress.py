import altair as alt
import pandas as pd
import streamlit as st

from qa_app.services import calls, progress
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.ui import drill_view
from qa_app.ui.session import page_guard

identity = page_guard(Capability.see_progress)
st.title("Progress")

with session_scope() as session:
    agents = {a.id: a.name for a in calls.agents(session)}
    teams = {t.id: t.name for t in calls.teams(session)}
    criteria = calls.active_criteria(session)

left, middle, right = st.columns(3)
period = left.segmented_control("Per", progress.PERIODS, default="week", required=True, key="p_period")
agent_ids = middle.multiselect("Agents", list(agents), format_func=agents.get, key="p_agents")
team_ids = right.multiselect("Teams", list(teams), format_func=teams.get, key="p_teams")
where = progress.ProgressFilter(period=period, agent_ids=tuple(agent_ids), team_ids=tuple(team_ids))

with session_scope() as session:
    shown = progress.report(session, identity, where)
scores, rates, team_scores, cells, missed = (pd.DataFrame(rows) for rows in (
    shown.agent_scores, shown.criterion_pass_rates, shown.team_scores, shown.heatmap, shown.most_missed))

if scores.empty:
    st.info("No scored calls yet — upload calls on **Upload calls**; each agent's scores and each criterion's pass "
            "rate over time appear here.")
    st.stop()

title = criteria.get
for frame in (rates, cells, missed):
    if not frame.empty:
        frame["criterion"] = frame["criterion"].map(lambda c: title(c, c))

st.subheader("Score per agent")
st.altair_chart(alt.Chart(scores).mark_line(point=True).encode(
    x=alt.X("period:T", title=period.title()), y=alt.Y("score:Q", title="Average score", scale=alt.Scale(domain=[0, 100])),
    color=alt.Color("agent:N", title="Agent"), tooltip=["agent", "period:T", alt.Tooltip("score:Q", format=".0f"), "calls"],
), width="stretch")

st.subheader("Pass rate per criterion")
st.altair_chart(alt.Chart(rates).mark_line(point=True).encode(
    x=alt.X("period:T", title=period.title()),
    y=alt.Y("pass_rate:Q", title="Pass rate", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
    color=alt.Color("criterion:N", title="Criterion"),
    tooltip=["criterion", "period:T", alt.Tooltip("pass_rate:Q", format=".0%"), "n"],
), width="stretch")

heat_col, missed_col = st.columns([3, 2])
with heat_col:
    st.subheader("Criterion × agent")
    st.altair_chart(alt.Chart(cells).mark_rect().encode(
        x=alt.X("agent:N", title=None), y=alt.Y("criterion:N", title=None),
        color=alt.Color("pass_rate:Q", title="Pass rate", scale=alt.Scale(scheme="redyellowgreen", domain=[0, 1]),
                        legend=alt.Legend(format="%")),
        tooltip=["criterion", "agent", alt.Tooltip("pass_rate:Q", format=".0%"), "n"],
    ) + alt.Chart(cells).mark_text().encode(x="agent:N", y="criterion:N",
                                            text=alt.Text("pass_rate:Q", format=".0%")), width="stretch")
with missed_col:
    st.subheader("Most missed")
    st.altair_chart(alt.Chart(missed).mark_bar().encode(
        x=alt.X("missed:Q", title="Calls missed"), y=alt.Y("criterion:N", sort="-x", title=None),
        tooltip=["criterion", "missed", alt.Tooltip("pass_rate:Q", format=".0%")],
    ), width="stretch")

if not team_scores.empty:
    st.subheader("Teams")
    st.altair_chart(alt.Chart(team_scores).mark_bar().encode(
        x=alt.X("period:T", title=period.title()), xOffset="team:N",
        y=alt.Y("score:Q", title="Average score", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("team:N", title="Team"), tooltip=["team", "period:T", alt.Tooltip("score:Q", format=".0f")],
    ), width="stretch")

with session_scope() as session:
    practice = progress.drill_pass_rates(session, identity, where)
drill_view.practice_beside_calls(practice, criteria, heading="Practice drills beside calls")

st.download_button("Download these figures (CSV)", key="p_csv", mime="text/csv", file_name="qa-progress.csv",
                   data=shown.to_csv())

import streamlit as st

from qa_app.errors import UserError
from qa_app.services import audit, calls, directory, privacy
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.storage.models import Role
from qa_app.ui.session import page_guard

identity = page_guard(Capability.administer)
st.title("Admin")


def attempt(action, success: str) -> None:
    try:
        with session_scope() as session:
            action(session)
    except UserError as exc:
        st.error(str(exc))
    else:
        st.toast(success)
        st.rerun()


with session_scope() as session:
    users = directory.users(session, identity)
    agents = {a.id: a for a in calls.agents(session, include_inactive=True)}
    teams = {t.id: t.name for t in calls.teams(session)}

users_tab, agents_tab, teams_tab, data_tab, audit_tab = st.tabs(
    ["Users", "Agents", "Teams", "Calls and personal data", "Audit trail"])
with users_tab:
    st.dataframe([{"id": u.id, "username": u.username, "name": u.display_name, "role": u.role.value,
                   "agent": agents[u.agent_id].name if u.agent_id in agents else "", "active": u.active,
                   "last log-in": u.last_login_at} for u in users], hide_index=True)
    by_id = {u.id: u for u in users}
    chosen = st.selectbox("User", list(by_id), format_func=lambda i: by_id[i].username, key="a_user")
    if chosen is not None:
        user = by_id[chosen]
        with st.form("a_user_edit"):
            role = st.selectbox("Role", list(Role), index=list(Role).index(user.role), format_func=lambda r: r.value)
            active = st.checkbox("Active", value=user.active)
            if st.form_submit_button("Save user"):
                attempt(lambda s: directory.update_user(s, identity, chosen, role=role, active=active), "User saved.")
        with st.form("a_password", clear_on_submit=True):
            password = st.text_input("New password", type="password")
            if st.form_submit_button("Reset password"):
                attempt(lambda s: directory.reset_password(s, identity, chosen, password), "Password reset.")
    with st.form("a_user_add", clear_on_submit=True):
        st.markdown("**Add a user**")
        username = st.text_input("Username")
        display_name = st.text_input("Display name")
        new_role = st.selectbox("Role", list(Role), format_func=lambda r: r.value, key="a_new_role")
        agent_id = st.selectbox("Linked agent (for agents)", [None, *agents],
                                format_func=lambda i: agents[i].name if i else "—")
        new_password = st.text_input("Password", type="password")
        if st.form_submit_button("Add user"):
            attempt(lambda s: directory.add_user(s, identity, username, new_password, new_role,
                                                 display_name=display_name,
                                                 agent_name=agents[agent_id].name if agent_id else None),
                    "User added.")

with agents_tab:
    st.dataframe([{"id": a.id, "agent": a.name, "team": teams.get(a.team_id, ""), "active": a.active}
                  for a in agents.values()], hide_index=True)
    team_options = [None, *teams]
    if agents:
        edited = st.selectbox("Agent", list(agents), format_func=lambda i: agents[i].name, key="a_agent")
        with st.form("a_agent_edit"):
            team = st.selectbox("Team", team_options, index=team_options.index(agents[edited].team_id)
                                if agents[edited].team_id in team_options else 0,
                                format_func=lambda i: teams.get(i, "—"))
            active = st.checkbox("Active", value=agents[edited].active)
            if st.form_submit_button("Save agent"):
                attempt(lambda s: directory.update_agent(s, identity, edited, team_id=team, active=active),
                        "Agent saved.")
    with st.form("a_agent_add", clear_on_submit=True):
        name = st.text_input("New agent's name")
        team = st.selectbox("Team", team_options, format_func=lambda i: teams.get(i, "—"), key="a_agent_team")
        if st.form_submit_button("Add agent"):
            attempt(lambda s: directory.add_agent(s, identity, name, team), "Agent added.")

with teams_tab:
    st.dataframe([{"id": i, "team": n} for i, n in teams.items()], hide_index=True)
    with st.form("a_team_add", clear_on_submit=True):
        team_name = st.text_input("New team's name")
        if st.form_submit_button("Add team"):
            attempt(lambda s: directory.add_team(s, identity, team_name), "Team added.")

with data_tab:
    with st.form("a_delete", clear_on_submit=True):
        st.markdown("**Delete a call** — its audio, transcript, scores and reviews. This cannot be undone.")
        call_id = st.number_input("Call #", min_value=1, step=1, value=None)
        confirmed = st.checkbox("I understand the call and everything derived from it are deleted")
        if st.form_submit_button("Delete call", type="primary"):
            if not confirmed or call_id is None:
                st.warning("Give the call number and tick the confirmation first.")
            else:
                attempt(lambda s: privacy.delete_recording(s, identity, int(call_id)), f"Call #{call_id} deleted.")
    st.markdown("**Export an agent's data** — calls, transcripts, scores, reviews, drill attempts and audio.")
    export_agent = st.selectbox("Agent", list(agents), format_func=lambda i: agents[i].name, key="a_export_agent")
    if export_agent is not None and st.button("Prepare export", key="a_export"):
        with session_scope() as session:
            st.session_state["a_export_zip"] = (export_agent, privacy.export_agent(session, identity, export_agent))
    if prepared := st.session_state.get("a_export_zip"):
        st.download_button(f"Download {agents[prepared[0]].name}'s data (zip)", prepared[1], mime="application/zip",
                           file_name=f"agent-{prepared[0]}.zip", key="a_export_download")

with audit_tab:
    prefix = st.selectbox("Show", ["", "review.", "rubric.", "recording.", "user.", "agent.", "team.", "drill."],
                          format_func=lambda p: p.rstrip(".") or "everything", key="a_audit_prefix")
    with session_scope() as session:
        entries = audit.events(session, identity, action_prefix=prefix)
    if not entries:
        st.info("Nothing recorded yet: overrides, reviews, rubric and drill changes, permission changes and "
                "deletions appear here.")
    else:
        st.dataframe([{"when": e.at, "who": e.who, "action": e.action, "what": f"{e.entity} #{e.entity_id}",
                       "before": e.before, "after": e.after} for e in reversed(entries)], hide_index=True)
        st.download_button("Download as CSV", audit.to_csv(entries), file_name="qa-audit.csv", mime="text/csv",
                           key="a_audit_csv")

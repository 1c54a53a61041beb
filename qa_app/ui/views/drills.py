from datetime import date, timedelta

import streamlit as st

from qa_app.drills.conversation import Line
from qa_app.drills.spec import TEMPLATE
from qa_app.errors import UserError
from qa_app.services import calls, drills
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.ui import drill_view
from qa_app.ui.session import page_guard

NEW = ""  # the drill picker's entry for a drill not saved yet

identity = page_guard(Capability.build_drills)
st.title("Drill builder")

if "db_select_next" in st.session_state:  # set by a save, duplicate or import before the rerun
    st.session_state["db_drill"] = st.session_state.pop("db_select_next")

with session_scope() as session:
    show_archived = st.session_state.get("db_archived", False)
    rows = drills.catalogue(session, identity, include_archived=show_archived)
    agents = {agent.id: agent.name for agent in calls.agents(session)}
    teams = {team.id: team.name for team in calls.teams(session)}
by_slug = {row.slug: row for row in rows}

pick, archived_toggle = st.columns([4, 1])
options = [NEW] + list(by_slug)
if st.session_state.get("db_drill") not in options:
    st.session_state["db_drill"] = options[1] if len(options) > 1 else NEW
# Titles only: labels that change while the page is open (a version, a status) would not refresh in the browser.
slug = pick.selectbox("Drill", options, key="db_drill",
                      format_func=lambda s: "➕ New drill" if s == NEW else by_slug[s].title)
archived_toggle.toggle("Show archived", key="db_archived")
row = by_slug.get(slug)
if row is not None:
    st.caption(f"Version {row.version} · {row.difficulty} · saved {row.saved_at:%d %b %Y %H:%M}"
               + (" · **archived**" if row.archived else ""))


def reselect(new_slug: str) -> None:
    st.session_state["db_select_next"] = new_slug
    st.rerun()


with session_scope() as session:
    saved_text = drills.latest(session, identity, slug).source_text if row else TEMPLATE
text_key = f"db_text_{slug or 'new'}"

edit_tab, preview_tab, assign_tab, done_tab, share_tab = st.tabs(
    ["Edit", "Preview", "Assign", "Who did what", "Import / export"])

with edit_tab:
    st.caption("The drill as YAML. Saving checks it completely (errors name the line, step and field). A version "
               "agents have practised is never changed: saving then makes the next version.")
    text = st.text_area("Drill YAML", value=saved_text, height=560, key=text_key, label_visibility="collapsed")
    check_col, save_col, duplicate_col, archive_col = st.columns(4)
    if check_col.button("Check", key="db_check"):
        try:
            with session_scope() as session:
                drills.check(session, text)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.success("The drill is valid.")
    if save_col.button("Save", type="primary", key="db_save"):
        try:
            with session_scope() as session:
                saved = drills.save(session, identity, text)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.session_state["db_message"] = (f"Saved “{saved.drill.title}”: {saved.outcome} "
                                              f"(v{saved.drill.version}).")
            for key in (text_key, f"db_text_{saved.drill.slug}"):
                st.session_state.pop(key, None)
            reselect(saved.drill.slug)
    if row is not None:
        if duplicate_col.button("Duplicate", key="db_duplicate"):
            with session_scope() as session:
                copy = drills.duplicate(session, identity, slug)
            st.session_state["db_message"] = f"Duplicated as “{copy.title}”."
            reselect(copy.slug)
        if archive_col.button("Bring back" if row.archived else "Archive", key="db_archive"):
            with session_scope() as session:
                drills.set_archived(session, identity, slug, not row.archived)
            st.session_state["db_message"] = (f"Brought back “{row.title}”." if row.archived else
                                              f"Archived “{row.title}”: agents no longer see it.")
            st.rerun()
    if message := st.session_state.pop("db_message", None):
        st.success(message)

with preview_tab:
    st.caption("Play the agent's side of the drill as it is in the editor (saved or not). Nothing is stored.")
    preview = st.session_state.get("db_preview")
    if preview is not None and preview["text"] != text:
        preview = None  # the drill was edited since: the preview starts again
    if preview is None:
        if st.button("Start the preview", type="primary", key="db_preview_start"):
            try:
                with session_scope() as session:
                    view = drills.preview(session, identity, text)
            except UserError as exc:
                st.error(str(exc))
            else:
                st.session_state["db_preview"] = {"text": text, "lines": [line.to_dict() for line in view.lines]}
                st.rerun()
    else:
        lines = [Line.from_dict(item) for item in preview["lines"]]
        with session_scope() as session:
            view = drills.preview(session, identity, text, lines)
        drill_view.drill_header(view.drill)
        drill_view.conversation(view)
        if view.finished:
            drill_view.summary(view)
        else:
            answer = drill_view.reply_box(identity, "db_preview_reply", len(view.lines))
            if answer is not None:
                try:
                    with session_scope() as session:
                        view = drills.preview(session, identity, text, lines, answer[0], spoken=answer[1])
                except UserError as exc:
                    st.error(str(exc))
                else:
                    preview["lines"] = [line.to_dict() for line in view.lines]
                    st.rerun()
        if st.button("Start over", key="db_preview_restart", icon=":material/replay:"):
            st.session_state.pop("db_preview")
            st.rerun()

with assign_tab:
    if row is None:
        st.info("Save the drill first, then assign it to agents or teams.")
    elif row.archived:
        st.info("This drill is archived; bring it back to assign it.")
    else:
        st.caption("Agents practise the newest version of the drill; a team assignment covers everyone in it.")
        agent_col, team_col, due_col = st.columns([2, 2, 1])
        chosen_agents = agent_col.multiselect("Agents", list(agents), format_func=agents.get, key="db_agents")
        chosen_teams = team_col.multiselect("Teams", list(teams), format_func=teams.get, key="db_teams")
        due = due_col.date_input("Due", value=date.today() + timedelta(days=7), min_value=date.today(),
                                 key="db_due")
        if st.button("Assign", type="primary", key="db_assign"):
            try:
                with session_scope() as session:
                    made = drills.assign(session, identity, slug, agent_ids=chosen_agents, team_ids=chosen_teams,
                                         due=due)
            except UserError as exc:
                st.error(str(exc))
            else:
                st.success(f"Assigned to {len(made)} {'agent or team' if len(made) == 1 else 'agents or teams'}.")

with done_tab:
    with session_scope() as session:
        assignees = drills.who_did_what(session, identity, slug or None)
        attempts = drills.attempts(session, identity, slug=slug) if row else []
    if not assignees:
        st.info("Nobody has this drill yet — assign it on the Assign tab." if row else "Choose a saved drill.")
    else:
        st.dataframe([{"drill": a.title, "agent": a.agent, "through team": a.team or "", "due": a.due,
                       "status": a.status,
                       "attempts": a.practice.attempts, "best score": a.practice.best,
                       "last practised": a.practice.last_practised} for a in assignees],
                     hide_index=True, key="db_who")
        given = {a.assignment_id: f"{a.title}: {a.team or a.agent} (due {a.due or 'any time'})" for a in assignees}
        remove_col, remove_button = st.columns([3, 1])
        removing = remove_col.selectbox("Remove an assignment", list(given), format_func=given.get, index=None,
                                        key="db_unassign_pick", placeholder="Choose an assignment to remove")
        if remove_button.button("Remove", key="db_unassign", disabled=removing is None):
            with session_scope() as session:
                drills.unassign(session, identity, removing)
            st.rerun()
    finished = {attempt.id: attempt for attempt in attempts if attempt.finished_at is not None}
    if finished:
        chosen = st.selectbox("Look at an attempt", list(finished), key="db_attempt", format_func=lambda i: (
            f"{finished[i].agent} · v{finished[i].version} · {finished[i].finished_at:%d %b %H:%M} · "
            f"score {finished[i].total:.0f}"))
        with session_scope() as session:
            past = drills.attempt_view(session, identity, chosen)
        drill_view.conversation(past, voice=False)
        drill_view.summary(past)

with share_tab:
    st.caption("Drills travel as YAML files: export one to share it; importing a file whose id exists makes that "
               "drill's next version.")
    if row is not None:
        with session_scope() as session:
            file_name, yaml_text = drills.export(session, identity, slug)
            history = drills.versions(session, identity, slug)
        st.download_button(f"Export {file_name}", data=yaml_text, file_name=file_name, mime="application/x-yaml",
                           key="db_export", icon=":material/download:")
        st.dataframe([{"version": d.version, "title": d.title, "saved": d.created_at} for d in history],
                     hide_index=True, key="db_versions")
    uploads = st.file_uploader("Import drill files", type=["yaml", "yml"], accept_multiple_files=True,
                               key="db_import_files")
    if st.button("Import", key="db_import", disabled=not uploads):
        try:
            with session_scope() as session:
                imported = drills.import_files(session, identity, [(u.name, u.getvalue()) for u in uploads])
        except UserError as exc:
            st.error(str(exc))
        else:
            st.session_state["db_message"] = "Imported: " + "; ".join(
                f"{item.drill.title} ({item.outcome})" for item in imported)
            reselect(imported[-1].drill.slug)

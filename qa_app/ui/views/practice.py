import altair as alt
import pandas as pd
import streamlit as st

from qa_app.errors import UserError
from qa_app.services import calls, drills
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.ui import drill_view
from qa_app.ui.format import md_escape
from qa_app.ui.session import page_guard

identity = page_guard(Capability.practise_drills)
st.title("Practice drills")

with session_scope() as session:
    assigned = drills.my_drills(session, identity)
    history = drills.attempts(session, identity)
    titles = calls.active_criteria(session)

practise_tab, history_tab = st.tabs(["Practise", f"My attempts ({len(history)})"])

with practise_tab:
    if not assigned:
        st.info("No drills assigned yet — your trainer's scenario drills will appear here.")
    else:
        by_slug = {item.slug: item for item in assigned}
        wanted = st.query_params.get("drill")
        # Labels that never change while the page is open (a status in them would not refresh in the browser).
        slug = st.selectbox(
            "Drill", list(by_slug), key="pr_drill", index=list(by_slug).index(wanted) if wanted in by_slug else 0,
            format_func=lambda s: by_slug[s].spec.title + (f" · due {by_slug[s].due:%d %b}" if by_slug[s].due else ""))
        st.query_params["drill"] = slug
        item = by_slug[slug]
        shown: dict = st.session_state.setdefault("pr_shown", {})  # drill -> the attempt on screen
        attempt_id = shown.get(slug) or item.open_attempt_id

        drill_view.drill_header(item.spec)
        st.caption(f"**{item.status.capitalize()}** · trains: "
                   + ", ".join(md_escape(titles.get(c, c)) for c in item.spec.trains)
                   + (f" · best score so far {item.practice.best:.0f}" if item.practice.best is not None else ""))

        def start() -> None:
            with session_scope() as session:
                shown[slug] = drills.start(session, identity, slug).id

        if attempt_id is None:
            if st.button("Start the drill", type="primary", key="pr_start"):
                try:
                    start()
                except UserError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
        else:
            with session_scope() as session:
                view = drills.attempt_view(session, identity, attempt_id)
            drill_view.conversation(view)
            if not view.finished:
                answer = drill_view.reply_box(identity, "pr_reply", len(view.lines))
                if answer is not None:
                    text, spoken = answer
                    try:
                        with session_scope() as session:
                            drills.reply(session, identity, view.id, text, expected_lines=len(view.lines),
                                         spoken=spoken)
                    except UserError as exc:
                        st.error(str(exc))
                    else:
                        st.rerun()
            else:
                drill_view.summary(view)
                if st.button("Try again", type="primary", key="pr_retry", icon=":material/replay:"):
                    start()
                    st.rerun()

with history_tab:
    finished = [row for row in history if row.finished_at is not None]
    if not history:
        st.info("Your attempts appear here once you have played a drill, with your score each time.")
    else:
        if finished:
            frame = pd.DataFrame([{"drill": row.title, "finished": row.finished_at, "score": row.total}
                                  for row in finished])
            st.altair_chart(alt.Chart(frame).mark_line(point=True).encode(
                x=alt.X("finished:T", title=None), y=alt.Y("score:Q", title="Score", scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("drill:N", title="Drill"), tooltip=["drill", "finished:T", "score"]),
                width="stretch")
        st.dataframe([{"drill": row.title, "version": row.version, "started": row.started_at,
                       "finished": row.finished_at, "score": row.total} for row in history],
                     hide_index=True, key="pr_history")
        by_id = {row.id: row for row in finished}
        if by_id:
            chosen = st.selectbox("Look back at an attempt", list(by_id), key="pr_past", format_func=lambda i: (
                f"{by_id[i].title} · {by_id[i].finished_at:%d %b %H:%M} · score {by_id[i].total:.0f}"))
            with session_scope() as session:
                past = drills.attempt_view(session, identity, chosen)
            drill_view.conversation(past, voice=False)
            drill_view.summary(past)

import streamlit as st

from qa_app.errors import UserError
from qa_app.jobs import notify_queued
from qa_app.services import rubrics
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.ui.format import VERDICT_BADGES, md_escape
from qa_app.ui.session import page_guard

identity = page_guard(Capability.edit_rubric)
st.title("Rubric")

with session_scope() as session:
    active = rubrics.active_rubric(session)
    history = rubrics.versions(session)
if active is None:
    st.warning("No rubric yet. Run `qa-app demo` to install the default rubric, or paste one below.")
source = st.session_state.setdefault("rubric_text", active.source_text if active else rubrics.default_rubric_text())

view_tab, edit_tab, try_tab, history_tab = st.tabs(["Criteria", "Edit", "Try it", "Versions"])

with view_tab:
    try:
        parsed = rubrics.validate(active.source_text) if active else None
    except UserError as exc:
        st.error(str(exc))
        parsed = None
    if parsed is not None:
        st.caption(f"{md_escape(parsed.name)} · version {active.version} · {len(parsed.criteria)} criteria")
        for criterion in parsed.criteria:
            with st.expander(f"{criterion.title} — weight {criterion.weight:g} · {criterion.behaviour}"):
                st.markdown(md_escape(criterion.description))
                st.info(md_escape(criterion.tip), icon=":material/lightbulb:")
                st.caption(f"Detector: `{criterion.detector}` — its phrases and patterns are in the Edit tab.")

with edit_tab:
    st.caption("The rubric as trainers read it (YAML). Saving checks it completely and makes a new version; "
               "scores already made keep the version they were made with.")
    text = st.text_area("Rubric", value=source, height=520, key="rubric_editor", label_visibility="collapsed")
    check, save, reset = st.columns(3)
    if check.button("Check", key="rubric_check"):
        try:
            rubrics.validate(text)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.success("The rubric is valid.")
    if save.button("Save as new version", type="primary", key="rubric_save"):
        try:
            with session_scope() as session:
                saved = rubrics.save_version(session, identity, text)
        except UserError as exc:
            st.error(str(exc))
        else:
            st.session_state["rubric_text"] = text
            st.session_state["rubric_saved"] = saved.version
            st.rerun()
    if reset.button("Discard my edits", key="rubric_reset"):
        st.session_state.pop("rubric_text", None)
        st.session_state.pop("rubric_editor", None)
        st.rerun()
    if saved_version := st.session_state.get("rubric_saved"):
        st.success(f"Saved version {saved_version}. Calls scored before keep their version; rescore them to "
                   "compare like with like.")

    @st.fragment(run_every=2)
    def rescore_panel() -> None:
        with session_scope() as session:
            waiting, total = rubrics.rescore_progress(session)
        if waiting:
            st.progress(1 - waiting / max(total, 1), text=f"Rescoring: {waiting} of {total} calls left")
        elif st.button(f"Rescore all {total} calls with the active version", key="rubric_rescore",
                       disabled=total == 0):
            with session_scope() as session:
                rubrics.queue_rescore(session, identity)
            notify_queued()
            st.rerun()

    rescore_panel()

with try_tab:
    st.caption("Score a sentence or a short exchange with the rubric in the editor (saved or not). One turn per "
               "line; start customer lines with \"Customer:\".")
    exchange = st.text_area("Exchange", key="rubric_try", height=160, placeholder=(
        "Customer: My parcel arrived two weeks late and the gift was for my son's birthday.\n"
        "Agent: I can imagine how disappointing that was for both of you."))
    if st.button("Score it", key="rubric_try_go") and exchange.strip():
        try:
            result = rubrics.try_rubric(st.session_state.get("rubric_editor", source), exchange)
        except UserError as exc:
            st.error(str(exc))
        else:
            lines = [line for line in exchange.splitlines() if line.strip()]
            for criterion in result.criteria:
                st.markdown(f"{VERDICT_BADGES[criterion.verdict]} **{md_escape(criterion.title)}** — "
                            f"{md_escape(criterion.explanation)}")
                for item in criterion.evidence:
                    st.caption(f"line {item.turn + 1}: “{md_escape(item.text)}”" if item.turn < len(lines) else "")

with history_tab:
    st.dataframe([{"version": r.version, "active": r.active, "saved": r.created_at, "by": r.created_by_id}
                  for r in history], hide_index=True)

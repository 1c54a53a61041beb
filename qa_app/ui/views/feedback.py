import altair as alt
import pandas as pd
import streamlit as st

from qa_app.errors import UserError
from qa_app.services import calls, progress, reviews
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.storage.models import Verdict
from qa_app.ui import drill_view
from qa_app.ui.format import VERDICT_BADGES, clock, md_escape
from qa_app.ui.session import page_guard, selected_call

identity = page_guard(Capability.see_own_feedback)
st.title("My feedback")

with session_scope() as session:
    items = reviews.my_feedback(session, identity)
    trend = pd.DataFrame(progress.criterion_pass_rates(session, identity, progress.ProgressFilter(period="week")))
    criteria = calls.active_criteria(session)
    practice = progress.drill_pass_rates(session, identity)
drill_view.practice_beside_calls(practice, criteria, heading="My practice drills beside my calls")

if not items:
    st.info("No reviewed calls yet — when a QA reviewer finalizes a review of one of your calls, your strengths, "
            "gaps and the reviewer's comments appear here, with your trend per skill.")
    st.stop()

if not trend.empty:
    st.subheader("My trend per skill")
    trend["criterion"] = trend["criterion"].map(lambda c: criteria.get(c, c))
    # One small chart per skill: eleven lines in one chart cannot be read at a glance.
    st.altair_chart(alt.Chart(trend).mark_line(point=True).encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%b %d")),
        y=alt.Y("pass_rate:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=["criterion", "period:T", alt.Tooltip("pass_rate:Q", format=".0%"), "n"],
    ).properties(width=180, height=110).facet(facet=alt.Facet("criterion:N", title=None), columns=4))

by_id = {item.recording_id: item for item in items}
chosen = selected_call()
if chosen not in by_id:
    chosen = items[0].recording_id
recording_id = st.selectbox("Call", list(by_id), index=list(by_id).index(chosen), key="f_call",
                            format_func=lambda i: f"{by_id[i].call_date} · score {by_id[i].total:.0f}"
                            + ("" if by_id[i].acknowledged else " · new"))
st.query_params["call"] = str(recording_id)

try:
    with session_scope() as session:
        view = reviews.load_call_review(session, identity, recording_id)
except UserError as exc:
    st.error(str(exc))
    st.stop()

st.metric("Score", f"{view.total:.0f}", help=f"Reviewed by {view.reviewer_name}")
if view.review.overall_comment:
    st.markdown(f"**{md_escape(view.reviewer_name or 'Reviewer')}:** {md_escape(view.review.overall_comment)}")

strengths = [c for c in view.criteria if c.verdict is Verdict.met]
gaps = [c for c in view.criteria if c.verdict is Verdict.not_met]
for heading, group in (("Gaps to work on", gaps), ("Strengths", strengths)):
    if not group:
        continue
    st.subheader(heading)
    for criterion in group:
        with st.container(border=True):
            st.markdown(f"**{md_escape(criterion.title)}** {VERDICT_BADGES[criterion.verdict]}")
            st.caption(md_escape(criterion.explanation))
            for item in criterion.evidence:
                when = f"{clock(item.get('start'))} " if item.get("start") is not None else ""
                st.markdown(f"> {when}“{md_escape(item['text'])}”")
            if criterion.comment:
                st.markdown(f"*Reviewer:* {md_escape(criterion.comment)}")
            if criterion.verdict is Verdict.not_met and criterion.tip:
                st.info(md_escape(criterion.tip), icon=":material/lightbulb:")

if by_id[recording_id].acknowledged:
    st.caption("You acknowledged this review.")
elif st.button("I have read this feedback", type="primary", key="f_ack"):
    with session_scope() as session:
        reviews.acknowledge(session, identity, recording_id)
    st.rerun()

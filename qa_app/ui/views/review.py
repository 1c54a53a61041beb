import mimetypes

import streamlit as st

from qa_app.errors import Conflict, UserError
from qa_app.services import calls, reviews
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.storage.models import ReviewState, Verdict
from qa_app.ui.format import VERDICT_BADGES, VERDICT_LABELS, clock, highlighted, md_escape
from qa_app.ui.session import page_guard, selected_call

identity = page_guard(Capability.review_calls)
st.title("Review a call")

recording_id = selected_call()
if recording_id is None:
    st.info("Pick a call in the **Call queue** to review its automatic score against the evidence.")
    st.page_link("views/queue.py", label="Open the call queue", icon=":material/list:")
    st.stop()

try:
    with session_scope() as session:
        view = reviews.load_call_review(session, identity, recording_id)
        audio = calls.audio_path(session, identity, recording_id)
        trail = reviews.call_trail(session, identity, recording_id)
except UserError as exc:
    st.error(str(exc))
    st.stop()

recording = view.recording
st.caption(f"Call #{recording.id} · {md_escape(recording.original_filename)} · {recording.call_date} · "
           f"{recording.status.value}")
if view.score is None:
    st.info("This call has not been scored yet; it appears here as soon as processing finishes.")
    st.stop()

final = view.review is not None and view.review.state is ReviewState.final
# The version this reviewer started from is remembered across reruns: a save must be checked against what the
# reviewer saw, not against whatever the database holds at the moment of the click.
seen_key = f"review-seen-version-{recording_id}"
seen_version = st.session_state.setdefault(seen_key, view.version)


def forget_edits() -> None:
    """Drop this reviewer's unsaved widgets and remembered version, so the page shows what is saved now."""
    for key in [k for k in st.session_state if str(k).startswith(("verdict-", "comment-", "overall-comment"))]:
        del st.session_state[key]
    st.session_state.pop(seen_key, None)


cols = st.columns(3)
cols[0].metric("Automatic score", f"{view.score.total:.0f}")
cols[1].metric("Score after review", f"{view.total:.0f}")
cols[2].metric("Review", "final" if final else ("draft" if view.review else "not started"),
               help=f"by {view.reviewer_name}" if view.reviewer_name else None)

if audio is not None:
    st.audio(str(audio), format=mimetypes.guess_type(audio.name)[0] or "audio/wav",
             start_time=int(st.session_state.get("audio_start", 0)), autoplay="audio_start" in st.session_state)
    st.session_state.pop("audio_start", None)
    if recording.redacted_path:
        st.caption("Personal data the transcript redacts is silenced in this recording.")
elif recording.stored_path:
    st.caption("This call's recording is not playable yet: the copy with personal data silenced has not been made "
               "(an admin runs `qa-app redact` for calls stored before redaction).")

transcript_col, criteria_col = st.columns([3, 2], gap="large")
spans: dict[int, list[tuple[int, int]]] = {}
for criterion in view.criteria:
    for item in criterion.evidence:
        spans.setdefault(item["turn"], []).append((item["start_char"], item["end_char"]))

with transcript_col:
    st.subheader("Transcript")
    if st.button("Swap speakers", disabled=final, help="Agent and customer are the wrong way round: swap and rescore."):
        with session_scope() as session:
            reviews.swap_speakers(session, identity, recording_id)
        forget_edits()
        st.rerun()
    for index, turn in enumerate(view.turns):
        with st.chat_message("assistant" if turn.speaker == "agent" else "user",
                             avatar=":material/support_agent:" if turn.speaker == "agent" else ":material/person:"):
            st.caption(f"{turn.speaker.title()} · {clock(turn.start)}" if turn.start is not None
                       else turn.speaker.title())
            st.markdown(highlighted(turn.text, spans.get(index, [])))

with criteria_col:
    st.subheader("Criteria")
    edits: dict[str, reviews.CriterionEdit] = {}
    for criterion in view.criteria:
        box = st.container(border=True)
        box.markdown(f"**{md_escape(criterion.title)}** {VERDICT_BADGES[criterion.verdict]}"
                     + (" *(overridden)*" if criterion.override else ""))
        box.caption(md_escape(criterion.explanation))
        for number, item in enumerate(criterion.evidence):
            quote = f"“{item['text'][:80]}”"
            if item.get("start") is None or audio is None:
                box.caption(md_escape(quote))
            elif box.button(f"▶ {clock(item['start'])} {quote}", key=f"play-{criterion.criterion}-{number}",
                            type="tertiary", help="Play the call from here"):
                st.session_state["audio_start"] = item["start"]
                st.rerun()
        if final:
            if criterion.comment:
                box.markdown(f"*Reviewer:* {md_escape(criterion.comment)}")
            continue
        verdict = box.selectbox("Verdict", list(Verdict), index=list(Verdict).index(criterion.verdict),
                                format_func=VERDICT_LABELS.get, key=f"verdict-{criterion.criterion}")
        comment = box.text_input("Comment", value=criterion.comment, key=f"comment-{criterion.criterion}")
        edits[criterion.criterion] = reviews.CriterionEdit(verdict, comment)

    if final:
        st.markdown(f"**Overall comment:** {md_escape(view.review.overall_comment) or '—'}")
        st.caption(f"Finalized by {md_escape(view.reviewer_name or '')} on {view.review.finalized_at:%Y-%m-%d}.")
    else:
        overall = st.text_area("Overall comment", value=view.review.overall_comment if view.review else "",
                               key="overall-comment")
        save, finalize = st.columns(2)
        saved = save.button("Save draft", key="review-save")
        finalized = finalize.button("Finalize", type="primary", key="review-finalize")
        if saved or finalized:
            try:
                with session_scope() as session:
                    reviews.save_review(session, identity, recording_id, expected_version=seen_version, edits=edits,
                                        overall_comment=overall, finalize=finalized)
            except Conflict as exc:
                forget_edits()
                st.session_state["review-conflict"] = str(exc)
                st.rerun()
            except UserError as exc:
                st.error(str(exc))
            else:
                st.session_state.pop(seen_key, None)
                st.toast("Review finalized." if finalized else "Draft saved.")
                st.rerun()
        if conflict := st.session_state.pop("review-conflict", None):
            st.error(conflict)

if trail:
    with st.expander(f"Audit trail ({len(trail)} changes)"):
        st.dataframe([{"when": e.at, "who": e.who, "what": e.action, "before": e.before, "after": e.after}
                      for e in trail], hide_index=True)

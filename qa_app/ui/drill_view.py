"""What the drill pages share: the conversation as chat, the reply box (typed or recorded), the summary after a
drill, and practice beside real calls (progress and My feedback)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from qa_app.drills import MOODS
from qa_app.drills.conversation import AGENT
from qa_app.errors import UserError
from qa_app.services import drills
from qa_app.storage.models import Verdict
from qa_app.ui.format import VERDICT_BADGES, md_escape

MOOD_BADGES = {"calm": ":green-badge[calm]", "annoyed": ":blue-badge[annoyed]", "upset": ":orange-badge[upset]",
               "angry": ":red-badge[angry]", "furious": ":violet-badge[furious]"}
# The browser's own voice reads the customer's line; an angrier customer speaks faster and lower.
VOICE = {"calm": (0.95, 1.05), "annoyed": (1.0, 1.0), "upset": (1.05, 0.95), "angry": (1.12, 0.9),
         "furious": (1.2, 0.85)}
CUSTOMER_AVATAR, AGENT_AVATAR = ":material/person:", ":material/headset_mic:"


def drill_header(drill) -> None:
    st.markdown(f"**{md_escape(drill.persona.name)}** · starts {MOOD_BADGES[drill.mood]} · "
                f"difficulty: {drill.difficulty}")
    st.markdown(md_escape(drill.situation))
    if drill.persona.description:
        st.caption(md_escape(drill.persona.description))


def conversation(view, *, voice: bool = True) -> None:
    """The lines so far as chat; the customer's newest line can be heard where the browser can speak."""
    for index, line in enumerate(view.lines):
        if line.speaker == AGENT:
            with st.chat_message("agent", avatar=AGENT_AVATAR):
                st.markdown(md_escape(line.text))
                st.caption((":material/mic: spoken · " if line.spoken else "") + " ".join(
                    VERDICT_BADGES[Verdict(verdict)] + f" {md_escape(criterion.replace('_', ' '))}"
                    for criterion, verdict in line.verdicts.items()))
        else:
            with st.chat_message("customer", avatar=CUSTOMER_AVATAR):
                st.markdown(f"{MOOD_BADGES[line.mood]} {md_escape(line.text)}")
                if voice and index == len(view.lines) - 1 and not view.finished:
                    _speak_button(line.text, line.mood)


def _speak_button(text: str, mood: str) -> None:
    rate, pitch = VOICE[mood]
    # The line goes into the script as a JSON string with "<" escaped, so it cannot close the script tag.
    said = json.dumps(text).replace("<", "\\u003c")
    st.iframe(f"""<button id="say" style="font: 14px sans-serif; padding: 4px 10px; border-radius: 6px;
      border: 1px solid #ccc; background: white; cursor: pointer">&#9654; Hear the customer</button>
      <script>
      const button = document.getElementById("say");
      if (!("speechSynthesis" in window)) {{ button.disabled = true; button.title = "This browser cannot speak"; }}
      button.onclick = () => {{
        const utterance = new SpeechSynthesisUtterance({said});
        utterance.lang = "en"; utterance.rate = {rate}; utterance.pitch = {pitch};
        window.speechSynthesis.cancel(); window.speechSynthesis.speak(utterance);
      }};
      </script>""", height=40)


def reply_box(identity, key: str, turn: int) -> tuple[str, bool] | None:
    """The agent's reply, typed or recorded (then transcribed): (text, spoken), or None until there is one.

    The recorder's key changes with every turn, so a used recording does not linger for the next reply.
    """
    typed = st.chat_input("Type your reply to the customer", key=f"{key}_typed")
    recording = st.audio_input("Or say it", key=f"{key}_audio_{turn}",
                               help="Record your reply; it is transcribed with the same speech recognition as calls.")
    if typed:
        return typed, False
    if recording is not None:
        with st.spinner("Transcribing your reply…"):
            try:
                return drills.transcribe_reply(identity, recording.getvalue()), True
            except UserError as exc:
                st.error(str(exc))
    return None


def summary(view) -> None:
    """The end of a drill: score per trained criterion with the agent's own words, the hostility curve, and
    each step's model answer and tip."""
    result = view.summary
    st.subheader("How it went")
    left, right = st.columns([1, 3])
    left.metric("Score", f"{result.total:.0f}")
    if result.gave_up:
        left.warning("The customer gave up after repeated misses.", icon=":material/call_end:")
    curve = pd.DataFrame({"line": range(1, len(result.moods) + 1), "mood": result.moods})
    right.caption("The customer's mood line by line")
    right.altair_chart(alt.Chart(curve).mark_line(point=True).encode(
        x=alt.X("line:O", title="Customer line", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("mood:O", title=None, scale=alt.Scale(domain=list(reversed(MOODS)))),
        tooltip=["line", "mood"]).properties(height=180), width="stretch")
    for item in result.criteria:
        with st.container(border=True):
            st.markdown(f"**{md_escape(item.title)}** {VERDICT_BADGES[Verdict(item.verdict)]}")
            if item.judged:
                st.caption(f"Met in {item.met} of {item.judged} {'reply' if item.judged == 1 else 'replies'} "
                           "judged on it.")
            for quote in item.quotes:
                mark = ":material/check:" if quote.verdict == "met" else ":material/close:"
                st.markdown(f"> {mark} reply {quote.reply}: “{md_escape(quote.text)}”")
            if item.verdict == "not_met" and item.tip:
                st.info(md_escape(item.tip), icon=":material/lightbulb:")
    st.subheader("Model answers and tips")
    for debrief in result.steps:
        with st.expander(f"{debrief.step.customer[:90]}{'…' if len(debrief.step.customer) > 90 else ''}"):
            for number, line in enumerate(debrief.replies, 1):
                st.markdown(f"**You{'' if len(debrief.replies) == 1 else f' ({number})'}:** {md_escape(line.text)}")
            if debrief.step.model_answer:
                st.markdown(f"**Model answer:** {md_escape(debrief.step.model_answer)}")
            if debrief.step.tip:
                st.info(md_escape(debrief.step.tip), icon=":material/lightbulb:")


def practice_beside_calls(rows: list[dict], titles: dict[str, str], *, heading: str) -> None:
    """Pass rate per trained criterion in drills beside real calls (``progress.drill_pass_rates``); nothing
    when there are no finished drills."""
    if not rows:
        return
    frame = pd.DataFrame(rows)
    frame["criterion"] = frame["criterion"].map(lambda c: titles.get(c, c))
    st.subheader(heading)
    st.caption("Does practice carry over? Each trained skill's pass rate in finished drills and in real calls.")
    st.altair_chart(alt.Chart(frame).mark_bar().encode(
        x=alt.X("pass_rate:Q", title="Pass rate", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("criterion:N", title=None), yOffset="source:N",
        color=alt.Color("source:N", title=None, scale=alt.Scale(domain=["drills", "calls"])),
        tooltip=["criterion", "source", alt.Tooltip("pass_rate:Q", format=".0%"), "n"],
    ), width="stretch")

import streamlit as st

from qa_app.errors import UserError
from qa_app.jobs import notify_queued
from qa_app.services import calls, recordings
from qa_app.services.permissions import Capability
from qa_app.storage.db import session_scope
from qa_app.storage.models import RecordingStatus
from qa_app.ui.session import page_guard

AUDIO_TYPES = ["wav", "mp3", "m4a", "aac", "mp4", "ogg", "opus", "oga", "flac", "webm", "wma", "amr", "au", "aiff"]
CHANNELS = {"left": "Left channel is the agent", "right": "Right channel is the agent"}

identity = page_guard(Capability.upload_calls)
st.title("Upload calls")

with session_scope() as session:
    agent_names = {agent.id: agent.name for agent in calls.agents(session)}

audio_tab, import_tab = st.tabs(["Recordings", "Transcripts (JSONL)"])
with audio_tab, st.form("upload", clear_on_submit=True):
    files = st.file_uploader("Call recordings", type=AUDIO_TYPES, accept_multiple_files=True, key="upload_files")
    left, middle, right = st.columns(3)
    agent_id = left.selectbox("Agent", list(agent_names), format_func=agent_names.get, index=None,
                              placeholder="Choose the agent", key="upload_agent")
    call_date = middle.date_input("Call date", value=None, help="Empty: the date stored in the file, else today.",
                                  key="upload_date")
    agent_channel = right.radio("Two-channel recordings", list(CHANNELS), format_func=CHANNELS.get,
                                key="upload_channel", help="Mono recordings are separated into two voices.")
    submitted = st.form_submit_button("Upload and score", type="primary")

if submitted:
    if not files:
        st.warning("Choose one or more recordings first.")
    elif agent_id is None:
        st.warning("Choose the agent these calls belong to.")
    else:
        for file in files:
            try:
                with session_scope() as session:
                    intake = recordings.upload_recording(session, identity, file.name, file, agent_id=agent_id,
                                                         call_date=call_date, agent_channel=agent_channel)
            except UserError as exc:
                st.error(f"{recordings.display_filename(file.name)}: {exc}")
                continue
            if not intake.created:
                st.info(f"{intake.filename}: already uploaded as call #{intake.recording_id}; not processed again.")
            elif intake.status is RecordingStatus.failed:
                st.error(f"{intake.filename}: {intake.error}")
            else:
                st.success(f"{intake.filename}: queued as call #{intake.recording_id}.")
        notify_queued()

with import_tab, st.form("import", clear_on_submit=True):
    st.caption("One call per line: {\"agent\", \"date\", \"turns\": [{\"speaker\": \"agent\"|\"customer\", "
               "\"text\"}]} — for chats or calls transcribed elsewhere.")
    jsonl = st.file_uploader("Transcripts", type=["jsonl", "json"], key="import_file")
    imported = st.form_submit_button("Import and score")
if imported and jsonl is not None:
    try:
        text = jsonl.getvalue().decode("utf-8")
        with session_scope() as session:
            intakes = recordings.import_transcripts(session, identity, text, source=recordings.display_filename(
                jsonl.name))
    except UnicodeDecodeError:
        st.error(f"{jsonl.name}: not UTF-8 text.")
    except UserError as exc:
        st.error(str(exc))
    else:
        new = sum(intake.created for intake in intakes)
        st.success(f"Imported {new} call(s); {len(intakes) - new} already known.")
        notify_queued()


@st.fragment(run_every=2)
def upload_status() -> None:
    with session_scope() as session:
        rows = calls.recent_uploads(session, identity)
    if not rows:
        st.info("No uploads yet — add recordings above; each is transcribed and scored in the background, "
                "and you may leave this page meanwhile.")
        return
    for row in rows:
        label = f"#{row.recording_id} · {row.filename} · {row.agent or 'no agent'} · {row.call_date}"
        if row.status is RecordingStatus.failed:
            box = st.container(border=True)
            box.error(f"{label} — failed: {row.error}")
            if box.button("Retry", key=f"retry-{row.recording_id}"):
                with session_scope() as session:
                    recordings.retry(session, identity, row.recording_id)
                notify_queued()
                st.rerun()
        elif row.status is RecordingStatus.done:
            st.success(f"{label} — scored", icon=":material/check_circle:")
        else:
            st.progress(row.progress if row.status is RecordingStatus.transcribing else 1.0,
                        text=f"{label} — {row.status.value}")


st.subheader("Your recent uploads")
upload_status()

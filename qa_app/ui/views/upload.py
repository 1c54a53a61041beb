import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.upload_calls)
st.title("Upload calls")
st.info("Upload call recordings here; each one is transcribed and scored in the background.")

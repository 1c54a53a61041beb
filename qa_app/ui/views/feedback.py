import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.see_own_feedback)
st.title("My feedback")
st.info("No reviewed calls yet — your finalized reviews and your trend per skill will appear here.")

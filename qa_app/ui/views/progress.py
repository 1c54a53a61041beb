import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.see_progress)
st.title("Progress")
st.info("No scored calls yet — each agent's scores and each criterion's pass rate over time will appear here.")

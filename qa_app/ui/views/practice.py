import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.practise_drills)
st.title("Practice drills")
st.info("No drills assigned yet — your trainer's scenario drills will appear here.")

import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.build_drills)
st.title("Drill builder")
st.info("No drills yet — build scenario drills for agents to practise here.")

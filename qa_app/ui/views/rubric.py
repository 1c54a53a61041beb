import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.edit_rubric)
st.title("Rubric")
st.info("The rubric every call is scored against; its criteria, weights and phrases are edited here.")

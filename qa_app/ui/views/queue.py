import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.review_calls)
st.title("Call queue")
st.info("No calls yet — upload one on **Upload calls**; scored calls wait here for review, oldest first.")

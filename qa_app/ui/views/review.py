import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.review_calls)
st.title("Review a call")
st.info("Pick a call in the **Call queue** to review its automatic score against the evidence.")

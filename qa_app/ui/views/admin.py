import streamlit as st

from qa_app.services.permissions import Capability
from qa_app.ui.session import page_guard

identity = page_guard(Capability.administer)
st.title("Admin")
st.info("Users, roles, agents and teams are managed here.")

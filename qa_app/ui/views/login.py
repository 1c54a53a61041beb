import streamlit as st

from qa_app.services.accounts import LoginFailed, has_accounts
from qa_app.storage.db import session_scope
from qa_app.ui.session import log_in

st.title("qa-app")
st.caption("Call quality and agent training")
with session_scope() as session:
    fresh_install = not has_accounts(session)
if fresh_install:
    st.warning("No accounts yet. On the server, create the first admin with "
               "`qa-app users add NAME --role admin` (it asks for the password), or seed the demo with `qa-app demo`.")
if message := st.session_state.pop("login_message", None):
    st.info(message)
with st.form("login"):
    username = st.text_input("Username", key="login_username")
    password = st.text_input("Password", type="password", key="login_password")
    submitted = st.form_submit_button("Log in", type="primary")
if submitted:
    try:
        log_in(username, password)
    except LoginFailed as exc:
        st.error(str(exc))
    else:
        st.rerun()

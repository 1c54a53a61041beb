"""Streamlit entry point (`qa-app serve`). Shows the log-in page, then the pages the user's role may open."""

import streamlit as st

from qa_app.ui.navigation import PAGES_DIR, visible_pages
from qa_app.ui.session import current_identity, ensure_database, log_out, start_background_worker

st.set_page_config(page_title="qa-app", page_icon=":material/headset_mic:", layout="wide")
ensure_database()
identity = current_identity()

if identity is None:
    page = st.navigation([st.Page(PAGES_DIR / "login.py", title="Log in", icon=":material/login:")],
                         position="hidden")
else:
    start_background_worker()
    sections: dict[str, list] = {}
    for spec in visible_pages(identity.role):
        sections.setdefault(spec.section, []).append(
            st.Page(PAGES_DIR / spec.file, title=spec.title, icon=spec.icon))
    page = st.navigation(sections)
    with st.sidebar:
        st.caption(f"Logged in as **{identity.display_name}** ({identity.role.value.replace('_', ' ')})")
        if st.button("Log out", key="logout"):
            log_out()
            st.rerun()
page.run()

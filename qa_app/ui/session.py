"""Log-in state of one browser session, re-checked against the database on every rerun."""

from __future__ import annotations

import os
import time

import streamlit as st

from qa_app.config import get_settings
from qa_app.errors import PermissionDenied
from qa_app.jobs.local import shared_worker
from qa_app.services import accounts
from qa_app.services.permissions import Capability, require
from qa_app.storage.db import session_scope
from qa_app.storage.migrate import current_revision, head_revision
from qa_app.storage.models import User

IDLE_LIMIT_SECONDS = float(os.environ.get("QA_SESSION_IDLE_MINUTES", "60")) * 60


@st.cache_resource
def _schema_is_current() -> bool:
    return current_revision() == head_revision()


def ensure_database() -> None:
    if not _schema_is_current():
        _schema_is_current.clear()
        st.error("The database is not set up yet. Run `qa-app db upgrade` (or `make run`) and reload this page.")
        st.stop()


def log_in(username: str, password: str) -> accounts.Identity:
    with session_scope() as session:
        identity = accounts.authenticate(session, username, password)
    st.session_state["identity"] = identity
    st.session_state["last_seen"] = time.monotonic()
    return identity


def log_out(message: str | None = None) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if message:
        st.session_state["login_message"] = message


def current_identity() -> accounts.Identity | None:
    """The logged-in user, or None. A disabled account, a changed role or an idle session logs out."""
    identity: accounts.Identity | None = st.session_state.get("identity")
    if identity is None:
        return None
    if time.monotonic() - st.session_state.get("last_seen", 0) > IDLE_LIMIT_SECONDS:
        log_out("Your session expired; please log in again.")
        return None
    with session_scope() as session:
        user = session.get(User, identity.user_id)
        fresh = accounts.Identity.of(user) if user is not None and user.active else None
    if fresh is None or fresh.role != identity.role:
        log_out("Your account changed; please log in again.")
        return None
    st.session_state["identity"] = fresh
    st.session_state["last_seen"] = time.monotonic()
    return fresh


def page_guard(capability: Capability) -> accounts.Identity:
    """First line of every page: the current user if allowed here, otherwise an error and nothing else."""
    identity = current_identity()
    try:
        require(identity, capability)
    except PermissionDenied as exc:
        st.error(str(exc))
        st.stop()
    return identity


def selected_call() -> int | None:
    """The call a page shows: ``?call=ID`` in the address (so a link can be shared), else none.

    Whether the user may see that call is decided by the service that loads it, never here.
    """
    raw = st.query_params.get("call")
    if raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None



def start_background_worker() -> None:
    """Calls queued by anyone are processed while the app runs (the embedded runner; a broker has its own)."""
    if not get_settings().broker_url:
        shared_worker()

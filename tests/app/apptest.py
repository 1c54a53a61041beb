"""Helpers to drive the Streamlit app in-process with streamlit.testing (AppTest)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import qa_app.ui

APP_SCRIPT = Path(qa_app.ui.__file__).parent / "app.py"


def start_app() -> AppTest:
    app = AppTest.from_file(str(APP_SCRIPT), default_timeout=60)
    app.run()
    return app


def log_in(username: str, password: str) -> AppTest:
    app = start_app()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button(key="FormSubmitter:login-Log in").click()
    app.run()
    return app


def menu_titles(app: AppTest) -> list[str]:
    """The page titles in the app's navigation menu, in order."""
    from qa_app.ui.navigation import PAGES

    by_path = {str(Path(qa_app.ui.__file__).parent / "views" / spec.file): spec.title for spec in PAGES}
    return [by_path[info["script_path"]] for info in app._registered_pages.values()
            if info["script_path"] in by_path]


def as_user(identity, page: str, **query) -> AppTest:
    """Open ``page`` through the app's own navigation as ``identity`` (as after log-in), with ``?key=value``."""
    app = _app(APP_SCRIPT, identity, query)
    return app.switch_page(str(APP_SCRIPT.parent / "views" / page)).run()


def page_script_alone(identity, page: str) -> AppTest:
    """Run a page's script directly, bypassing the navigation, as a hand-made request would."""
    return _app(APP_SCRIPT.parent / "views" / page, identity, {})


def _app(script, identity, query) -> AppTest:
    app = AppTest.from_file(str(script), default_timeout=60)
    app.session_state["identity"] = identity
    app.session_state["last_seen"] = time.monotonic()
    for key, value in query.items():
        app.query_params[key] = str(value)
    return app.run()

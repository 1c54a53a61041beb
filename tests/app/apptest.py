"""Helpers to drive the Streamlit app in-process with streamlit.testing (AppTest)."""

from __future__ import annotations

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

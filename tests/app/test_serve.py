"""`make run`'s last step, checked for real: the server starts and a browser can log in."""

from __future__ import annotations

import json
import urllib.request

import pytest

from qa_app.cli import main
from tests.browser import chromium_page, running_server


@pytest.mark.browser
def test_serve_shows_the_login_page_and_a_reviewer_can_log_in(qa_env, tmp_path, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    password = next(d["password"] for d in json.loads((qa_env / "data" / "demo-logins.json").read_text())
                    if d["username"] == "reviewer")
    shots = tmp_path / "screenshots"
    with running_server(tmp_path / "serve.log") as base:
        with urllib.request.urlopen(base, timeout=10) as response:
            assert response.status == 200 and b"<title>" in response.read()
        with chromium_page(shots) as page:
            page.goto(base)
            page.get_by_role("textbox", name="Username").fill("reviewer")
            page.get_by_role("textbox", name="Password").fill(password)
            page.screenshot(path=shots / "1-login.png")
            page.get_by_role("button", name="Log in").click()
            page.get_by_text("No calls yet").wait_for()
            page.screenshot(path=shots / "2-call-queue.png")
            assert page.get_by_text("Logged in as").is_visible()

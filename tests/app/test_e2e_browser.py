"""End to end in headless Chromium: a reviewer uploads a two-channel call, reviews and finalizes it; the agent
then reads the feedback. Screenshots of every step are saved under the test's directory."""

from __future__ import annotations


import pytest

from tests.browser import chromium_page, running_server, seed_demo_logins
from tests.conftest import FIXTURES


def log_in(page, base, username, password):
    page.goto(base)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Logged in as").wait_for()


def choose(page, label, option):
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.browser
def test_reviewer_uploads_reviews_and_finalizes_then_the_agent_reads_the_feedback(qa_env, tmp_path):
    passwords = seed_demo_logins(qa_env / "data")
    shots = tmp_path / "screenshots"
    with running_server(tmp_path / "serve.log") as base, chromium_page(shots) as page:
        log_in(page, base, "reviewer", passwords["reviewer"])
        page.get_by_role("link", name="Upload calls").click()
        page.locator("input[type=file]").first.set_input_files(str(FIXTURES / "audio" / "call_16k_stereo.flac"))
        choose(page, "Agent", "Ana Torres")
        page.screenshot(path=shots / "1-upload.png", full_page=True)
        page.get_by_role("button", name="Upload and score").click()
        page.get_by_text("queued as call #1").wait_for()
        page.get_by_text("— scored").wait_for(timeout=180_000)
        page.screenshot(path=shots / "2-scored.png", full_page=True)

        page.get_by_role("link", name="Call queue").click()
        page.get_by_role("button", name="Review").click()
        page.get_by_role("heading", name="Criteria").wait_for()
        page.get_by_text("Agent ·").first.wait_for()
        page.screenshot(path=shots / "3-review.png", full_page=True)
        page.get_by_label("Verdict").first.click()
        # Met and Not met come first: the first option not selected now flips the verdict.
        page.locator("[role=option][aria-selected=false]").first.click()
        page.get_by_label("Comment").first.fill("Checked against the audio.")
        page.get_by_label("Overall comment").fill("Clear call; keep the recap.")
        page.get_by_role("button", name="Finalize").click()
        page.get_by_text("(overridden)").wait_for()
        page.get_by_text("final", exact=True).wait_for()
        page.screenshot(path=shots / "4-finalized.png", full_page=True)
        page.get_by_role("button", name="Log out").click()

        log_in(page, base, "ana", passwords["ana"])
        page.get_by_role("heading", name="My feedback").wait_for()
        page.get_by_text("Clear call; keep the recap.").wait_for()
        page.get_by_text("Checked against the audio.").wait_for()
        page.screenshot(path=shots / "5-agent-feedback.png", full_page=True)
        page.get_by_role("button", name="I have read this feedback").click()
        page.get_by_text("You acknowledged this review.").wait_for()

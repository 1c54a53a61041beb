"""A drill in headless Chromium against a real `qa-app serve`: the trainer previews a drill, then the agent plays
the late gift drill — typing, and speaking through a fake microphone that plays the synthesized recording
tests/fixtures/audio/drill_reply_empathy.wav — to the summary. Screenshots of every step are saved under the
test's directory."""

from __future__ import annotations

import re

import pytest

from tests.app.test_e2e_browser import log_in
from tests.browser import chromium_page, running_server, seed_demo_logins
from tests.conftest import FIXTURES

REPLY_BOX = "Type your reply to the customer"
# Chromium's fake capture devices: the microphone plays the recording once; permission prompts are accepted.
FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                   f"--use-file-for-fake-audio-capture={FIXTURES / 'audio' / 'drill_reply_empathy.wav'}%noloop"]


def choose_drill(page, title: str) -> None:
    page.get_by_label("Drill", exact=True).click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(title)}( ·|$)")).click()


def said(page, words: str | re.Pattern) -> None:
    """Wait for a chat message with ``words`` on screen (My attempts, in a hidden tab, holds earlier runs' copies)."""
    page.get_by_test_id("stChatMessage").filter(has_text=words, visible=True).last.wait_for(timeout=120_000)


def type_reply(page, text: str) -> None:
    box = page.get_by_placeholder(REPLY_BOX)
    box.fill(text)
    box.press("Enter")


@pytest.mark.browser
def test_a_trainer_previews_and_an_agent_plays_a_drill_typing_and_speaking(qa_env, tmp_path):
    passwords = seed_demo_logins(qa_env / "data")
    shots = tmp_path / "screenshots"
    with running_server(tmp_path / "serve.log") as base, chromium_page(shots, FAKE_MICROPHONE) as page:
        page.context.grant_permissions(["microphone"], origin=base)
        log_in(page, base, "trainer", passwords["trainer"])
        page.get_by_role("link", name="Drill builder").click()
        page.get_by_role("heading", name="Drill builder").wait_for()
        choose_drill(page, "A late birthday gift")
        page.get_by_role("tab", name="Preview").click()
        page.get_by_role("button", name="Start the preview").click()
        said(page, "I ordered a watch for my dad's seventieth birthday")
        type_reply(page, "Can I have your order number?")
        said(page, "Did you hear what I said?")
        page.screenshot(path=shots / "1-trainer-preview.png", full_page=True)
        page.get_by_role("button", name="Log out").click()

        log_in(page, base, "ana", passwords["ana"])
        page.get_by_role("link", name="Practice drills").click()
        choose_drill(page, "A late birthday gift")
        page.get_by_role("button", name="Start the drill").click()
        said(page, "I ordered a watch for my dad's seventieth birthday")
        page.frame_locator("iframe").last.get_by_role("button", name="Hear the customer").wait_for()
        page.get_by_role("button", name="Start the drill").wait_for(state="detached")  # the run has finished
        page.screenshot(path=shots / "2-agent-opening.png", full_page=True)

        # Spoken: record through the microphone (the fake device plays the recording), stop, and it is sent.
        page.get_by_role("button", name="Record").click()
        page.wait_for_timeout(6500)
        page.get_by_role("button", name="Stop recording").click()
        said(page, re.compile(r"imagine how disappointing", re.IGNORECASE))
        said(page, "He said it didn't matter")
        page.screenshot(path=shots / "3-agent-spoke.png", full_page=True)

        for text, customer in [
            ("So you paid for guaranteed delivery by Friday for your dad's birthday watch and it only came on "
             "Monday. That's on us: it waited in our depot over the weekend.", "So what are you going to do"),
            ("I'm refunding the delivery charge right now and I'll add a credit to your account.", "That's fair"),
            ("Is there anything else I can help you with today?", "Thanks for listening to me"),
        ]:
            type_reply(page, text)
            said(page, customer)
        practise = page.get_by_role("tabpanel", name="Practise")  # My attempts shows past summaries too
        practise.get_by_role("heading", name="How it went").wait_for()
        page.get_by_placeholder(REPLY_BOX).wait_for(state="detached")  # the drill is over: no more replies
        practise.get_by_test_id("stMetricValue").filter(has_text="100").wait_for()
        practise.get_by_text("Model answers and tips").wait_for()
        page.set_viewport_size({"width": 1280, "height": 3000})  # the app scrolls inside: show all of it
        practise.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first.wait_for()
        page.screenshot(path=shots / "4-agent-summary.png", full_page=True)
        page.get_by_role("button", name="Try again").click()
        page.get_by_role("tab", name="My attempts (2)").wait_for()

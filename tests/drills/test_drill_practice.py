"""Steps for the drill practice feature, driven through the real Practice drills page with AppTest (real rubric,
real scorer, and the real Whisper transcriber for the spoken reply)."""

from __future__ import annotations

from pytest_bdd import given, parsers, scenarios, then, when
from sqlmodel import select

from qa_app.services import drills
from qa_app.storage.db import session_scope
from qa_app.storage.models import DrillAttempt
from qa_app.ui.format import md_escape
from tests.app.apptest import as_user
from tests.conftest import FIXTURES

scenarios("drill_practice.feature")


def practice_tab(app):
    """The Practise tab (the My attempts tab beside it shows past conversations too)."""
    return app.tabs[0]


def markdown(app) -> list[str]:
    return [element.value for element in practice_tab(app).markdown]


def last_customer_line(app) -> str:
    return [text for text in markdown(app) if text.startswith(":") and "-badge[" in text.split(" ")[0]][-1]


def ok(app):
    assert not app.exception, app.exception
    assert not [e.value for e in app.error], [e.value for e in app.error]
    return app


@given("the demo team with its seed drills")
def seeded(demo):
    return demo


@given(parsers.parse('"{user}" opens the drill "{title}" on Practice drills'))
def open_drill(context, demo, user, title):
    identity = demo[user]
    with session_scope() as session:
        slug = next(item.slug for item in drills.my_drills(session, identity) if item.spec.title == title)
    context.update(identity=identity, slug=slug, app=ok(as_user(identity, "practice.py", drill=slug)))
    assert context["app"].selectbox(key="pr_drill").value == slug


@given("she starts the drill")
def start(context):
    ok(context["app"].button(key="pr_start").click().run())


@when(parsers.parse('she replies "{text}"'))
def reply(context, text):
    ok(context["app"].chat_input(key="pr_reply_typed").set_value(text).run())


@when("she plays the rest of the drill with the replies:")
def play(context, datatable):
    for (text,) in datatable[1:]:
        reply(context, text)


@when(parsers.parse('she records the reply "{name}"'))
def record(context, name):
    app = context["app"]
    app.audio_input[0].set_value((name, (FIXTURES / "audio" / name).read_bytes(), "audio/wav"))
    ok(app.run())


@then(parsers.parse('the customer is "{mood}"'))
def customer_mood(context, mood):
    assert last_customer_line(context["app"]).split(" ")[0].endswith(f"-badge[{mood}]")


@then(parsers.parse('the customer says "{words}"'))
def customer_says(context, words):
    assert md_escape(words) in last_customer_line(context["app"])


@then(parsers.parse('her reply reads "{words}"'))
def reply_reads(context, words):
    assert any(words.lower() in text.lower() for text in markdown(context["app"]))


@then("her reply is marked as spoken")
def spoken(context):
    assert any(caption.value.startswith(":material/mic: spoken") for caption in practice_tab(context["app"]).caption)


@then("the drill is over")
def over(context):
    app = context["app"]
    assert [m.label for m in practice_tab(app).metric] == ["Score"]
    assert not app.chat_input  # no more replies
    assert app.button(key="pr_retry")


@then(parsers.parse('"{title}" is "{verdict}" with the evidence "{quote}"'))
def verdict_with_evidence(context, title, verdict, quote):
    texts = markdown(context["app"])
    heading = next(i for i, text in enumerate(texts) if text.startswith(f"**{md_escape(title)}**"))
    assert f"{verdict}]" in texts[heading] and (verdict != "Met" or "Not met" not in texts[heading])
    following = texts[heading + 1:]
    end = next((i for i, text in enumerate(following) if text.startswith("**")), len(following))
    assert any(md_escape(quote) in text for text in following[:end]), following[:end]


@then(parsers.parse('"{title}" says it was met in {met:d} of {judged:d} replies'))
def met_count(context, title, met, judged):
    assert f"Met in {met} of {judged} replies judged on it." in [c.value for c in practice_tab(context["app"]).caption]


@then("the model answers and tips are shown")
def model_answers(context):
    texts = markdown(context["app"])
    assert sum(text.startswith("**Model answer:**") for text in texts) == 4
    assert any("Sum up her problem in your own words" in info.value for info in practice_tab(context["app"]).info)


@then("her attempt is stored with a score")
def stored(context):
    with session_scope() as session:
        attempts = session.exec(select(DrillAttempt).where(DrillAttempt.agent_id == context["identity"].agent_id)).all()
    assert len(attempts) == 1 and attempts[0].finished_at is not None
    assert f"{attempts[0].total:.0f}" == practice_tab(context["app"]).metric[0].value


@then("the customer has given up")
def gave_up(context):
    assert any("gave up" in warning.value for warning in practice_tab(context["app"]).warning)
    assert md_escape("I've had enough of this.") in last_customer_line(context["app"])


@when("she tries again")
def retry(context):
    ok(context["app"].button(key="pr_retry").click().run())


@then(parsers.parse("she has {count:d} attempts of the drill"))
def attempts(context, count):
    with session_scope() as session:
        rows = drills.attempts(session, context["identity"], slug=context["slug"])
    assert len(rows) == count and [row.finished_at is None for row in rows] == [True] + [False] * (count - 1)

"""Steps for the reviewer, agent and trainer journeys, driven through the real pages with AppTest."""

from __future__ import annotations

import re
import time

from pytest_bdd import given, parsers, scenarios, then, when
from sqlmodel import select

from qa_app.jobs.pipeline import run_queued
from qa_app.services import audit, progress, reviews, rubrics
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus, ReviewState, Rubric, Score, Verdict
from qa_app.ui.format import md_escape
from tests.app.apptest import as_user

scenarios("reviewer_journey.feature", "agent_journey.feature", "trainer_journey.feature")

VERDICTS = {"Met": Verdict.met, "Not met": Verdict.not_met, "Not applicable": Verdict.not_applicable}


def review_of(demo, recording_id) -> reviews.CallReview:
    with session_scope() as session:
        return reviews.load_call_review(session, demo["reviewer"], recording_id)


def texts(elements) -> list[str]:
    return [element.value for element in elements]


# --- shared background ---

@given("the demo team with its default rubric")
def demo_team(demo):
    return demo


@given("the reviewer has imported the team's transcribed calls")
def imported(scored_calls):
    return scored_calls


@given(parsers.parse('the reviewer has finalized the reviews of "{names}"'))
def finalized(demo, scored_calls, names):
    for name in names.split(", "):
        with session_scope() as session:
            reviews.save_review(session, demo["reviewer"], scored_calls[name], expected_version=None, edits={},
                                overall_comment=f"Reviewed {name}.", finalize=True)


# --- reviewer ---

@when("the reviewer opens the call queue")
def open_queue(context, demo):
    context["app"] = as_user(demo["reviewer"], "queue.py")


@then(parsers.parse('the calls are listed as "{names}"'))
def listed(context, scored_calls, names):
    assert list(context["app"].dataframe[0].value["call"]) == [scored_calls[n] for n in names.split(", ")]


@when(parsers.parse('the reviewer opens the call "{name}"'))
def open_call(context, demo, scored_calls, name):
    context["app"] = as_user(demo["reviewer"], "review.py", call=scored_calls[name])
    assert not context["app"].exception


@then(parsers.parse('"{title}" is "{verdict}" with evidence quoting "{quote}"'))
def verdict_with_evidence(context, title, verdict, quote):
    app = context["app"]
    headings = [m for m in texts(app.markdown) if m.startswith(f"**{title}**")]
    assert headings and f"{verdict}]" in headings[0]
    escaped = md_escape(quote)
    assert any(escaped in caption for caption in texts(app.caption)), texts(app.caption)
    assert any(escaped in m and ":orange-background[" in m for m in texts(app.markdown)), "highlighted in transcript"


@when(parsers.parse('sets "{criterion}" to "{verdict}" with the comment "{comment}"'))
def set_verdict(context, criterion, verdict, comment):
    app = context["app"]
    app.selectbox(key=f"verdict-{criterion}").set_value(VERDICTS[verdict])
    app.text_input(key=f"comment-{criterion}").input(comment)


@when("finalizes the review")
def finalize(context):
    context["app"].button(key="review-finalize").click().run()
    assert not context["app"].exception and not context["app"].error


@then(parsers.parse('the review of "{name}" is final with "{criterion}" overridden to "{verdict}"'))
def final_with_override(demo, scored_calls, name, criterion, verdict):
    view = review_of(demo, scored_calls[name])
    assert view.review.state is ReviewState.final
    changed = next(c for c in view.criteria if c.criterion == criterion)
    assert changed.override is Verdict(verdict) and changed.comment


@then(parsers.parse('the audit trail of "{name}" lists "{actions}"'))
def audit_lists(demo, scored_calls, name, actions):
    view = review_of(demo, scored_calls[name])
    with session_scope() as session:
        assert [e.action for e in audit.history(session, "review", view.review.id)] == actions.split(", ")


@given(parsers.parse('two reviewers have the call "{name}" open'))
def two_reviewers(context, demo, scored_calls, name):
    context["first"] = as_user(demo["reviewer"], "review.py", call=scored_calls[name])
    context["second"] = as_user(demo["admin"], "review.py", call=scored_calls[name])


@when(parsers.parse('the {who} reviewer saves the draft comment "{comment}"'))
def save_draft(context, who, comment):
    app = context[who]
    app.text_area(key="overall-comment").input(comment)
    app.button(key="review-save").click().run()


@then(parsers.parse('the second reviewer is told "{message}"'))
def second_told(context, message):
    assert any(message in error for error in texts(context["second"].error))


@then(parsers.parse('the review of "{name}" keeps the comment "{comment}"'))
def keeps_comment(demo, scored_calls, name, comment):
    assert review_of(demo, scored_calls[name]).review.overall_comment == comment


# --- agent ---

@when(parsers.parse('"{user}" opens My feedback'))
def open_feedback(context, demo, user):
    context["app"] = as_user(demo[user], "feedback.py")
    assert not context["app"].exception


@when(parsers.parse('"{user}" opens My feedback for the call "{name}"'))
def open_feedback_for(context, demo, scored_calls, user, name):
    context["app"] = as_user(demo[user], "feedback.py", call=scored_calls[name])
    assert not context["app"].exception


@then(parsers.parse('she sees the call "{name}" with a score'))
@then(parsers.parse('she sees the call "{name}" instead'))
def sees_call(context, scored_calls, name):
    app = context["app"]
    assert app.selectbox(key="f_call").value == scored_calls[name]
    assert [m.label for m in app.metric] == ["Score"]
    assert any(md_escape(f"Reviewed {name}.") in m for m in texts(app.markdown))


@then("she sees a trend chart per skill")
def trend_chart(context):
    assert context["app"].get("vega_lite_chart")


@then(parsers.parse('she does not see the call "{name}", whose review is not final'))
def not_listed(context, scored_calls, name):
    with session_scope() as session:
        call_date = str(session.get(Recording, scored_calls[name]).call_date)
    assert not any(call_date in option for option in context["app"].selectbox(key="f_call").options)


@when("she confirms she has read the feedback")
def acknowledge(context):
    context["app"].button(key="f_ack").click().run()


@then(parsers.parse('the review of "{name}" is acknowledged'))
def acknowledged(demo, scored_calls, name):
    assert review_of(demo, scored_calls[name]).review.acknowledged_at is not None


# --- trainer ---

@when("the trainer tries the exchange:")
def try_exchange(context, demo, docstring):
    app = as_user(demo["trainer"], "rubric.py")
    app.text_area(key="rubric_try").input(docstring)
    context["app"] = app.button(key="rubric_try_go").click().run()


@then(parsers.parse('"{title}" is met in the try-it result'))
def met_in_try(context, title):
    lines = [m for m in texts(context["app"].markdown) if f"**{title}**" in m]
    assert lines and "Met]" in lines[0] and "Not met" not in lines[0]


def _save_rubric(context, demo, text):
    app = as_user(demo["trainer"], "rubric.py")
    app.text_area(key="rubric_editor").input(text)
    context["app"] = app.button(key="rubric_save").click().run()


@when(parsers.parse('the trainer saves a rubric whose first weight is "{weight}"'))
def save_broken(context, demo, weight):
    _save_rubric(context, demo, re.sub(r"weight: \d+", f"weight: {weight}", rubrics.default_rubric_text(), count=1))


@then(parsers.parse('the rubric page says "{message}"'))
def rubric_says(context, message):
    errors = texts(context["app"].error)
    assert any(message in error and "line" in error for error in errors), errors


@then(parsers.parse("the active rubric is still version {version:d}"))
@then(parsers.parse("the active rubric is version {version:d}"))
def active_version(version):
    with session_scope() as session:
        assert rubrics.active_rubric(session).version == version


@when(parsers.parse('the trainer changes the weight of "{criterion}" to {weight:d} and saves'))
def change_weight(context, demo, criterion, weight):
    text = rubrics.default_rubric_text()
    start = text.index(f"\n  {criterion}:\n")
    changed = text[:start] + re.sub(r"weight: \d+", f"weight: {weight}", text[start:], count=1)
    _save_rubric(context, demo, changed)
    assert not context["app"].error


@then(parsers.parse("the scores already made keep version {version:d}"))
def scores_keep(version):
    with session_scope() as session:
        versions = {session.get(Rubric, s.rubric_id).version for s in session.exec(select(Score))}
    assert versions == {version}


@when("the trainer rescores all calls")
def rescore(context, demo):
    app = as_user(demo["trainer"], "rubric.py")
    app.button(key="rubric_rescore").click().run()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run_queued()  # the page's embedded worker may be doing the same; claiming keeps each job single
        with session_scope() as session:
            if rubrics.rescore_progress(session)[0] == 0:
                break
        time.sleep(0.2)


@then(parsers.parse("every call has a score under version {version:d}"))
def all_rescored(version):
    with session_scope() as session:
        recordings = session.exec(select(Recording)).all()
        assert all(r.status is RecordingStatus.done for r in recordings)
        rescored = {s.recording_id for s in session.exec(select(Score).join(Rubric).where(Rubric.version == version))}
    assert rescored == {r.id for r in recordings}


@when("the trainer opens Progress")
def open_progress(context, demo):
    context["app"] = as_user(demo["trainer"], "progress.py")
    assert not context["app"].exception


@then("the page shows charts for agents, criteria, the heatmap and the most missed criteria")
def progress_charts(context):
    assert texts(context["app"].subheader)[:4] == ["Score per agent", "Pass rate per criterion",
                                                   "Criterion × agent", "Most missed"]
    assert len(context["app"].get("vega_lite_chart")) >= 4


@then(parsers.parse('the CSV export lists "{first}" and "{second}"'))
def csv_lists(demo, first, second):
    with session_scope() as session:
        exported = progress.report(session, demo["trainer"]).to_csv()
    assert exported.startswith("table,") and first in exported and second in exported

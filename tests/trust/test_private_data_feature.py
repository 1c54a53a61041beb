"""Steps for tests/features/private_data.feature: redaction seen on the review page, in exports, and deletion."""

from __future__ import annotations

import io
import json
import re
import zipfile

from pytest_bdd import given, parsers, scenarios, then, when
from sqlmodel import select

from qa_app.jobs import pipeline
from qa_app.services import audit, privacy, recordings
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, Score, Transcript
from tests.app.apptest import as_user

scenarios("../features/private_data.feature")

CARD_DIGITS = "4929175308624717"


@given("a fresh qa-app installation with the demo content")
def installation(demo, context):
    context["users"] = demo


@given(parsers.parse('the redaction policy is "{categories}"'))
def policy(monkeypatch, categories):
    monkeypatch.setenv("QA_REDACT", categories)


@when(parsers.parse('the reviewer imports a call where the customer says "{said}"'))
def import_call(context, said):
    call = {"id": "private-1", "agent": "Ana Torres", "turns": [
        {"speaker": "agent", "text": "Thanks for calling, how can I help?"},
        {"speaker": "customer", "text": said},
        {"speaker": "agent", "text": "Thank you, that's all sorted. Is there anything else I can help with?"}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, context["users"]["reviewer"], json.dumps(call))
    assert pipeline.run_queued() == 1
    context["call"] = intake.recording_id


def review_page_text(context) -> str:
    app = as_user(context["users"]["reviewer"], "review.py", call=context["call"])
    assert not app.exception and not app.error
    return re.sub(r"\\(.)", r"\1", " ".join(element.value for element in app.markdown))  # markdown escapes off


@then(parsers.parse('the review page shows "{shown}"'))
def page_shows(context, shown):
    assert shown in review_page_text(context)


@then("the review page shows no digit of the card")
def no_card_digits(context):
    text = review_page_text(context)
    assert not re.search(r"\d", text.split("Thanks for calling")[-1].split("anything else")[0])
    assert not re.search(r"\b(four|nine|seven)\b", text, re.IGNORECASE)


@when(parsers.parse('the agent "{username}" exports her data'))
def export(context, username):
    identity = context["users"][username]
    with session_scope() as session:
        context["export"] = privacy.export_agent(session, identity, identity.agent_id)


@then(parsers.parse('the export holds "{kept}" and not "{gone}"'))
def export_holds(context, kept, gone):
    with zipfile.ZipFile(io.BytesIO(context["export"])) as archive:
        text = archive.read("agent.json").decode()
    assert kept in text and gone not in text


@when("the admin deletes the call")
def delete(context):
    with session_scope() as session:
        privacy.delete_recording(session, context["users"]["admin"], context["call"])


@then("the call, its transcript and its score are gone")
def gone(context):
    with session_scope() as session:
        assert session.get(Recording, context["call"]) is None
        assert session.exec(select(Transcript).where(Transcript.recording_id == context["call"])).all() == []
        assert session.exec(select(Score).where(Score.recording_id == context["call"])).all() == []


@then(parsers.parse('the audit trail records the deletion by "{who}"'))
def deletion_audited(context, who):
    with session_scope() as session:
        entries = audit.history(session, "recording", context["call"])
    assert [(e.action, e.who) for e in entries] == [("recording.delete", who)]

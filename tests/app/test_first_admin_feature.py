"""Steps for tests/features/first_admin.feature: a real installation gets its first admin from the command line."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when

from qa_app.cli import main
from qa_app.services import audit
from qa_app.services.accounts import list_users
from qa_app.storage.db import session_scope
from tests.app.apptest import log_in, menu_titles, start_app

scenarios("first_admin.feature")


@when("someone opens qa-app")
def open_app(context):
    context["app"] = start_app()


@then(parsers.parse('the log-in page warns "{words}"'))
def warns(context, words):
    assert any(words in w.value and "qa-app users add NAME --role admin" in w.value for w in context["app"].warning)


@then(parsers.parse('"{user}" cannot log in with the password "{password}"'))
def cannot_log_in(user, password):
    app = log_in(user, password)
    assert [e.value for e in app.error] == ["Wrong username or password."]
    assert "identity" not in app.session_state


@when(parsers.parse('the lead creates the admin "{user}" with the password "{password}"'))
def create_admin(context, user, password, monkeypatch, capsys):
    monkeypatch.setenv("QA_NEW_PASSWORD", password)  # what the prompt reads when it is typed at the terminal
    context["exit"] = main(["users", "add", user, "--role", "admin"])
    context["output"] = capsys.readouterr()


@then(parsers.parse('"{user}" logs in with the password "{password}" and sees "{page}"'))
def logs_in(context, user, password, page):
    assert context["exit"] == 0
    app = log_in(user, password)
    assert page in menu_titles(app)


@then("the log-in page no longer warns about accounts")
def no_warning():
    assert not start_app().warning


@then(parsers.parse('the only account is "{user}"'))
def only_account(user):
    with session_scope() as session:
        assert [u.username for u in list_users(session)] == [user]


@then(parsers.parse('the command fails with "{message}"'))
def command_fails(context, message):
    assert context["exit"] != 0
    assert message in context["output"].err


@then("there is no account")
def no_account():
    with session_scope() as session:
        assert list_users(session) == []


@then(parsers.parse('the audit trail records that the server console added "{user}" as {role}'))
def audited(user, role):
    with session_scope() as session:
        entries = [(e.who, e.action, e.after) for e in audit.history(session, "user", list_users(session)[0].id)]
    assert entries == [("system", "user.add", {"username": user, "role": role, "agent_id": None})]

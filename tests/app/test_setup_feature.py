"""Steps for tests/features/setup.feature: a fresh install, demo seeding, and log-in per role (AppTest)."""

from __future__ import annotations

from pytest_bdd import parsers, scenarios, then, when
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from qa_app.cli import main
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, Rubric, Team
from tests.app.apptest import APP_SCRIPT, log_in, menu_titles

scenarios("setup.feature")


@when("the lead seeds the demo content")
def seed(context, capsys):
    assert main(["demo"]) == 0
    context["printed"] = capsys.readouterr().out
    context["passwords"] = {
        line.split()[1]: line.split()[2] for line in context["printed"].splitlines()[1:] if line.strip()
    }


@when("the lead seeds the demo content again")
def seed_again(context, capsys):
    assert main(["demo"]) == 0
    context["printed_again"] = capsys.readouterr().out


@then("the same demo log-ins are printed")
def same_logins(context):
    assert context["printed_again"] == context["printed"]
    assert set(context["passwords"]) == {"admin", "reviewer", "trainer", "ana", "ben", "chloe"}


@then(parsers.parse('the team "{team}" has the agents "{agents}"'))
def team_has_agents(team, agents):
    with session_scope() as session:
        found = session.exec(select(Team).where(Team.name == team)).one()
        names = sorted(a.name for a in session.exec(select(Agent).where(Agent.team_id == found.id)))
    assert names == sorted(a.strip() for a in agents.split(","))


@then("the default rubric is active as version 1")
def default_rubric_active():
    with session_scope() as session:
        rubrics = session.exec(select(Rubric)).all()
    assert [(r.name, r.version, r.active) for r in rubrics] == [("default", 1, True)]


@when(parsers.parse('"{user}" logs in with the printed password'))
def login_printed(context, user):
    context["app"] = log_in(user, context["passwords"][user])


@when(parsers.parse('"{user}" logs in with the password "{password}"'))
def login_with(context, user, password):
    context["app"] = log_in(user, password)


@then(parsers.parse('the menu shows "{pages}"'))
def menu_shows(context, pages):
    assert menu_titles(context["app"]) == [p.strip() for p in pages.split(",")]


@then(parsers.parse('the first page is "{title}"'))
def first_page(context, title):
    assert [t.value for t in context["app"].title] == [title]


@then(parsers.parse('the log-in page says "{message}"'))
def login_says(context, message):
    app: AppTest = context["app"]
    assert [e.value for e in app.error] == [message]
    assert "identity" not in app.session_state


@when(parsers.parse('she opens the page "{page}" directly'))
def open_page_directly(context, page):
    app: AppTest = context["app"]
    # Streamlit's router only knows the pages of the role's menu; run the page script itself the way a
    # hand-edited address would reach it if the router let it through, to prove the page checks on its own.
    intruder = AppTest.from_file(str(APP_SCRIPT.parent / "views" / page), default_timeout=30)
    for key in ("identity", "last_seen"):
        intruder.session_state[key] = app.session_state[key]
    intruder.run()
    context["app"] = intruder


@then(parsers.parse('she is told "{message}"'))
def told(context, message):
    app: AppTest = context["app"]
    assert [e.value for e in app.error] == [message]
    assert not app.title

"""The Drill builder (trainer) and Practice drills (agent) pages, run in-process with AppTest; and practice beside
real calls on the Progress and My feedback pages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from qa_app.drills.spec import TEMPLATE
from qa_app.services import drills
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, DrillAssignment, DrillAttempt
from qa_app.ui.format import md_escape
from tests.app.apptest import as_user
from tests.drills.conftest import seed_text
from tests.drills.test_service import LATE_GIFT, WHOLE_LATE_GIFT, play


def ok(app):
    assert not app.exception, app.exception
    assert not [e.value for e in app.error], [e.value for e in app.error]
    return app


def successes(app) -> list[str]:
    return [element.value for element in app.success]


def trainer_page(demo, drill: str | None = LATE_GIFT):
    app = ok(as_user(demo["trainer"], "drills.py"))
    if drill is not None:
        ok(app.selectbox(key="db_drill").set_value(drill).run())
    return app


# --- trainer ------------------------------------------------------------------------------------------------------

def test_the_builder_lists_the_drills_and_shows_the_yaml(demo):
    app = trainer_page(demo)
    assert app.selectbox(key="db_drill").options == [
        "➕ New drill", "A double charge", "A late birthday gift", "A return outside the window", "The wrong size"]
    assert app.caption[0].value.startswith("Version 1 · easy · saved ")
    assert app.text_area(key=f"db_text_{LATE_GIFT}").value == seed_text(LATE_GIFT)
    assert [tab.label for tab in app.tabs] == ["Edit", "Preview", "Assign", "Who did what", "Import / export"]


def test_a_broken_drill_is_refused_with_its_line_step_and_field(demo):
    app = trainer_page(demo)
    broken = seed_text(LATE_GIFT).replace("      next: opening", "      next: openin")
    app.text_area(key=f"db_text_{LATE_GIFT}").input(broken)
    app.button(key="db_save").click().run()
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and 'step 1 "opening", field if_missed.next): no step is named \'openin\'' in errors[0]
    app.button(key="db_check").click().run()
    assert app.error[0].value.startswith("drill, line 34, column 13 (step 1")


def test_a_new_drill_is_saved_from_the_template_and_selected(demo):
    app = trainer_page(demo, drill="")
    assert app.text_area(key="db_text_new").value == TEMPLATE
    app.text_area(key="db_text_new").input(TEMPLATE.replace("id: new-drill", "id: broken-vase")
                                           .replace("title: A new drill", "title: A broken vase"))
    ok(app.button(key="db_save").click().run())
    assert app.selectbox(key="db_drill").value == "broken-vase"
    assert successes(app) == ["Saved “A broken vase”: new drill (v1)."]


def test_editing_a_practised_drill_saves_the_next_version(demo):
    play(demo["ana"], LATE_GIFT, WHOLE_LATE_GIFT[:1])
    app = trainer_page(demo)
    app.text_area(key=f"db_text_{LATE_GIFT}").input(seed_text(LATE_GIFT).replace("difficulty: easy",
                                                                                 "difficulty: hard"))
    ok(app.button(key="db_save").click().run())
    assert successes(app) == ["Saved “A late birthday gift”: new version (v2)."]
    assert app.caption[0].value.startswith("Version 2 · hard · saved ")


def test_duplicate_and_archive(demo):
    app = trainer_page(demo)
    ok(app.button(key="db_duplicate").click().run())
    assert app.selectbox(key="db_drill").value == f"{LATE_GIFT}-copy"
    assert successes(app) == ["Duplicated as “A late birthday gift (copy)”."]
    ok(app.button(key="db_archive").click().run())
    assert successes(app) == ["Archived “A late birthday gift (copy)”: agents no longer see it."]
    assert not [o for o in app.selectbox(key="db_drill").options if "(copy)" in o]
    ok(app.toggle(key="db_archived").set_value(True).run())
    ok(app.selectbox(key="db_drill").set_value(f"{LATE_GIFT}-copy").run())
    assert app.caption[0].value.endswith(" · **archived**")
    ok(app.button(key="db_archive").click().run())  # "Bring back"
    assert successes(app) == ["Brought back “A late birthday gift (copy)”."]


def test_the_trainer_previews_by_playing_the_agent(demo):
    app = trainer_page(demo)
    ok(app.button(key="db_preview_start").click().run())
    preview = app.tabs[1]
    assert any(md_escape("I ordered a watch for my dad's seventieth birthday") in m.value for m in preview.markdown)
    ok(app.chat_input(key="db_preview_reply_typed").set_value("Order number?").run())
    assert any(m.value.startswith(":red-badge[angry] Did you hear what I said?") for m in app.tabs[1].markdown)
    with session_scope() as session:
        assert session.exec(select(DrillAttempt)).all() == []  # a preview stores nothing
    ok(app.button(key="db_preview_restart").click().run())
    assert app.button(key="db_preview_start")


def test_assigning_and_seeing_who_did_what(demo):
    play(demo["ana"], LATE_GIFT, WHOLE_LATE_GIFT)
    with session_scope() as session:
        chloe = session.exec(select(Agent).where(Agent.name == "Chloe Martin")).one().id
    app = trainer_page(demo)
    app.multiselect(key="db_agents").set_value([chloe])
    app.date_input(key="db_due").set_value(date.today() + timedelta(days=3))
    ok(app.button(key="db_assign").click().run())
    assert successes(app) == ["Assigned to 1 agent or team."]
    rows = {(row.agent, row.status) for row in app.tabs[3].dataframe[0].value.itertuples()}
    assert {("Ana Torres", "done"), ("Ben Okafor", "to do"), ("Chloe Martin", "to do")} <= rows
    assert app.selectbox(key="db_attempt").options  # Ana's attempt can be opened
    assert any(m.value.startswith("**Empathy**") for m in app.tabs[3].markdown)
    with session_scope() as session:
        assignment = session.exec(select(DrillAssignment).where(DrillAssignment.agent_id == chloe)).one().id
    ok(app.selectbox(key="db_unassign_pick").set_value(assignment).run())
    ok(app.button(key="db_unassign").click().run())
    assert "Chloe Martin" not in set(app.tabs[3].dataframe[0].value["agent"])


def test_import_and_export(demo):
    app = trainer_page(demo)
    assert app.get("download_button")  # the drill's YAML, named after it
    new = seed_text("wrong-size").replace("id: wrong-size", "id: wrong-colour").replace(
        "title: The wrong size", "title: The wrong colour")
    app.file_uploader(key="db_import_files").set_value([("wrong-colour.yaml", new.encode(), "application/x-yaml")])
    ok(app.run())
    ok(app.button(key="db_import").click().run())
    assert app.selectbox(key="db_drill").value == "wrong-colour"
    assert successes(app) == ["Imported: The wrong colour (new drill)"]
    app.file_uploader(key="db_import_files").set_value([("bad.yaml", b"id: [", "application/x-yaml")])
    app.run()
    app.button(key="db_import").click().run()
    assert [e.value.split(": ")[:2] for e in app.error] == [["bad.yaml, line 1, column 6", "not valid YAML"]]


# --- agent --------------------------------------------------------------------------------------------------------

def test_an_agent_sees_only_the_drills_assigned_to_them(demo):
    app = ok(as_user(demo["chloe"], "practice.py"))
    labels = app.selectbox(key="pr_drill").options
    due = (date.today() + timedelta(days=drills.SEED_DUE_IN_DAYS)).strftime("%d %b")
    assert labels == [f"A double charge · due {due}", f"A return outside the window · due {due}"]
    assert app.tabs[0].caption[1].value.startswith("**To do** · trains: Empathy, Mirroring, Ownership")
    with session_scope() as session:
        for assignment in session.exec(select(DrillAssignment)):
            session.delete(assignment)
    app = ok(as_user(demo["chloe"], "practice.py"))
    assert [i.value for i in app.tabs[0].info] == ["No drills assigned yet — your trainer's scenario drills will "
                                                   "appear here."]


def test_the_agent_plays_a_drill_to_the_end_and_looks_back_at_it(demo):
    app = ok(as_user(demo["ana"], "practice.py", drill=LATE_GIFT))
    ok(app.button(key="pr_start").click().run())
    for text in WHOLE_LATE_GIFT:
        ok(app.chat_input(key="pr_reply_typed").set_value(text).run())
    assert app.tabs[0].metric[0].value == "100"
    assert app.button(key="pr_retry")
    # Reopening the page later: the attempt is in My attempts, with its conversation and summary.
    app = ok(as_user(demo["ana"], "practice.py", drill=LATE_GIFT))
    history = app.tabs[1]
    assert history.label == "My attempts (1)"
    assert list(history.dataframe[0].value["score"]) == [100.0]
    assert app.selectbox(key="pr_past").options and history.metric[0].value == "100"
    assert app.get("vega_lite_chart")  # the score over time


def test_an_open_attempt_is_resumed(demo):
    play(demo["ana"], LATE_GIFT, ["Order number?"])
    app = ok(as_user(demo["ana"], "practice.py", drill=LATE_GIFT))
    assert "pr_start" not in [button.key for button in app.button]
    assert any(m.value.startswith(":red-badge[angry]") for m in app.tabs[0].markdown)


# --- progress ---------------------------------------------------------------------------------------------------

def test_practice_shows_beside_calls_on_progress_and_my_feedback(demo, scored_calls):
    app = ok(as_user(demo["trainer"], "progress.py"))
    assert "Practice drills beside calls" not in [h.value for h in app.subheader]
    play(demo["ana"], LATE_GIFT, WHOLE_LATE_GIFT)
    app = ok(as_user(demo["trainer"], "progress.py"))
    assert "Practice drills beside calls" in [h.value for h in app.subheader]
    app = ok(as_user(demo["ana"], "feedback.py"))
    assert "My practice drills beside my calls" in [h.value for h in app.subheader]
    app = ok(as_user(demo["ben"], "feedback.py"))
    assert "My practice drills beside my calls" not in [h.value for h in app.subheader]

"""Drills in the database: versions, duplicates, archive, import/export, assignments and who did what, attempts
(only of assigned drills), spoken replies through the real transcriber, and drill results beside real calls."""

from __future__ import annotations

import io
import wave
from datetime import date, timedelta

import pytest
from sqlmodel import select

from qa_app.errors import Conflict, NotFound, PermissionDenied, UserError
from qa_app.services import audit, drills, progress, rubrics
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, Drill, DrillAssignment, DrillAttempt, DrillCriterionResult, Team, Verdict
from tests.conftest import FIXTURES
from tests.drills.conftest import seed_text

pytestmark = pytest.mark.both_databases  # storage-heavy: SQLite and PostgreSQL alike

LATE_GIFT = "late-birthday-gift"
EMPATHY = "I'm so sorry, I can imagine how disappointing it was to have nothing to give your dad on the day."
WHOLE_LATE_GIFT = [
    EMPATHY,
    "So you paid for guaranteed delivery by Friday for your dad's birthday watch and it only came on Monday. That's "
    "on us: it waited in our depot over the weekend.",
    "I'm refunding the delivery charge right now and I'll add a credit to your account.",
    "Is there anything else I can help you with today?",
]


def call(function, *args, **kwargs):
    with session_scope() as session:
        return function(session, *args, **kwargs)


def play(identity, slug: str, replies: list[str]) -> drills.AttemptView:
    view = call(drills.start, identity, slug)
    for text in replies:
        view = call(drills.reply, identity, view.id, text, expected_lines=len(view.lines))
    return view


def agent_named(name: str) -> Agent:
    with session_scope() as session:
        return session.exec(select(Agent).where(Agent.name == name)).one()


# --- seeding ------------------------------------------------------------------------------------------------------

def test_the_demo_seeds_four_drills_and_assigns_them_to_teams(demo):
    rows = call(drills.catalogue, demo["trainer"])
    assert [row.title for row in rows] == ["A double charge", "A late birthday gift", "A return outside the window",
                                           "The wrong size"]
    assert {item.slug for item in call(drills.my_drills, demo["ana"])} == {LATE_GIFT, "wrong-size", "double-charge"}
    assert {item.slug for item in call(drills.my_drills, demo["chloe"])} == {"return-outside-window", "double-charge"}
    with session_scope() as session:
        assert drills.seed_drills(session) == []  # seeding again adds nothing
        assert len(session.exec(select(DrillAssignment)).all()) == 5


# --- versions ---------------------------------------------------------------------------------------------------

def test_saving_edits_an_unpractised_version_and_versions_a_practised_one(demo):
    text = seed_text(LATE_GIFT)
    edited = text.replace("difficulty: easy", "difficulty: medium")
    saved = call(drills.save, demo["trainer"], edited)
    assert (saved.outcome, saved.drill.version) == ("edited", 1)

    first = call(drills.start, demo["ana"], LATE_GIFT)
    saved = call(drills.save, demo["trainer"], edited.replace("title: A late birthday gift", "title: A late gift"))
    assert (saved.outcome, saved.drill.version, saved.drill.title) == ("new version", 2, "A late gift")
    with session_scope() as session:
        attempt = session.get(DrillAttempt, first.id)
        assert session.get(Drill, attempt.drill_id).version == 1  # the attempt keeps the version it played
        assert "difficulty: medium" in session.get(Drill, attempt.drill_id).source_text
    assert call(drills.start, demo["ana"], LATE_GIFT).version == 2  # new attempts play the newest
    with pytest.raises(UserError, match="Nothing changed"):
        call(drills.save, demo["trainer"], saved.drill.source_text)
    with session_scope() as session:
        actions = [event.action for event in audit.history(session, "drill", saved.drill.id)]
    assert actions == ["drill.save"]


def test_a_new_drill_starts_at_version_one_and_bad_yaml_names_the_line_and_step(demo):
    text = seed_text("wrong-size").replace("id: wrong-size", "id: wrong-colour")
    assert call(drills.save, demo["trainer"], text).outcome == "new drill"
    broken = text.replace("    trains: [alternatives, ownership]", "    trains: [alternatives, ownershp]")
    with pytest.raises(UserError, match=r'line \d+, column \d+ \(step 3 "the-options", field trains\[1\]\): '
                                        r"'ownershp' is not one of the drill's trains"):
        call(drills.save, demo["trainer"], broken)


def test_only_trainers_build_and_only_agents_practise(demo):
    with pytest.raises(PermissionDenied):
        call(drills.save, demo["ana"], seed_text(LATE_GIFT))
    with pytest.raises(PermissionDenied):
        call(drills.catalogue, demo["reviewer"])
    with pytest.raises(PermissionDenied):
        call(drills.start, demo["trainer"], LATE_GIFT)
    assert call(drills.catalogue, demo["admin"])  # admins build drills too


def test_duplicating_copies_the_newest_version_under_a_new_id(demo):
    first = call(drills.duplicate, demo["trainer"], LATE_GIFT)
    second = call(drills.duplicate, demo["trainer"], LATE_GIFT)
    assert (first.slug, first.title, first.version) == (f"{LATE_GIFT}-copy", "A late birthday gift (copy)", 1)
    assert second.slug == f"{LATE_GIFT}-copy-2"
    assert first.source_text.startswith("# A practice call: a present that came after the birthday")


def test_an_archived_drill_disappears_for_agents_and_can_come_back(demo):
    call(drills.set_archived, demo["trainer"], LATE_GIFT, True)
    assert LATE_GIFT not in {item.slug for item in call(drills.my_drills, demo["ana"])}
    assert LATE_GIFT not in {row.slug for row in call(drills.catalogue, demo["trainer"])}
    assert LATE_GIFT in {row.slug for row in call(drills.catalogue, demo["trainer"], include_archived=True)}
    with pytest.raises(UserError, match="archived"):
        call(drills.start, demo["ana"], LATE_GIFT)
    with pytest.raises(UserError, match="archived"):
        call(drills.assign, demo["trainer"], LATE_GIFT, agent_ids=[agent_named("Chloe Martin").id])
    call(drills.set_archived, demo["trainer"], LATE_GIFT, False)
    assert LATE_GIFT in {item.slug for item in call(drills.my_drills, demo["ana"])}


def test_export_then_import_round_trips_and_an_existing_id_becomes_the_next_version(demo):
    name, text = call(drills.export, demo["trainer"], "double-charge")
    assert name == "double-charge.yaml" and text == seed_text("double-charge")
    renamed = text.replace("id: double-charge", "id: charged-three-times")
    changed = text.replace("difficulty: medium", "difficulty: hard")
    call(drills.start, demo["ana"], "double-charge")  # version 1 is now practised: an import makes version 2
    imported = call(drills.import_files, demo["trainer"], [("a.yaml", renamed.encode()), ("b.yaml", changed.encode()),
                                                           ("c.yaml", seed_text("wrong-size").encode())])
    assert [(s.drill.slug, s.drill.version, s.outcome) for s in imported] == [
        ("charged-three-times", 1, "new drill"), ("double-charge", 2, "new version"), ("wrong-size", 1, "unchanged")]


def test_one_bad_file_imports_nothing_and_names_the_file(demo):
    good = seed_text("double-charge").replace("id: double-charge", "id: another")
    with pytest.raises(UserError, match=r"^bad\.yaml, line 14, column 7 \(field mood\): must be one of"):
        call(drills.import_files, demo["trainer"], [("good.yaml", good.encode()),
                                                    ("bad.yaml", good.replace("mood: upset", "mood: cross").encode())])
    with pytest.raises(UserError, match="not a UTF-8 text file"):
        call(drills.import_files, demo["trainer"], [("latin.yaml", "caf\xe9".encode("latin-1"))])
    with pytest.raises(UserError, match="also has the id 'another'"):
        call(drills.import_files, demo["trainer"], [("one.yaml", good.encode()), ("two.yaml", good.encode())])
    assert "another" not in {row.slug for row in call(drills.catalogue, demo["trainer"])}


# --- assignments and who did what -------------------------------------------------------------------------------

def test_agents_practise_only_what_is_assigned_to_them_or_their_team(demo):
    with pytest.raises(NotFound, match="not assigned to you"):
        call(drills.start, demo["ben"], "return-outside-window")  # assigned to Escalations, not Ben's team
    call(drills.assign, demo["trainer"], "return-outside-window", agent_ids=[agent_named("Ben Okafor").id])
    assert call(drills.start, demo["ben"], "return-outside-window").lines[0].speaker == "customer"
    assert "return-outside-window" not in {item.slug for item in call(drills.my_drills, demo["ana"])}


def test_assigning_checks_targets_and_dates_and_assigning_again_moves_the_due_date(demo):
    ana = agent_named("Ana Torres").id
    with pytest.raises(UserError, match="at least one agent or team"):
        call(drills.assign, demo["trainer"], "wrong-size")
    with pytest.raises(UserError, match="in the past"):
        call(drills.assign, demo["trainer"], "wrong-size", agent_ids=[ana], due=date.today() - timedelta(days=1))
    with pytest.raises(NotFound, match="No agent with id 999"):
        call(drills.assign, demo["trainer"], "wrong-size", agent_ids=[999])
    later = date.today() + timedelta(days=30)
    call(drills.assign, demo["trainer"], "wrong-size", agent_ids=[ana], due=date.today())
    call(drills.assign, demo["trainer"], "wrong-size", agent_ids=[ana], due=later)
    with session_scope() as session:
        mine = session.exec(select(DrillAssignment).where(DrillAssignment.agent_id == ana)).all()
    assert [(a.drill_slug, a.due_date) for a in mine] == [("wrong-size", later)]
    # Ana's team has it due sooner: the sooner date is hers.
    assert {i.slug: i.due for i in call(drills.my_drills, demo["ana"])}["wrong-size"] < later


def test_who_did_what_follows_each_agent_through_the_drill(demo):
    play(demo["ana"], LATE_GIFT, WHOLE_LATE_GIFT)
    call(drills.start, demo["ben"], LATE_GIFT)
    with session_scope() as session:
        team = session.exec(select(Team).where(Team.name == "Escalations")).one()
        session.add(DrillAssignment(drill_slug=LATE_GIFT, team_id=team.id, due_date=date.today() - timedelta(days=2)))
    rows = {(row.agent, row.team): row for row in call(drills.who_did_what, demo["trainer"], LATE_GIFT)}
    assert {key: row.status for key, row in rows.items()} == {
        ("Ana Torres", "Front Line"): "done", ("Ben Okafor", "Front Line"): "in progress",
        ("Chloe Martin", "Escalations"): "overdue"}
    ana = rows[("Ana Torres", "Front Line")].practice
    assert (ana.attempts, ana.finished, ana.best, ana.first_finished) == (1, 1, 100.0, date.today())
    assignment = rows[("Chloe Martin", "Escalations")].assignment_id
    call(drills.unassign, demo["trainer"], assignment)
    assert ("Chloe Martin", "Escalations") not in {(r.agent, r.team) for r in call(drills.who_did_what,
                                                                                       demo["trainer"], LATE_GIFT)}


def test_a_drill_finished_after_its_due_date_is_done_late():
    record = drills.Practice(attempts=2, finished=1, best=80.0, first_finished=date(2026, 3, 5))
    assert record.status(date(2026, 3, 4), date(2026, 3, 10)) == "done late"
    assert record.status(date(2026, 3, 5), date(2026, 3, 10)) == "done"
    assert drills.Practice().status(None, date(2026, 3, 10)) == "to do"


# --- attempts -----------------------------------------------------------------------------------------------------

def test_a_finished_attempt_stores_the_result_and_evidence_of_every_trained_criterion(demo):
    view = play(demo["ana"], LATE_GIFT, ["What's your order number?"] + WHOLE_LATE_GIFT)
    assert view.finished and view.summary.total == pytest.approx(rubrics.validate(
        rubrics.default_rubric_text()).total({"empathy": "not_met", "mirroring": "met", "no_excuses": "met",
                                               "ownership": "met", "satisfaction_asked": "met"}))
    with session_scope() as session:
        attempt = session.get(DrillAttempt, view.id)
        results = {r.criterion: r for r in session.exec(select(DrillCriterionResult)
                                                        .where(DrillCriterionResult.attempt_id == view.id))}
        events = [e.action for e in audit.history(session, "drillattempt", view.id)]
    assert attempt.finished_at is not None and attempt.total == view.summary.total
    assert [line["speaker"] for line in attempt.transcript][:4] == ["customer", "agent", "customer", "agent"]
    assert (results["empathy"].verdict, results["empathy"].met, results["empathy"].judged) == (Verdict.not_met, 1, 2)
    assert results["empathy"].evidence[0]["reply"] == 2 and "imagine" in results["empathy"].evidence[0]["text"]
    assert set(results) == {"empathy", "mirroring", "no_excuses", "ownership", "satisfaction_asked"}
    assert events == ["drill.attempt.finish"]
    with pytest.raises(UserError, match="This drill is over"):
        call(drills.reply, demo["ana"], view.id, "Hello?", expected_lines=len(view.lines))


def test_a_reply_from_a_stale_window_or_another_agent_is_refused(demo):
    view = call(drills.start, demo["ana"], LATE_GIFT)
    call(drills.reply, demo["ana"], view.id, EMPATHY, expected_lines=1)
    with pytest.raises(Conflict, match="moved on in another window"):
        call(drills.reply, demo["ana"], view.id, EMPATHY, expected_lines=1)
    with pytest.raises(NotFound):
        call(drills.reply, demo["ben"], view.id, EMPATHY, expected_lines=3)
    with pytest.raises(NotFound):
        call(drills.attempt_view, demo["ben"], view.id)
    assert call(drills.attempt_view, demo["trainer"], view.id).lines[1].text == EMPATHY  # trainers see attempts
    for empty in ("", "   "):
        with pytest.raises(UserError, match="Type or record a reply first"):
            call(drills.reply, demo["ana"], view.id, empty, expected_lines=3)
    with pytest.raises(UserError, match="at most 2000 characters"):
        call(drills.reply, demo["ana"], view.id, "word " * 500, expected_lines=3)


def test_an_agent_sees_only_their_own_attempts_and_can_resume_an_open_one(demo):
    view = call(drills.start, demo["ana"], LATE_GIFT)
    play(demo["ben"], LATE_GIFT, WHOLE_LATE_GIFT)
    assert [row.agent for row in call(drills.attempts, demo["ana"])] == ["Ana Torres"]
    assert {row.agent for row in call(drills.attempts, demo["trainer"], slug=LATE_GIFT)} == {"Ana Torres",
                                                                                             "Ben Okafor"}
    assert {i.slug: i.open_attempt_id for i in call(drills.my_drills, demo["ana"])}[LATE_GIFT] == view.id


def test_a_drill_that_no_longer_fits_the_rubric_says_so_when_started(demo):
    text = rubrics.default_rubric_text()
    start = text.index("  satisfaction_asked:")
    without = text[:start] + text[text.index("  apology_when_due:"):]
    call(rubrics.save_version, demo["trainer"], without)
    with pytest.raises(UserError, match=r"does not fit the active rubric \(the rubric has no criterion "
                                        r"'satisfaction_asked'.*ask a trainer"):
        call(drills.start, demo["ana"], LATE_GIFT)


def test_a_trainer_previews_a_drill_without_storing_anything(demo):
    text = seed_text(LATE_GIFT)
    view = call(drills.preview, demo["trainer"], text)
    view = call(drills.preview, demo["trainer"], text, view.lines, "Order number?")
    assert view.id is None and view.mood == "angry" and view.lines[-1].step == "opening"
    with session_scope() as session:
        assert session.exec(select(DrillAttempt)).all() == []
    with pytest.raises(PermissionDenied):
        call(drills.preview, demo["ana"], text)


# --- spoken replies (the real transcriber) ----------------------------------------------------------------------

@pytest.mark.slow
def test_a_spoken_reply_is_transcribed_with_whisper_and_scored_like_a_typed_one(demo):
    audio = (FIXTURES / "audio" / "drill_reply_empathy.wav").read_bytes()
    words = drills.transcribe_reply(demo["ana"], audio)
    assert "imagine how disappointing" in words.lower()
    view = call(drills.start, demo["ana"], LATE_GIFT)
    view = call(drills.reply, demo["ana"], view.id, words, expected_lines=1, spoken=True)
    assert view.lines[1].spoken and view.lines[1].verdicts == {"empathy": "met"}
    assert view.mood == "annoyed"  # upset, calmed one step


def test_a_recording_that_is_not_speech_is_refused_clearly(demo):
    silence = io.BytesIO()
    with wave.open(silence, "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 16000)
    with pytest.raises(UserError, match="The recording is empty"):
        drills.transcribe_reply(demo["ana"], b"")
    with pytest.raises(UserError, match=r"^Your recording is not a readable audio file"):
        drills.transcribe_reply(demo["ana"], b"RIFF not really a wav file" * 10)
    with pytest.raises(UserError, match=r"^Your recording contains only silence\.$"):
        drills.transcribe_reply(demo["ana"], silence.getvalue())
    with pytest.raises(PermissionDenied):
        drills.transcribe_reply(demo["reviewer"], b"RIFF")


# --- progress: drills beside calls ------------------------------------------------------------------------------

def test_drill_results_sit_beside_call_results_for_the_same_criteria(demo, scored_calls):
    play(demo["ana"], LATE_GIFT, WHOLE_LATE_GIFT)
    play(demo["ben"], LATE_GIFT, ["Order number?", "Order number?"])  # the customer gives up
    rows = call(progress.drill_pass_rates, demo["trainer"])
    by_key = {(row["criterion"], row["source"]): row for row in rows}
    assert {criterion for criterion, _ in by_key} == {"empathy", "mirroring", "no_excuses", "ownership",
                                                      "satisfaction_asked"}
    assert (by_key[("empathy", "drills")]["pass_rate"], by_key[("empathy", "drills")]["n"]) == (0.5, 2)
    assert ("mirroring", "drills") in by_key and ("mirroring", "calls") in by_key  # Ben never reached it
    assert by_key[("mirroring", "drills")]["n"] == 1
    assert by_key[("empathy", "calls")]["n"] >= 1
    mine = call(progress.drill_pass_rates, demo["ben"], progress.ProgressFilter(agent_ids=()))
    assert {(row["criterion"], row["source"], row["n"]) for row in mine if row["source"] == "drills"} == {
        ("empathy", "drills", 1)}  # an agent sees only their own figures
    weekly = call(progress.drill_pass_rates, demo["trainer"], by_period=True)
    assert all("period" in row for row in weekly)
    nothing = call(progress.drill_pass_rates, demo["trainer"],
                   progress.ProgressFilter(date_to=date.today() - timedelta(days=1)))
    assert nothing == []

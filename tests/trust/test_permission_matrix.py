"""Permissions in the data-access layer: every identity against every service action that takes one.

The pages are covered by tests/app/test_pages.py (each role against each page); this is the layer under them, which
the pages, the CLI and the workers share. One table (``POLICY``) states the intended policy; each cell is its own
test: an allowed action succeeds (and, for an agent, returns only the agent's own data), a denied one raises
PermissionDenied — or NotFound where the design hides that the record exists — and changes nothing, even when the
caller catches the error and commits its session anyway (as a page that shows the error does).

Every cell starts from a copy of one world built once per module: the demo installation with the four fixture
calls scored, Ana's and Ben's first calls reviewed and final, Ana's second call unreviewed, a failed and a queued
upload of Ana's, an attempt of Ana's at a drill and a drill assigned to her.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest
from sqlmodel import select

from qa_app.errors import NotFound, PermissionDenied, UserError
from qa_app.jobs.local import stop_shared_worker
from qa_app.services import (audit, calls, directory, drills, ingest, privacy, progress, recordings, reviews,
                             rubrics)
from qa_app.services.accounts import Identity
from qa_app.services.reviews import CriterionEdit
from qa_app.storage.db import dispose_engines, session_scope
from qa_app.storage.migrate import upgrade
from qa_app.storage.models import (Agent, Recording, Review, ReviewState, Role, Team, User, Verdict,
                                   utcnow)
from tests.conftest import FIXTURES, use_installation

SEED_DRILLS = Path(drills.SEED_DRILLS)  # type: ignore[arg-type]

# --- who acts ----------------------------------------------------------------------------------------------------
# "agent" is Ana, who owns every record the actions target; "other_agent" is Ben, an agent of the same team
# reaching for Ana's records by id; "unlinked_agent" has the agent role but no agent record (the services refuse
# to create one — it stands for data edited outside the app — so every agent-only path must refuse it too).
ROLES = ("admin", "qa_reviewer", "trainer", "agent", "other_agent", "unlinked_agent")
USERNAMES = {"admin": "admin", "qa_reviewer": "reviewer", "trainer": "trainer", "agent": "ana", "other_agent": "ben",
             "unlinked_agent": "ghost"}

# --- the policy ----------------------------------------------------------------------------------------------------
# Y: allowed.  -: PermissionDenied.  N: NotFound (the record is not revealed to exist).
# Columns in ROLES order. Targets are Ana's records unless the action says otherwise.
POLICY_TABLE = """
action                                   admin reviewer trainer agent other unlinked
calls.recent_uploads                       Y      Y        -      -     -      -
calls.call_queue                           Y      Y        -      -     -      -
calls.readable_recording                   Y      Y        -      Y     -      -
calls.call_transcript                      Y      Y        -      Y     -      -
calls.audio_path                           Y      Y        -      Y     -      -
reviews.load_call_review[final]            Y      Y        -      Y     -      -
reviews.load_call_review[unreviewed]       Y      Y        -      -     -      -
reviews.save_review[draft_override]        Y      Y        -      -     -      -
reviews.save_review[overall_comment]       Y      Y        -      -     -      -
reviews.save_review[finalize]              Y      Y        -      -     -      -
reviews.swap_speakers                      Y      Y        -      -     -      -
reviews.call_trail                         Y      Y        -      -     -      -
reviews.acknowledge                        -      -        -      Y     -      -
reviews.my_feedback                        -      -        -      Y     Y      Y
recordings.upload_recording                Y      Y        -      -     -      -
recordings.import_transcripts              Y      Y        -      -     -      -
recordings.retry                           Y      Y        -      -     -      -
ingest.ingest                              Y      Y        -      -     -      -
rubrics.save_version                       Y      -        Y      -     -      -
rubrics.queue_rescore                      Y      -        Y      -     -      -
drills.catalogue                           Y      -        Y      -     -      -
drills.latest                              Y      -        Y      -     -      -
drills.versions                            Y      -        Y      -     -      -
drills.export                              Y      -        Y      -     -      -
drills.save                                Y      -        Y      -     -      -
drills.duplicate                           Y      -        Y      -     -      -
drills.set_archived                        Y      -        Y      -     -      -
drills.import_files                        Y      -        Y      -     -      -
drills.assign                              Y      -        Y      -     -      -
drills.unassign                            Y      -        Y      -     -      -
drills.who_did_what                        Y      -        Y      -     -      -
drills.preview                             Y      -        Y      -     -      -
drills.my_drills                           -      -        -      Y     Y      -
drills.start                               -      -        -      Y     Y      -
drills.attempt_view                        Y      -        Y      Y     N      -
drills.reply                               -      -        -      Y     N      -
drills.attempts                            Y      -        Y      Y     Y      -
drills.transcribe_reply                    Y      -        Y      Y     Y      Y
progress.agent_scores                      Y      Y        Y      Y     Y      -
progress.criterion_pass_rates              Y      Y        Y      Y     Y      -
progress.heatmap                           Y      Y        Y      Y     Y      -
progress.most_missed                       Y      Y        Y      Y     Y      -
progress.drill_pass_rates                  Y      Y        Y      Y     Y      -
progress.team_scores                       Y      Y        Y      -     -      -
progress.report                            Y      Y        Y      -     -      -
privacy.delete_recording                   Y      -        -      -     -      -
privacy.export_agent                       Y      -        -      Y     -      -
privacy.apply_redaction                    Y      -        -      -     -      -
audit.events                               Y      -        -      -     -      -
directory.users                            Y      -        -      -     -      -
directory.add_team                         Y      -        -      -     -      -
directory.add_agent                        Y      -        -      -     -      -
directory.update_agent                     Y      -        -      -     -      -
directory.add_user                         Y      -        -      -     -      -
directory.update_user                      Y      -        -      -     -      -
directory.reset_password                   Y      -        -      -     -      -
"""

OUTCOMES = {"Y": None, "-": PermissionDenied, "N": NotFound}


def _parse_policy(table: str) -> dict[str, dict[str, type[Exception] | None]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert len(header) == len(ROLES) + 1
    policy = {}
    for action, *cells in rows:
        assert len(cells) == len(ROLES), action
        policy[action] = {role: OUTCOMES[cell] for role, cell in zip(ROLES, cells)}
    return policy


POLICY = _parse_policy(POLICY_TABLE)


# --- the world ---------------------------------------------------------------------------------------------------

@dataclass
class World:
    ids: dict[str, Identity]  # by role (ROLES)
    calls: dict[str, int]  # fixture call id -> recording id
    ana_failed: int  # Ana's upload that failed (unusable audio)
    ana_audio: int  # Ana's upload with real audio (queued)
    ana_attempt: int  # Ana's open attempt at late-birthday-gift
    ana_attempt_lines: int
    assignment: int  # wrong-size assigned to Ana directly
    agent_ids: dict[str, int]  # "ana", "ben" -> agent id
    user_ids: dict[str, int]  # username -> user id
    team_ids: dict[str, int]
    root: Path

    @property
    def ana_final(self) -> int:  # reviewed and final
        return self.calls["own-good-1"]

    @property
    def ana_unreviewed(self) -> int:  # scored, no review
        return self.calls["own-good-2"]

    @property
    def ben_final(self) -> int:
        return self.calls["own-poor-1"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Build the world once (SQLite under a module temp dir); each cell copies it."""
    from qa_app.jobs.pipeline import run_queued
    from qa_app.services.demo import seed_demo

    root = tmp_path_factory.mktemp("permission-world")
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_installation(monkeypatch, root)
        upgrade()
        with session_scope() as session:
            seed_demo(session)
            # An agent account whose agent link is gone: only reachable by editing data outside the app.
            session.add(User(username="ghost", display_name="Ghost", password_hash="x", role=Role.agent))
        with session_scope() as session:
            users = {u.username: u for u in session.exec(select(User))}
            ids = {role: Identity.of(users[name]) for role, name in USERNAMES.items()}
            user_ids = {name: u.id for name, u in users.items()}
            agent_ids = {a.name.split()[0].lower(): a.id for a in session.exec(select(Agent))}
            team_ids = {t.name: t.id for t in session.exec(select(Team))}
        reviewer, trainer, ana = ids["qa_reviewer"], ids["trainer"], ids["agent"]
        with session_scope() as session:
            intakes = recordings.import_transcripts(session, reviewer, (FIXTURES / "calls.jsonl").read_text(),
                                                    source="calls.jsonl")
        run_queued()
        called = {intake.filename: intake.recording_id for intake in intakes}
        for call in ("own-good-1", "own-poor-1"):
            with session_scope() as session:
                reviews.save_review(session, reviewer, called[call], expected_version=None, edits={},
                                    overall_comment="Well done.", finalize=True)
        with session_scope() as session:
            failed = recordings.upload_recording(session, reviewer, "noise.wav", io.BytesIO(b"\x00\x01" * 400),
                                                 agent_id=agent_ids["ana"])
            audio = recordings.upload_recording(session, reviewer, "call.flac",
                                                io.BytesIO((FIXTURES / "audio" / "call_16k_mono.flac").read_bytes()),
                                                agent_id=agent_ids["ana"])
        with session_scope() as session:
            attempt = drills.start(session, ana, "late-birthday-gift")
            assignment, = drills.assign(session, trainer, "wrong-size", agent_ids=[agent_ids["ana"]],
                                        due=date.today() + timedelta(days=7))
            assignment_id = assignment.id
        with session_scope() as session:  # Ana is locked out: the reset action lifts it
            user = session.get(User, user_ids["ana"])
            user.locked_until = utcnow() + timedelta(minutes=10)
            session.add(user)
        with session_scope() as session:
            progress.refresh(session)  # nothing left marked: a read changes nothing
        stop_shared_worker()
        dispose_engines()
    assert failed.status.value == "failed" and audio.status.value == "queued"
    return World(ids, called, failed.recording_id, audio.recording_id, attempt.id, len(attempt.lines),
                 assignment_id, agent_ids, user_ids, team_ids, root)


@pytest.fixture
def world(template, tmp_path, monkeypatch):
    root = tmp_path / "world"
    shutil.copytree(template.root, root)
    use_installation(monkeypatch, root)
    yield replace(template, root=root)
    stop_shared_worker()
    dispose_engines()


def fingerprint(root: Path) -> dict[str, Any]:
    """Every row of every table, and every stored file: what "nothing changed" compares."""
    database = sqlite3.connect(root / "data" / "qa.db")
    try:
        tables = [name for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        rows = {table: database.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall() for table in tables}
    finally:
        database.close()
    files = sorted((str(p.relative_to(root)), p.stat().st_size) for p in (root / "recordings").rglob("*")
                   if p.is_file())
    return {"rows": rows, "files": files}


# --- the actions -----------------------------------------------------------------------------------------------------

def _seed_drill(slug: str) -> str:
    return (SEED_DRILLS / f"{slug}.yaml").read_text(encoding="utf-8")


def _progress_own_only(query):
    """For an agent: exactly what an admin sees filtered to that agent (never another agent's figures)."""
    def check(w: World, role: str, result) -> None:
        if w.ids[role].role is not Role.agent:
            return
        own = w.ids[role].agent_id
        with session_scope() as session:
            expected = query(session, w.ids["admin"], progress.ProgressFilter(agent_ids=(own,)))
        assert result == expected
        names = {row["agent"] for row in result if "agent" in row}
        assert names <= {"Ana Torres" if own == w.agent_ids["ana"] else "Ben Okafor"}
    return check


def _transcribe_gate(session, w: World, who: Identity) -> str:
    """Past the permission check an empty recording is refused for what it is (Whisper is never loaded)."""
    try:
        drills.transcribe_reply(who, b"")
    except PermissionDenied:
        raise
    except UserError as exc:
        assert "empty" in str(exc)
        return "gate passed"
    raise AssertionError("an empty recording was transcribed")


def _ingest(session, w: World, who: Identity):
    source = ingest.Source(FIXTURES / "audio" / "call_8k_mono.wav", "ana_torres/call_8k_mono.wav")
    results = list(ingest.ingest(who, [source], ingest.Rules.of(agent="Ana Torres")))
    assert [r.outcome for r in results] == ["stored"], results
    return results


def _feedback_check(w: World, role: str, result) -> None:
    own = {"agent": [w.ana_final], "other_agent": [w.ben_final], "unlinked_agent": []}[role]
    assert [item.recording_id for item in result] == own


def _attempts_check(w: World, role: str, result) -> None:
    names = {row.agent for row in result}
    if role == "other_agent":
        assert names <= {"Ben Okafor"} and w.ana_attempt not in {row.id for row in result}
    else:
        assert w.ana_attempt in {row.id for row in result}


@dataclass(frozen=True)
class Action:
    run: Callable[[Any, World, Identity], Any]  # (session, world, identity) -> result
    writes: bool = False  # allowed: must change the database or the stored files
    check: Callable[[World, str, Any], None] | None = None  # allowed: what the result must be


ACTIONS: dict[str, Action] = {
    "calls.recent_uploads": Action(lambda s, w, i: calls.recent_uploads(s, i)),
    "calls.call_queue": Action(lambda s, w, i: calls.call_queue(s, i),
                               check=lambda w, r, result: len(result) == 6 or pytest.fail(result)),
    "calls.readable_recording": Action(lambda s, w, i: calls.readable_recording(s, i, w.ana_final).id,
                                       check=lambda w, r, result: result == w.ana_final or pytest.fail(result)),
    "calls.call_transcript": Action(lambda s, w, i: calls.call_transcript(s, i, w.ana_final),
                                    check=lambda w, r, result: len(result[1]) == 9 or pytest.fail(result)),
    "calls.audio_path": Action(lambda s, w, i: calls.audio_path(s, i, w.ana_audio)),
    "reviews.load_call_review[final]": Action(
        lambda s, w, i: reviews.load_call_review(s, i, w.ana_final),
        check=lambda w, r, view: (view.recording.id, view.review.state) == (w.ana_final, ReviewState.final)
        or pytest.fail(view)),
    "reviews.load_call_review[unreviewed]": Action(lambda s, w, i: reviews.load_call_review(s, i, w.ana_unreviewed)),
    "reviews.save_review[draft_override]": Action(
        lambda s, w, i: reviews.save_review(s, i, w.ana_unreviewed, expected_version=None, overall_comment="",
                                            edits={"empathy": CriterionEdit(Verdict.not_met, "Flat tone.")}),
        writes=True),
    "reviews.save_review[overall_comment]": Action(
        lambda s, w, i: reviews.save_review(s, i, w.ana_unreviewed, expected_version=None, edits={},
                                            overall_comment="Recap the order number next time."),
        writes=True),
    "reviews.save_review[finalize]": Action(
        lambda s, w, i: reviews.save_review(s, i, w.ana_unreviewed, expected_version=None, edits={},
                                            overall_comment="", finalize=True),
        writes=True),
    "reviews.swap_speakers": Action(lambda s, w, i: reviews.swap_speakers(s, i, w.ana_unreviewed), writes=True),
    "reviews.call_trail": Action(lambda s, w, i: reviews.call_trail(s, i, w.ana_final)),
    "reviews.acknowledge": Action(lambda s, w, i: reviews.acknowledge(s, i, w.ana_final), writes=True),
    "reviews.my_feedback": Action(lambda s, w, i: reviews.my_feedback(s, i), check=_feedback_check),
    "recordings.upload_recording": Action(
        lambda s, w, i: recordings.upload_recording(s, i, "matrix.wav", io.BytesIO(b"\x07matrix" * 300),
                                                    agent_id=w.agent_ids["ana"]),
        writes=True),
    "recordings.import_transcripts": Action(
        lambda s, w, i: recordings.import_transcripts(
            s, i, '{"id": "matrix-1", "agent": "Ana Torres", "turns": [{"speaker": "agent", "text": "Hello."}]}'),
        writes=True),
    "recordings.retry": Action(lambda s, w, i: recordings.retry(s, i, w.ana_failed), writes=True),
    "ingest.ingest": Action(_ingest, writes=True),
    "rubrics.save_version": Action(
        lambda s, w, i: rubrics.save_version(s, i, rubrics.default_rubric_text() + "\n# matrix edit\n"), writes=True),
    "rubrics.queue_rescore": Action(lambda s, w, i: rubrics.queue_rescore(s, i), writes=True),
    "drills.catalogue": Action(lambda s, w, i: drills.catalogue(s, i)),
    "drills.latest": Action(lambda s, w, i: drills.latest(s, i, "wrong-size")),
    "drills.versions": Action(lambda s, w, i: drills.versions(s, i, "wrong-size")),
    "drills.export": Action(lambda s, w, i: drills.export(s, i, "wrong-size")),
    "drills.save": Action(
        lambda s, w, i: drills.save(s, i, drills.spec.renamed(_seed_drill("wrong-size"), "matrix-drill", "Matrix")),
        writes=True),
    "drills.duplicate": Action(lambda s, w, i: drills.duplicate(s, i, "wrong-size"), writes=True),
    "drills.set_archived": Action(lambda s, w, i: drills.set_archived(s, i, "wrong-size", True), writes=True),
    "drills.import_files": Action(
        lambda s, w, i: drills.import_files(s, i, [("m.yaml", drills.spec.renamed(
            _seed_drill("double-charge"), "matrix-import", "Matrix import").encode())]),
        writes=True),
    "drills.assign": Action(lambda s, w, i: drills.assign(s, i, "double-charge", agent_ids=[w.agent_ids["ana"]]),
                            writes=True),
    "drills.unassign": Action(lambda s, w, i: drills.unassign(s, i, w.assignment), writes=True),
    "drills.who_did_what": Action(lambda s, w, i: drills.who_did_what(s, i)),
    "drills.preview": Action(lambda s, w, i: drills.preview(s, i, _seed_drill("wrong-size"))),
    "drills.my_drills": Action(lambda s, w, i: drills.my_drills(s, i)),
    "drills.start": Action(lambda s, w, i: drills.start(s, i, "late-birthday-gift"), writes=True),
    "drills.attempt_view": Action(lambda s, w, i: drills.attempt_view(s, i, w.ana_attempt).id,
                                  check=lambda w, r, result: result == w.ana_attempt or pytest.fail(result)),
    "drills.reply": Action(
        lambda s, w, i: drills.reply(s, i, w.ana_attempt, "I'm so sorry, let me fix that for you right now.",
                                     expected_lines=w.ana_attempt_lines),
        writes=True),
    "drills.attempts": Action(lambda s, w, i: drills.attempts(s, i, agent_id=w.agent_ids["ana"]),
                              check=_attempts_check),
    "drills.transcribe_reply": Action(_transcribe_gate),
    "progress.agent_scores": Action(
        lambda s, w, i: progress.agent_scores(s, i, progress.ProgressFilter(agent_ids=(w.agent_ids["ana"],))),
        check=_progress_own_only(progress.agent_scores)),
    "progress.criterion_pass_rates": Action(
        lambda s, w, i: progress.criterion_pass_rates(s, i, progress.ProgressFilter(agent_ids=(w.agent_ids["ana"],)),
                                                      by_agent=True),
        check=_progress_own_only(lambda s, i, f: progress.criterion_pass_rates(s, i, f, by_agent=True))),
    "progress.heatmap": Action(
        lambda s, w, i: progress.heatmap(s, i, progress.ProgressFilter(team_ids=(w.team_ids["Front Line"],))),
        check=_progress_own_only(progress.heatmap)),
    "progress.most_missed": Action(lambda s, w, i: progress.most_missed(s, i),
                                   check=_progress_own_only(progress.most_missed)),
    "progress.drill_pass_rates": Action(lambda s, w, i: progress.drill_pass_rates(s, i),
                                        check=_progress_own_only(progress.drill_pass_rates)),
    "progress.team_scores": Action(lambda s, w, i: progress.team_scores(s, i)),
    "progress.report": Action(lambda s, w, i: progress.report(s, i).to_csv()),
    "privacy.delete_recording": Action(lambda s, w, i: privacy.delete_recording(s, i, w.ana_final), writes=True),
    "privacy.export_agent": Action(lambda s, w, i: privacy.export_agent(s, i, w.agent_ids["ana"]), writes=True),
    "privacy.apply_redaction": Action(lambda s, w, i: privacy.apply_redaction(s, i),
                                      check=lambda w, r, report: report.calls == 4 or pytest.fail(report)),
    "audit.events": Action(lambda s, w, i: audit.to_csv(audit.events(s, i))),
    "directory.users": Action(lambda s, w, i: directory.users(s, i)),
    "directory.add_team": Action(lambda s, w, i: directory.add_team(s, i, "Matrix Team"), writes=True),
    "directory.add_agent": Action(lambda s, w, i: directory.add_agent(s, i, "Matrix Agent", None), writes=True),
    "directory.update_agent": Action(
        lambda s, w, i: directory.update_agent(s, i, w.agent_ids["ben"], team_id=w.team_ids["Escalations"],
                                               active=True),
        writes=True),
    "directory.add_user": Action(lambda s, w, i: directory.add_user(s, i, "matrix-user", "long-password-1",
                                                                    Role.trainer), writes=True),
    "directory.update_user": Action(
        lambda s, w, i: directory.update_user(s, i, w.user_ids["reviewer"], role=Role.trainer, active=True),
        writes=True),
    "directory.reset_password": Action(
        lambda s, w, i: directory.reset_password(s, i, w.user_ids["ana"], "new-password-1"), writes=True),
}

CELLS = [(action, role) for action in POLICY for role in ROLES]


def test_the_policy_table_names_every_action_once():
    assert list(POLICY) == list(ACTIONS)
    print(f"\nservice permission matrix: {len(ROLES)} identities x {len(ACTIONS)} actions = {len(CELLS)} cells")


@pytest.mark.parametrize(("action", "role"), CELLS, ids=[f"{a}-{r}" for a, r in CELLS])
def test_permission_cell(world, action, role):
    spec, expected = ACTIONS[action], POLICY[action][role]
    identity = world.ids[role]
    before = fingerprint(world.root)
    if expected is None:
        with session_scope() as session:
            result = spec.run(session, world, identity)
        if spec.check:
            spec.check(world, role, result)
        if spec.writes:
            assert fingerprint(world.root) != before, "an allowed write changed nothing"
        return
    with session_scope() as session:
        with pytest.raises(UserError) as raised:
            spec.run(session, world, identity)
        # The caller goes on and commits (a page showing the error does): nothing may have been written.
    assert type(raised.value) is expected, f"{type(raised.value).__name__}: {raised.value}"
    assert fingerprint(world.root) == before


# --- an agent cannot tell another agent's record from a missing one --------------------------------------------------

MISSING = 987_654

BY_ID = {
    "calls.readable_recording": lambda s, i, target: calls.readable_recording(s, i, target),
    "calls.call_transcript": lambda s, i, target: calls.call_transcript(s, i, target),
    "calls.audio_path": lambda s, i, target: calls.audio_path(s, i, target),
    "reviews.load_call_review": lambda s, i, target: reviews.load_call_review(s, i, target),
    "reviews.acknowledge": lambda s, i, target: reviews.acknowledge(s, i, target),
    "reviews.save_review": lambda s, i, target: reviews.save_review(s, i, target, expected_version=None, edits={},
                                                                    overall_comment="x"),
    "drills.attempt_view": lambda s, i, target: drills.attempt_view(s, i, target),
    "drills.reply": lambda s, i, target: drills.reply(s, i, target, "Sorry.", expected_lines=1),
    "privacy.export_agent": lambda s, i, target: privacy.export_agent(s, i, target),
}


def _someone_elses(world: World, read: str) -> int:
    if read.startswith("drills."):
        return world.ana_attempt
    if read == "privacy.export_agent":
        return world.agent_ids["ana"]
    return world.ana_final


def _refusal(world: World, who: Identity, read: str, target: int) -> tuple[str, str]:
    with session_scope() as session:
        with pytest.raises(UserError) as raised:
            BY_ID[read](session, who, target)
    return type(raised.value).__name__, str(raised.value).replace(str(target), "<id>")


IN_POLICY = {"reviews.load_call_review": "reviews.load_call_review[final]",
             "reviews.save_review": "reviews.save_review[finalize]"}
OUT_OF_REACH = [(read, role) for read in BY_ID for role in ROLES
                if POLICY[IN_POLICY.get(read, read)][role] is not None]


@pytest.mark.parametrize(("read", "role"), OUT_OF_REACH, ids=[f"{a}-{r}" for a, r in OUT_OF_REACH])
def test_a_record_out_of_reach_and_a_missing_one_are_refused_alike(world, read, role):
    """Who may not read a record gets the same error (type and words) whether it exists or not: ids cannot be
    probed."""
    who = world.ids[role]
    assert _refusal(world, who, read, _someone_elses(world, read)) == _refusal(world, who, read, MISSING)


# --- the CLI ---------------------------------------------------------------------------------------------------------
# The CLI runs on the operator's machine with the database at hand. Commands that act on calls act as a user
# (`ingest --as USER`, by default the first admin) and the services check that user's permissions; the user-account
# commands (`users add/list/passwd`) are the operator's own (how the first admin gets made) and take no identity.

CLI_INGEST = {  # --as value (None: the default) -> (exit status, what stderr says)
    None: (0, ""), "admin": (0, ""), "reviewer": (0, ""),
    "trainer": (1, "error: You do not have access to this."),
    "ana": (1, "error: You do not have access to this."),
    "ben": (1, "error: You do not have access to this."),
    "ghost": (1, "error: You do not have access to this."),
    "retired": (1, "error: No active user 'retired'."),  # a disabled reviewer
    "nobody": (1, "error: No active user 'nobody'."),
}


def _cli(*args: str) -> int:
    from qa_app.cli import main

    return main(list(args))


@pytest.mark.parametrize("as_user", CLI_INGEST, ids=lambda u: f"ingest-as-{u or 'default'}")
def test_cli_ingest_acts_as_a_user_and_is_checked(world, capsys, as_user):
    with session_scope() as session:
        user = session.get(User, world.user_ids["reviewer"])
        session.add(User(username="retired", display_name="Retired", password_hash=user.password_hash,
                         role=Role.qa_reviewer, active=False))
    before = fingerprint(world.root)
    status, message = CLI_INGEST[as_user]
    args = ["ingest", str(FIXTURES / "audio" / "call_8k_mono.wav"), "--agent", "Ana Torres"]
    assert _cli(*args, *(["--as", as_user] if as_user else [])) == status
    err = capsys.readouterr().err
    if status:
        assert err.strip().splitlines()[-1] == message and "Traceback" not in err
        assert fingerprint(world.root) == before
        return
    with session_scope() as session:
        stored = session.exec(select(Recording).where(Recording.original_filename == "call_8k_mono.wav")).one()
        uploader = session.get(User, stored.uploaded_by_id).username
    assert uploader == (as_user or "admin") and stored.agent_id == world.agent_ids["ana"]


def test_cli_user_commands_are_the_operators(world, monkeypatch, capsys):
    monkeypatch.setenv("QA_NEW_PASSWORD", "operator-pw-1")
    assert _cli("users", "add", "cli-made", "--role", "trainer") == 0
    assert _cli("users", "passwd", "ana") == 0  # lifts Ana's lock-out
    assert _cli("users", "list") == 0
    out = capsys.readouterr().out
    assert "cli-made" in out and "operator-pw-1" not in out
    with session_scope() as session:
        assert session.get(User, world.user_ids["ana"]).locked_until is None


def test_the_matrix_covers_every_identity_taking_service_function():
    """A new service function that takes an identity must get a row in the table (or be listed here as read-only
    helpers reached through another row)."""
    import inspect

    covered = {name.split("[")[0] for name in ACTIONS} | {
        "reviews.save_review", "audit.to_csv",  # in rows above
        "drills._agent_id", "drills._readable_attempt", "drills._store", "reviews._claim_version",  # internals
        "ingest._ingest_one", "audit.record",
        "progress._allowed", "calls.readable_recording"}
    modules = {"calls": calls, "reviews": reviews, "recordings": recordings, "ingest": ingest, "rubrics": rubrics,
               "drills": drills, "progress": progress, "privacy": privacy, "audit": audit, "directory": directory}
    taking_identity = {f"{name}.{fn_name}" for name, module in modules.items()
                       for fn_name, fn in inspect.getmembers(module, inspect.isfunction)
                       if fn.__module__ == module.__name__ and "identity" in inspect.signature(fn).parameters}
    assert taking_identity - covered == set()


def test_agents_reviews_are_unreadable_to_other_agents_in_every_state(world):
    """Ben reaches for every one of Ana's calls (final, unreviewed, failed, queued) by id: refused, each time."""
    ben = world.ids["other_agent"]
    with session_scope() as session:
        anas = session.exec(select(Recording.id).where(Recording.agent_id == world.agent_ids["ana"])).all()
        assert len(anas) == 4 and session.exec(select(Review)).all()
    for recording_id in anas:
        for read in ("calls.readable_recording", "calls.call_transcript", "reviews.load_call_review",
                     "calls.audio_path", "reviews.acknowledge"):
            with session_scope() as session, pytest.raises(PermissionDenied):
                BY_ID[read](session, ben, recording_id)

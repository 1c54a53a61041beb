"""Killing the process in the middle of writes leaves a consistent database.

tests/trust/crash_writer.py writes through the services without pause — transcript imports, uploads with their
audio files, scoring, reviews with overrides and their audit trail, agents added, calls deleted — each write unit
one transaction. It is SIGKILLed at a random moment, several rounds in a row on the same database, and after each
kill the database must be whole: the engine's own checks pass (SQLite), no row points at a missing row, every
recording's file exists, every write unit is all there or not at all, the audit trail matches the rows, and every
commit the writer reported survived. Afterwards the app recovers the calls the kill interrupted and writes on.

Runs on SQLite and, with QA_TEST_POSTGRES_URL (``eval "$(bash tests/services.sh)"``), on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from qa_app.jobs.pipeline import requeue_stale, run_queued
from qa_app.services import recordings, reviews
from qa_app.services.rubrics import active_rubric
from qa_app.services.scoring import scorer_for
from qa_app.storage.blobs import default_store
from qa_app.storage.db import dispose_engines, get_engine, session_scope
from qa_app.storage.migrate import current_revision, head_revision
from qa_app.storage.models import (Agent, AuditEvent, CriterionResult, Recording, RecordingStatus, Review,
                                   ReviewOverride, ReviewState, Rubric, Score, Transcript, Turn)
from tests.conftest import seed_demo_users, use_installation

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 5
# The kill moments are random; the seed is printed (shown with a failure) and QA_CRASH_SEED repeats a run's delays.
SEED = int(os.environ.get("QA_CRASH_SEED") or random.randrange(1 << 30))

# Every foreign key between the tables a write unit touches: (child table, column, parent table).
REFERENCES = [("turn", "transcript_id", "transcript"), ("transcript", "recording_id", "recording"),
              ("score", "recording_id", "recording"), ("criterionresult", "score_id", "score"),
              ("review", "score_id", "score"), ("reviewoverride", "review_id", "review"),
              ("recording", "agent_id", "agent"), ("recording", "uploaded_by_id", "user"),
              ("auditevent", "actor_id", "user"), ("score", "rubric_id", "rubric")]


class Writer:
    """The writer subprocess, its stdout collected line by line as it runs."""

    def __init__(self, round_number: int, seed: int, root: Path):
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.log = open(root / f"writer-{round_number}.log", "w")  # the writer's stderr, to read after a failure
        self.process = subprocess.Popen([sys.executable, str(WRITER), str(round_number), str(seed)],
                                        stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        cwd=Path(__file__).resolve().parents[2], env=os.environ.copy())
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if line.strip() == "ready":
                self.ready.set()
            elif line.startswith("ok "):
                self.lines.append(line.split(maxsplit=1)[1].strip())

    def kill_after(self, delay: float) -> None:
        assert self.ready.wait(60), "the writer did not start"
        time.sleep(delay)
        assert self.process.poll() is None, "the writer stopped before it was killed"
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(30) == -signal.SIGKILL
        self.reader.join(10)
        self.log.close()

    def committed(self) -> dict[str, list[list[str]]]:
        by_kind = defaultdict(list)
        for line in self.lines:
            kind, *values = line.split()
            by_kind[kind].append(values)
        return by_kind


def check_consistent(committed: dict[str, list[list[str]]]) -> dict[str, int]:
    """Assert every invariant of a write unit; return a few counts."""
    committed = defaultdict(list, committed)
    dispose_engines()  # as a fresh process would open it (SQLite: the WAL is recovered here)
    engine = get_engine()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        for child, column, parent in REFERENCES:
            dangling = connection.execute(text(
                f'SELECT count(*) FROM "{child}" c LEFT JOIN "{parent}" p ON p.id = c.{column} '
                f'WHERE c.{column} IS NOT NULL AND p.id IS NULL')).scalar()
            assert dangling == 0, f"{child}.{column} points at missing {parent} rows"

    store = default_store()
    with session_scope() as session:
        recordings_ = session.exec(select(Recording)).all()
        by_id = {r.id: r for r in recordings_}
        # Every file a row names exists (a file without a row — the kill fell between storing it and committing
        # its row, or between a delete's commit and the file's removal — is harmless and not checked).
        for recording in recordings_:
            for key in (recording.stored_path, recording.redacted_path):
                assert key is None or store.local_path(key).is_file(), f"recording {recording.id}: {key} missing"

        # A transcript is there with all its turns, numbered 0..n-1, or not at all; an import always has one.
        transcripts = {t.recording_id: t for t in session.exec(select(Transcript))}
        turns = defaultdict(list)
        for turn in session.exec(select(Turn)):
            turns[turn.transcript_id].append(turn.position)
        for recording in recordings_:
            transcript = transcripts.get(recording.id)
            if recording.source == "import":
                assert transcript is not None, f"import {recording.id} without its transcript"
            if transcript is None:
                continue
            positions = sorted(turns[transcript.id])
            assert positions == list(range(len(positions))) and positions, f"transcript {transcript.id}: {positions}"
            if recording.original_filename.startswith("crash-"):
                expected = int(recording.original_filename.split(" ")[0].rsplit("-n", 1)[1])
                assert len(positions) == expected, f"recording {recording.id}: {len(positions)} of {expected} turns"

        # A score is there with a result for every criterion of its rubric, or not at all; a call marked done
        # has its score under the active rubric.
        rubric_criteria = {r.id: {c.id for c in scorer_for(r.source_text).rubric.criteria}
                           for r in session.exec(select(Rubric))}
        results = defaultdict(set)
        for result in session.exec(select(CriterionResult)):
            results[result.score_id].add(result.criterion)
        scores = session.exec(select(Score)).all()
        for score in scores:
            assert results[score.id] == rubric_criteria[score.rubric_id], f"score {score.id} is partial"
        active = active_rubric(session)
        scored = {s.recording_id for s in scores if s.rubric_id == active.id}
        for recording in recordings_:
            if recording.status is RecordingStatus.done:
                assert recording.id in scored, f"recording {recording.id} done without a score"

        # The audit trail matches the rows: each review was opened, finalized, commented and overridden exactly
        # as its events say; each audited agent and deletion is there, and nothing else.
        events = defaultdict(list)
        for event in session.exec(select(AuditEvent).order_by(AuditEvent.id)):
            events[(event.action, event.entity_id)].append(event)
        review_rows = session.exec(select(Review)).all()
        overrides = defaultdict(dict)
        for override in session.exec(select(ReviewOverride)):
            overrides[override.review_id][override.criterion] = override
        for review in review_rows:
            assert len(events[("review.open", review.id)]) == 1, f"review {review.id} not audited"
            assert len(events[("review.finalize", review.id)]) == (review.state is ReviewState.final)
            comments = events[("review.comment", review.id)]
            assert (comments[-1].after["comment"] if comments else "") == review.overall_comment
            audited = {}
            for event in events[("review.override", review.id)]:
                audited[event.after["criterion"]] = event.after
            for criterion, override in overrides[review.id].items():
                assert criterion in audited, f"review {review.id}: override of {criterion} not audited"
                assert audited[criterion]["verdict"] == override.verdict.value
                assert audited[criterion]["comment"] == override.comment
            assert {c for c, after in audited.items() if after["override"] or after["comment"]} == set(
                overrides[review.id])
        review_ids = {r.id for r in review_rows}
        assert {entity for (action, entity) in events if action.startswith("review.")} <= review_ids
        crash_agents = {a.id for a in session.exec(select(Agent).where(Agent.name.startswith("Crash Agent")))}
        assert crash_agents == {entity for (action, entity) in events if action == "agent.add"}
        deletions = [e for (action, _), group in events.items() if action == "recording.delete" for e in group]
        deleted = {e.entity_id for e in deletions}
        # By content, not id: SQLite hands a deleted newest row's id to the next insert.
        assert not {e.before["sha256"] for e in deletions} & {r.sha256 for r in recordings_}

        # Every commit the writer reported survived the kill.
        for recording_id, n in committed["import"]:
            assert len(turns[transcripts[int(recording_id)].id]) == int(n)
        for recording_id, key in committed["upload"]:
            assert int(recording_id) in by_id or int(recording_id) in deleted
        for (recording_id,) in committed["scored"]:
            assert int(recording_id) in scored
        for review_id, final in committed["review"]:
            review = session.get(Review, int(review_id))
            assert review is not None and (review.state is ReviewState.final) == bool(int(final))
        for (agent_id,) in committed["agent"]:
            assert int(agent_id) in crash_agents
        for (recording_id,) in committed["deleted"]:
            assert int(recording_id) in deleted
        return {"recordings": len(recordings_), "reviews": len(review_rows), "scores": len(scores),
                "interrupted": sum(r.status in (RecordingStatus.transcribing, RecordingStatus.scoring)
                                   for r in recordings_)}


@pytest.mark.both_databases
def test_killing_the_process_mid_write_leaves_the_database_consistent(demo, qa_env):
    started = time.monotonic()
    rng = random.Random(SEED)
    totals = defaultdict(int)
    for round_number in range(ROUNDS):
        dispose_engines()  # the writer gets the database to itself, as after a restart
        writer = Writer(round_number, rng.randrange(1 << 30), qa_env)
        delay = rng.uniform(0.05, 2.0)
        writer.kill_after(delay)
        committed = writer.committed()
        print(f"round {round_number} (QA_CRASH_SEED={SEED}): killed after {delay:.2f} s, {len(writer.lines)} commits "
              f"({', '.join(f'{k} {len(v)}' for k, v in committed.items())})")
        counts = check_consistent(committed)
        for kind, values in committed.items():
            totals[kind] += len(values)
        print(f"  consistent: {counts}")
    assert totals["import"] >= ROUNDS and totals["review"] >= 1, dict(totals)  # the kills fell among writes

    # The app takes over: the schema is current, interrupted calls are recovered, and it writes on.
    assert current_revision() == head_revision()
    requeue_stale(timedelta(microseconds=1))  # (timedelta(0) is falsy: it would mean the default)
    run_queued()
    with session_scope() as session:
        assert not session.exec(select(Recording.id).where(
            Recording.status.in_((RecordingStatus.queued, RecordingStatus.transcribing, RecordingStatus.scoring))
        )).all()
    call = {"id": "after-the-crash", "agent": "Ben Okafor", "turns": [
        {"speaker": "agent", "text": "Thanks for calling, how can I help?"},
        {"speaker": "customer", "text": "Just checking my order."}]}
    with session_scope() as session:
        intake, = recordings.import_transcripts(session, demo["reviewer"], json.dumps(call))
        upload = recordings.upload_recording(session, demo["reviewer"], "after.wav", io.BytesIO(b"after" * 999),
                                             agent_id=None)
    run_queued()
    with session_scope() as session:
        review = reviews.save_review(session, demo["reviewer"], intake.recording_id, expected_version=None, edits={},
                                     overall_comment="After the crash.", finalize=True)
    assert review.state is ReviewState.final and upload.created
    check_consistent({"import": [[str(intake.recording_id), "2"]], "review": [[str(review.id), "1"]]})
    print(f"{ROUNDS} rounds, seed {SEED}, {dict(totals)} commits, {time.monotonic() - started:.1f} s")


# --- the checks can fail: each broken write unit below is caught ------------------------------------------------------

def _raw(sql: str) -> None:
    """A change behind the app's back (SQLite, foreign keys and the audit trail's triggers off)."""
    with get_engine().connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for name in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'auditevent'").scalars().all():
            connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        for statement in sql.split(";"):
            connection.exec_driver_sql(statement)
        connection.commit()


BREAKAGES = {
    "a transcript lost its last turn": lambda ids: _raw(
        "DELETE FROM turn WHERE id = (SELECT max(id) FROM turn)"),
    "a score lost a criterion result": lambda ids: _raw(
        "DELETE FROM criterionresult WHERE id = (SELECT max(id) FROM criterionresult)"),
    "an import has no transcript": lambda ids: _raw(
        f"DELETE FROM turn; DELETE FROM transcript WHERE recording_id = {ids['import']}"),
    "a recording's file is gone": lambda ids: default_store().local_path(ids["key"]).unlink(),
    "a turn points at no transcript": lambda ids: _raw(
        "INSERT INTO turn (transcript_id, position, speaker, text, words) VALUES (999, 0, 'agent', 'x', '[]')"),
    "an override without its audit event": lambda ids: _raw(
        "DELETE FROM auditevent WHERE action = 'review.override'"),
    "a review finalized without its audit event": lambda ids: _raw(
        f"UPDATE review SET state = 'final' WHERE id = {ids['review']}"),
    "a comment changed without its audit event": lambda ids: _raw(
        f"UPDATE review SET overall_comment = 'edited' WHERE id = {ids['review']}"),
    "an audited agent is missing": lambda ids: _raw("DELETE FROM agent WHERE name LIKE 'Crash Agent%'"),
    "a reported commit was lost": lambda ids: _raw(f"DELETE FROM reviewoverride; DELETE FROM review; "
                                                   f"DELETE FROM auditevent WHERE action LIKE 'review.%'"),
    "a call is done without a score": lambda ids: _raw(
        f"DELETE FROM criterionresult; DELETE FROM reviewoverride; DELETE FROM review; DELETE FROM score; "
        f"DELETE FROM auditevent WHERE action LIKE 'review.%'"),
}


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """A few write units, whole (SQLite): an import scored and reviewed with an override, an upload, an agent."""
    from qa_app.services import directory
    from qa_app.services.reviews import CriterionEdit
    from qa_app.storage.migrate import upgrade
    from qa_app.storage.models import Verdict

    root = tmp_path_factory.mktemp("crash-checks")
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_installation(monkeypatch, root)
        upgrade()
        who = seed_demo_users()
        call = {"id": "crash-9-0-n3", "agent": "Ana Torres", "turns": [
            {"speaker": "agent", "text": "Hello, how can I help?"}, {"speaker": "customer", "text": "It is late."},
            {"speaker": "agent", "text": "I'm sorry, I'll send it by express today."}]}
        with session_scope() as session:
            intake, = recordings.import_transcripts(session, who["reviewer"], json.dumps(call), source="crash")
            upload = recordings.upload_recording(session, who["reviewer"], "x.wav", io.BytesIO(b"noise" * 999),
                                                 agent_id=None)
            key = session.get(Recording, upload.recording_id).stored_path
            directory.add_agent(session, who["admin"], "Crash Agent 9-0", None)
        run_queued()
        with session_scope() as session:
            review = reviews.save_review(session, who["reviewer"], intake.recording_id, expected_version=None,
                                         edits={"empathy": CriterionEdit(Verdict.not_met, "no")},
                                         overall_comment="ok")
        committed = {"import": [[str(intake.recording_id), "3"]], "review": [[str(review.id), "0"]]}
        check_consistent(committed)  # whole before it is broken
        dispose_engines()
    return root, committed, {"import": intake.recording_id, "key": key, "review": review.id}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_checks_catch_a_broken_write_unit(small_world, tmp_path, monkeypatch, breakage):
    """Each check can fail: a write unit broken behind the app's back is caught, by the check meant for it."""
    pristine, committed, ids = small_world
    shutil.copytree(pristine, tmp_path / "copy")
    use_installation(monkeypatch, tmp_path / "copy")
    try:
        BREAKAGES[breakage](ids)
        with pytest.raises(AssertionError) as caught:
            check_consistent(committed)
        print(f"{breakage}: {str(caught.value).splitlines()[0]}")
    finally:
        dispose_engines()

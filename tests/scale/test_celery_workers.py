"""Celery mode for real: Redis, PostgreSQL, two `qa-app worker` processes, one killed with SIGKILL mid-call.

Every call must end done exactly once — no lost recording, no second transcript or score — the killed worker's
call taken back by the survivor once its heartbeat went stale.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func
from sqlmodel import select

from qa_app.jobs import celery_app
from qa_app.services import recordings
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus, Score, Transcript
from tests.conftest import FIXTURES, test_server

CLI = [sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())"]
STALE_SECONDS = 8
AUDIO = ["call_16k_stereo.flac", "call_8k_stereo_agent_right.wav", "call_16k_mono.flac", "call_8k_mono.wav"]

pytestmark = pytest.mark.redis


@pytest.fixture
def broker(qa_env, monkeypatch):
    """A Redis database of its own, emptied, as this installation's broker."""
    import redis

    url = test_server("QA_TEST_REDIS_URL").rstrip("/") + "/13"
    redis.Redis.from_url(url).flushdb()
    monkeypatch.setenv("QA_BROKER_URL", url)
    monkeypatch.setenv("QA_JOB_STALE_SECONDS", str(STALE_SECONDS))
    yield url
    celery_app.celery_app.cache_clear()
    redis.Redis.from_url(url).flushdb()


def twenty_calls(identity) -> list[int]:
    """Four recordings (queued first, so the first worker starts on audio) and sixteen imported transcripts."""
    ids = []
    for name in AUDIO:
        with session_scope() as session:
            ids.append(recordings.upload_recording(session, identity, name, io.BytesIO(
                (FIXTURES / "audio" / name).read_bytes()), agent_id=identity.agent_id or 1).recording_id)
    base = [json.loads(line) for line in (FIXTURES / "calls.jsonl").read_text().splitlines() if line.strip()]
    lines = [json.dumps({**base[n % len(base)], "id": f"crash-test-{n}"}) for n in range(16)]
    with session_scope() as session:
        ids += [i.recording_id for i in recordings.import_transcripts(session, identity, "\n".join(lines))]
    return ids


def start_worker(log_path) -> subprocess.Popen:
    log = open(log_path, "w")
    return subprocess.Popen([*CLI, "worker", "--concurrency", "1", "--loglevel", "INFO"], stdout=log,
                            stderr=subprocess.STDOUT, env=dict(os.environ), start_new_session=True)


def statuses() -> dict[int, Recording]:
    with session_scope() as session:
        return {r.id: r for r in session.exec(select(Recording))}


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_worker_killed_mid_call_loses_nothing_and_duplicates_nothing(demo, broker, tmp_path):
    ids = twenty_calls(demo["reviewer"])
    assert len(ids) == 20
    logs = {name: tmp_path / f"worker-{name}.log" for name in "ab"}
    workers = {name: start_worker(log) for name, log in logs.items()}
    try:
        for log in logs.values():
            wait_for(lambda: "ready." in log.read_text(), 120, f"{log.name} to be ready")
        # Both take audio calls first; the worker holding the first call seen transcribing dies mid-call.
        held = wait_for(lambda: [r.id for r in statuses().values() if r.status is RecordingStatus.transcribing],
                        180, "a worker to start transcribing")[0]
        victim, survivor = wait_for(lambda: next(((name, other) for name, other in ("ab", "ba")
                                                  if f"processing call #{held}\n" in logs[name].read_text()), None),
                                    30, f"the worker holding call #{held}")
        assert statuses()[held].status is RecordingStatus.transcribing
        os.killpg(workers[victim].pid, signal.SIGKILL)
        workers[victim].wait(timeout=30)

        def all_finished():
            rows = statuses()
            return rows if all(r.status in (RecordingStatus.done, RecordingStatus.failed) for r in rows.values()) \
                else None

        rows = wait_for(all_finished, 300, "every call to finish (see the survivor's log)")
    finally:
        for process in workers.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    assert {r.status for r in rows.values()} == {RecordingStatus.done}, {r.id: r.error for r in rows.values()}
    assert sorted(rows) == sorted(ids)
    assert rows[held].attempts == 2  # the killed attempt, then the survivor's
    assert all(r.attempts == 1 for r in rows.values() if r.id != held)
    with session_scope() as session:
        transcripts = dict(session.exec(select(Transcript.recording_id, func.count())
                                        .group_by(Transcript.recording_id)).all())
        scores = dict(session.exec(select(Score.recording_id, func.count()).group_by(Score.recording_id)).all())
    assert transcripts == {recording_id: 1 for recording_id in ids}
    assert scores == {recording_id: 1 for recording_id in ids}
    for recording_id in ids[:len(AUDIO)]:
        assert default_store().local_path(rows[recording_id].stored_path).read_bytes() == \
            (FIXTURES / "audio" / rows[recording_id].original_filename).read_bytes()
    assert "took back 1 call(s)" in logs[survivor].read_text()

"""`qa-app bench ingest`: a folder of calls through the whole pipeline with N worker processes, timed.

Each run starts from a fresh scratch installation: the folder is ingested (stored, probed, queued; timed apart),
then N `qa-app worker --local --drain` processes — what a deployment runs, minus the broker — transcribe and
score every call and exit when the queue is empty. Wall time runs from the workers' start to the last one's
exit, so it includes each worker loading Whisper and spaCy once, as a freshly started worker would.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from qa_app.bench.scratch import scratch_installation
from qa_app.errors import UserError
from qa_app.services.accounts import Identity, create_user
from qa_app.services.ingest import Rules, find_sources, ingest
from qa_app.services.rubrics import ensure_default_rubric
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus, Role

CLI = [sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class IngestRun:
    workers: int
    calls: int  # processed to the end (done)
    failed: int
    audio_hours: float  # of the calls done
    intake_seconds: float
    processing_seconds: float
    calls_per_hour: float
    audio_hours_per_wall_hour: float

    def to_dict(self) -> dict:
        return asdict(self)


def _bench_admin() -> Identity:
    with session_scope() as session:
        ensure_default_rubric(session)
        return Identity.of(create_user(session, "bench", secrets.token_urlsafe(16), Role.admin))


def run(folder: Path, workers: int, *, agent_channel: str = "left", database_url: str | None = None) -> IngestRun:
    sources = find_sources([folder])
    if not sources:
        raise UserError(f"{folder}: no recordings found.")
    with scratch_installation(database_url) as env:
        identity = _bench_admin()
        started = time.perf_counter()
        for _ in ingest(identity, sources, Rules.of(agent="Bench Agent", agent_channel=agent_channel)):
            pass
        intake_seconds = time.perf_counter() - started

        started = time.perf_counter()
        processes = [subprocess.Popen([*CLI, "worker", "--local", "--drain", "--loglevel", "WARNING"],
                                      env={**os.environ, **env}, stdout=subprocess.DEVNULL)
                     for _ in range(workers)]
        if any(process.wait() != 0 for process in processes):
            raise UserError("A worker exited with an error; see its messages above.")
        seconds = time.perf_counter() - started

        with session_scope() as session:
            done, audio = session.exec(select(func.count(), func.coalesce(func.sum(Recording.duration), 0.0))
                                       .where(Recording.status == RecordingStatus.done)).one()
            failed = session.exec(select(func.count()).where(Recording.status == RecordingStatus.failed)).one()
    hours = audio / 3600
    return IngestRun(workers, done, failed, round(hours, 3), round(intake_seconds, 1), round(seconds, 1),
                     round(done / seconds * 3600, 1), round(hours / (seconds / 3600), 2))

"""Jobs on Celery: with ``QA_BROKER_URL`` (Redis) set, each queued call is a Celery task and `qa-app worker`
processes on any number of machines run them, sharing the database and the recordings store.

The database stays the source of truth, so the broker may deliver a task twice without harm:
- a task is claim + process: only the worker whose claim moves the call out of ``queued`` processes it, and a
  duplicate delivery (or a task for a call already done) is a no-op;
- tasks are acknowledged late, one at a time per pool process (prefetch 1), and rejected back to the queue when
  their pool process dies (``reject_on_worker_lost``);
- a worker machine lost outright takes its unacknowledged task with it until the broker's visibility timeout,
  so every worker also sweeps: calls whose heartbeat went stale are queued again (failed after three attempts)
  and get a fresh task.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterable
from functools import lru_cache

from celery import Celery
from celery.signals import worker_ready
from sqlmodel import select

from qa_app.config import get_settings
from qa_app.errors import UserError
from qa_app.jobs import pipeline
from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording, RecordingStatus

log = logging.getLogger(__name__)

QUEUE = "qa-app"
TASK = "qa_app.process_recording"


def run_job(recording_id: int) -> str:
    """The task: claim the call, process it; a call that broke and gets another attempt gets another task."""
    if not pipeline.claim(recording_id):
        return "skipped"  # done, failed, or running elsewhere: a duplicate delivery
    log.info("processing call #%d", recording_id)
    status = pipeline.process(recording_id)
    if status is RecordingStatus.queued:
        enqueue([recording_id])
    return status.value


@lru_cache(maxsize=4)
def celery_app(broker_url: str) -> Celery:
    app = Celery("qa_app", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,  # results live in the database
        worker_prefetch_multiplier=1,  # a waiting call goes to whichever worker is free, not one busy for minutes
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
    )
    app.task(name=TASK, acks_late=True, reject_on_worker_lost=True)(run_job)
    return app


def _app() -> Celery:
    broker_url = get_settings().broker_url
    if not broker_url:
        raise UserError("QA_BROKER_URL is not set: there is no broker to send jobs to.")
    return celery_app(broker_url)


def enqueue(recording_ids: Iterable[int]) -> int:
    """Send one task per call; returns how many were sent."""
    app = _app()
    sent = 0
    with app.producer_or_acquire() as producer:
        for recording_id in recording_ids:
            app.send_task(TASK, args=[int(recording_id)], queue=QUEUE, producer=producer)
            sent += 1
    return sent


def queued_ids() -> list[int]:
    with session_scope() as session:
        return list(session.exec(select(Recording.id).where(Recording.status == RecordingStatus.queued)
                                 .order_by(Recording.id)))


def sweep() -> int:
    """Queue again the calls of workers that stopped beating, with a task each; returns how many."""
    return enqueue(pipeline.requeue_stale())


def _sweep_forever(every: float, stop: threading.Event) -> None:
    while not stop.wait(every):
        try:
            if taken := sweep():
                log.warning("took back %d call(s) from workers that stopped", taken)
        except Exception:  # the sweeper must outlive a database or broker hiccup
            log.exception("sweep failed")


def run_worker(concurrency: int = 1, loglevel: str = "INFO") -> None:
    """Run a Celery worker in the foreground until it is stopped (Ctrl-C: warm shutdown)."""
    app = _app()
    # Calls queued while no broker could be reached (or before the switch to Celery) have no task yet.
    # Sending them again is safe: a second task for the same call finds it claimed and does nothing.
    sweep()
    if waiting := enqueue(queued_ids()):
        log.warning("sent %d queued call(s) to the broker", waiting)
    stop = threading.Event()

    def start_sweeper(**_) -> None:  # in the main process, after the pool's processes were forked
        every = max(get_settings().job_stale_seconds / 2, 1.0)
        threading.Thread(target=_sweep_forever, args=(every, stop), name="qa-sweeper", daemon=True).start()

    worker_ready.connect(start_sweeper, weak=False)
    try:
        app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", f"--queues={QUEUE}",
                         f"--hostname=qa-app-{os.getpid()}@{socket.gethostname()}",
                         "--without-gossip", "--without-mingle", "--without-heartbeat"])
    finally:
        stop.set()
        worker_ready.disconnect(start_sweeper)

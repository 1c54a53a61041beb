"""The embedded job runner: worker threads inside the app process (or `qa-app worker --local`) that take queued
calls from the database. No extra service; the database row is the queue, so jobs survive a restart."""

from __future__ import annotations

import logging
import threading

from qa_app.jobs import pipeline

log = logging.getLogger(__name__)


class LocalWorker:
    def __init__(self, threads: int = 1, poll_seconds: float = 1.0):
        self.threads = threads
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def start(self) -> "LocalWorker":
        pipeline.requeue_stale()
        for number in range(self.threads):
            thread = threading.Thread(target=self._loop, name=f"qa-worker-{number}", daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def wake(self) -> None:
        """New work was queued: look now instead of at the next poll."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._workers:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                processed = pipeline.run_queued(limit=1)
                if not processed:
                    pipeline.requeue_stale()
            except Exception:  # the loop must survive a database hiccup; the job itself records its failure
                log.exception("local worker loop error")
                processed = 0
            if not processed:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()


def drain(threads: int = 1) -> int:
    """Process every queued call with ``threads`` threads in the foreground, then return how many were processed.

    Other workers may drain the same queue at the same time: each call is claimed by one of them.
    """
    pipeline.requeue_stale()
    counts: list[int] = []
    workers = [threading.Thread(target=lambda: counts.append(pipeline.run_queued()), name=f"qa-drain-{number}")
               for number in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return sum(counts)


_shared: LocalWorker | None = None
_shared_lock = threading.Lock()


def shared_worker() -> LocalWorker:
    """The process's one embedded worker, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = LocalWorker().start()
        return _shared


def stop_shared_worker() -> None:
    """Stop the embedded worker if one was started (tests, and a clean shutdown)."""
    global _shared
    with _shared_lock:
        worker, _shared = _shared, None
    if worker is not None:
        worker.stop(timeout=30)

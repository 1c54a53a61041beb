"""Background processing of calls: the pipeline (one call's stages) and the runners that execute it.

Two runners, one pipeline. Embedded (the default): worker threads in the app process, or `qa-app worker --local`,
take queued calls straight from the database. Distributed (``QA_BROKER_URL`` set): every queued call is also a
Celery task, sent once the transaction that queued it commits, and `qa-app worker` processes anywhere run them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import event
from sqlmodel import Session

from qa_app.config import get_settings

log = logging.getLogger(__name__)

_PENDING = "qa_app.jobs.pending"


def notify_queued() -> None:
    """Tell the embedded runner that calls are waiting (with a broker, tasks were already sent on commit).

    The embedded runner polls the database anyway; waking it just saves the poll interval.
    """
    if get_settings().broker_url:
        return
    from qa_app.jobs.local import shared_worker

    shared_worker().wake()


def enqueue_after_commit(session: Session, recording_ids: Iterable[int]) -> None:
    """Send a task for each of these calls once ``session`` commits — never before, or a worker could look for a
    row it cannot see yet. Without a broker the database row is the whole queue, and this does nothing."""
    if not get_settings().broker_url:
        return
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
    pending.extend(recording_ids)


def _drop_pending(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:  # a savepoint rolled back leaves the outer transaction's calls queued
        session.info[_PENDING] = []


def _send_pending(session: Session) -> None:
    recording_ids, session.info[_PENDING] = session.info[_PENDING], []
    if not recording_ids:
        return
    from qa_app.jobs.celery_app import enqueue

    try:
        enqueue(recording_ids)
    except Exception:  # the calls are stored and queued in the database; a worker enqueues them when it starts
        log.exception("could not reach the broker; %d queued call(s) wait for the next worker start",
                      len(recording_ids))

"""Background processing of calls: the pipeline (one call's stages) and the runners that execute it."""

from __future__ import annotations

from qa_app.config import get_settings


def notify_queued() -> None:
    """Tell whichever runner is configured that calls are waiting.

    The embedded runner polls the database anyway; waking it just saves the poll interval.
    """
    if get_settings().broker_url:
        return
    from qa_app.jobs.local import shared_worker

    shared_worker().wake()

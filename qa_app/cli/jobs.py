"""``qa-app worker``: run the jobs that process calls, embedded (``--local``) or on Celery (``QA_BROKER_URL``)."""

from __future__ import annotations

import logging
import signal

import typer

from qa_app.cli.app import app
from qa_app.config import get_settings
from qa_app.errors import UserError


@app.command()
def worker(
    local: bool = typer.Option(False, "--local", help="Run the embedded worker in the foreground: no broker, the "
                                                      "database is the queue."),
    concurrency: int = typer.Option(1, min=1, help="Calls processed at once (Celery pool processes, or threads "
                                                   "with --local)."),
    drain: bool = typer.Option(False, "--drain", help="With --local: process what is queued, then exit."),
    loglevel: str = typer.Option("INFO", help="Log level: DEBUG, INFO, WARNING, ERROR."),
) -> int:
    """Process queued calls: transcribe, score, store. Without --local this is a Celery worker (QA_BROKER_URL);
    start as many as you like, on any machine that shares the database and the recordings store."""
    logging.basicConfig(level=loglevel.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if drain and not local:
        raise UserError("--drain works with --local; a Celery worker runs until it is stopped.")
    if not local:
        if not get_settings().broker_url:
            raise UserError("QA_BROKER_URL is not set: point it at Redis (redis://host:6379/0) for a Celery worker, "
                            "or run the embedded worker with --local.")
        from qa_app.jobs.celery_app import run_worker

        run_worker(concurrency=concurrency, loglevel=loglevel.upper())
        return 0

    from qa_app.jobs.local import LocalWorker, drain as drain_queue

    if drain:
        typer.echo(f"processed {drain_queue(concurrency)} call(s)")
        return 0
    running = LocalWorker(threads=concurrency).start()
    typer.echo(f"embedded worker running with {concurrency} thread(s); Ctrl-C stops it after the current call")
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        typer.echo("stopping: finishing the current call (Ctrl-C again to stop at once; the call is then retried)")
        running.stop()
    return 0

"""The ``qa-app`` command line. Each module here adds its commands to the Typer apps in ``qa_app.cli.app``."""

from __future__ import annotations

import click

from qa_app.cli import admin  # noqa: F401  (registers commands)
from qa_app.cli import ingest  # noqa: F401  (registers commands)
from qa_app.cli import jobs  # noqa: F401  (registers commands)
from qa_app.cli import scale  # noqa: F401  (registers commands)
from qa_app.cli import scoring  # noqa: F401  (registers commands)
from qa_app.cli import transcribe  # noqa: F401  (registers commands)
from qa_app.cli.app import app
from qa_app.errors import UserError


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit status (the console script passes it to ``sys.exit``).

    User mistakes print one line on stderr and give status 1, never a traceback.
    """
    try:
        result = app(args=argv, standalone_mode=False)
    except UserError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.exceptions.ClickException as exc:
        exc.show()
        return exc.exit_code
    return result if isinstance(result, int) else 0


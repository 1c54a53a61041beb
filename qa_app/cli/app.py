"""The Typer applications that command modules attach to (kept apart from ``__init__`` to avoid import cycles)."""

import typer

app = typer.Typer(
    name="qa-app",
    help="qa-app: transcribe customer-service calls offline, score them against a rubric, track agents' progress.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(bench_app, name="bench")

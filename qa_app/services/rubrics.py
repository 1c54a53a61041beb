"""Rubric versions in the database. A saved version is never edited: saving makes the next version."""

from __future__ import annotations

from importlib.resources import files

from sqlmodel import Session, select

from qa_app.storage.models import Rubric

DEFAULT_RUBRIC_NAME = "default"


def default_rubric_text() -> str:
    return (files("rubrics") / "default.yaml").read_text(encoding="utf-8")


def active_rubric(session: Session) -> Rubric | None:
    return session.exec(select(Rubric).where(Rubric.active).order_by(Rubric.id.desc())).first()


def ensure_default_rubric(session: Session) -> Rubric:
    """Install the packaged default rubric as version 1 unless some rubric is already active."""
    current = active_rubric(session)
    if current is not None:
        return current
    rubric = Rubric(name=DEFAULT_RUBRIC_NAME, version=1, source_text=default_rubric_text(), active=True)
    session.add(rubric)
    session.flush()
    return rubric

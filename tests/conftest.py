"""Shared fixtures: every test that touches storage gets its own data directory and a migrated database."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_app.storage.db import dispose_engines
from qa_app.storage.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def qa_env(tmp_path, monkeypatch):
    """A fresh installation: data directory, recordings store and an upgraded SQLite database under tmp_path."""
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QA_RECORDINGS_DIR", str(tmp_path / "recordings"))
    monkeypatch.delenv("QA_DATABASE_URL", raising=False)
    dispose_engines()
    upgrade()
    yield tmp_path
    dispose_engines()

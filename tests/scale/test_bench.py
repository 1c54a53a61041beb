"""The scale benchmarks run end to end on small inputs and print the figures they promise."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import func
from sqlmodel import select

from qa_app.storage.db import session_scope
from qa_app.storage.models import Recording
from tests.conftest import FIXTURES, test_server

CLI = [sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())"]


def bench(*args: str) -> dict | list:
    result = subprocess.run([*CLI, "bench", *args, "--json"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("server", ["sqlite", "postgresql"])
def test_bench_progress_times_every_progress_query(qa_env, server):
    extra = () if server == "sqlite" else ("--database-url", test_server("QA_TEST_POSTGRES_URL"))
    figures = bench("progress", "--calls", "600", "--repeat", "1", *extra)
    assert figures["calls"] == 600 and figures["database"] == server
    assert {"agent_scores_week", "team_scores_month", "criterion_pass_rates_month", "heatmap", "most_missed",
            "criterion_pass_rates_month_after_20_changes"} <= set(figures["queries_ms"])
    assert all(ms >= 0 for ms in figures["queries_ms"].values())
    assert figures["rows"]["most_missed"] == 15  # every criterion of the default rubric
    with session_scope() as session:  # the seed went to a scratch database, not the configured one
        assert session.exec(select(func.count()).select_from(Recording)).one() == 0


@pytest.mark.slow
def test_bench_ingest_processes_a_folder_with_n_workers(qa_env, tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    shutil.copy(FIXTURES / "audio" / "call_16k_stereo.flac", folder)
    (folder / "broken.wav").write_bytes(b"not audio" * 100)
    [run] = bench("ingest", str(folder), "--workers", "1")
    assert (run["workers"], run["calls"], run["failed"]) == (1, 1, 1)
    assert run["audio_hours"] == pytest.approx(22.4 / 3600, abs=0.001)
    assert run["calls_per_hour"] > 0 and run["audio_hours_per_wall_hour"] > 0

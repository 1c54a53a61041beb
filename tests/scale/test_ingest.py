"""`qa-app ingest`: folders of recordings stored once, agents and dates read from paths, Ctrl-C safe and resumable."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from qa_app.errors import UserError
from qa_app.services.ingest import Rules, Source
from qa_app.storage.blobs import default_store
from qa_app.storage.db import session_scope
from qa_app.storage.models import Agent, Recording, RecordingStatus
from tests.conftest import FIXTURES

CLI = [sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())"]


def qa_app(*args: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, **popen)


def recordings() -> list[Recording]:
    with session_scope() as session:
        return list(session.exec(select(Recording).order_by(Recording.id)))


def tone(path: Path, frequency: int) -> Path:
    """A distinct short recording (its own content, so its own sha256)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "2", str(path), "synth", "0.3", "sine", str(frequency)],
                   check=True)
    return path


@pytest.fixture
def calls_folder(tmp_path):
    folder = tmp_path / "export"
    for agent, day, name in (("ana_torres", "2026-02-03", "call_16k_stereo.flac"),
                             ("ben_okafor", "2026-02-04", "call_8k_stereo_agent_right.wav"),
                             ("new_agent", "20260205", "call_16k_mono.flac")):
        (folder / agent).mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "audio" / name, folder / agent / f"{day}_{name}")
    (folder / "ben_okafor" / "2026-02-06_notes.txt").write_text("not a recording")
    (folder / "ben_okafor" / "2026-02-07_broken.wav").write_bytes(b"RIFF but not really audio" * 40)
    (folder / ".trash").mkdir()
    shutil.copy(FIXTURES / "audio" / "call_8k_mono.wav", folder / ".trash" / "2026-02-08_hidden.wav")
    return folder


def test_a_folder_is_ingested_with_agents_and_dates_from_paths_and_a_rerun_stores_nothing(demo, calls_folder):
    args = ("ingest", str(calls_folder), "--agent-from", r"([a-z]+_[a-z]+)/[^/]+$", "--date-from",
            r"(\d{4}-?\d\d-?\d\d)_")
    first = qa_app(*args)
    assert first.returncode == 0, first.stderr
    assert "4 of 4 file(s)" in first.stdout and "3 stored and queued" in first.stdout and "1 unusable" in first.stdout
    assert "ingest" in first.stderr and "4/4" in first.stderr  # the progress bar
    stored = recordings()
    with session_scope() as session:
        agents = {agent.id: agent.name for agent in session.exec(select(Agent))}
    by_name = {r.original_filename: r for r in stored}
    assert agents[by_name["2026-02-03_call_16k_stereo.flac"].agent_id] == "Ana Torres"  # matched, not created
    assert agents[by_name["2026-02-04_call_8k_stereo_agent_right.wav"].agent_id] == "Ben Okafor"
    assert agents[by_name["20260205_call_16k_mono.flac"].agent_id] == "new agent"  # created, like an import
    assert by_name["20260205_call_16k_mono.flac"].call_date == date(2026, 2, 5)
    assert by_name["20260205_call_16k_mono.flac"].agent_channel == "mono"
    assert by_name["2026-02-07_broken.wav"].status is RecordingStatus.failed
    assert all(default_store().local_path(r.stored_path).is_file() for r in stored)

    again = qa_app(*args)
    assert again.returncode == 0, again.stderr
    assert "0 stored and queued, 4 already stored" in again.stdout
    assert [r.id for r in recordings()] == [r.id for r in stored]


def test_files_the_rules_cannot_place_are_reported_and_the_rest_go_in(demo, calls_folder):
    result = qa_app("ingest", str(calls_folder), "--agent-from", r"(ana_torres)/")
    assert result.returncode == 1
    assert result.stderr.count("--agent-from finds no agent name") == 3
    assert "1 stored and queued" in result.stdout and "3 error(s)" in result.stdout
    assert len(recordings()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (("--agent", "Ana Torres", "--agent-from", "x"), "either --agent or --agent-from"),
    (("--agent-from", "(unclosed"), "--agent-from: not a valid regular expression"),
    (("--agent-channel", "middle"), "agent channel is one of left, right, mono"),
    (("--as", "nobody"), "No active user 'nobody'"),
    (("--as", "trainer"), "You do not have access"),
])
def test_bad_options_stop_before_anything_is_stored(demo, calls_folder, args, message):
    result = qa_app("ingest", str(calls_folder), *args)
    assert result.returncode == 1 and message in result.stderr
    assert recordings() == []


def test_a_missing_path_stops_before_anything_is_stored(demo, calls_folder):
    result = qa_app("ingest", str(calls_folder), str(calls_folder / "missing.wav"))
    assert result.returncode == 1 and "missing.wav: no such file or folder" in result.stderr
    assert recordings() == []


@pytest.mark.parametrize(("pattern", "name", "expected"), [
    (r"\d{4}-\d\d-\d\d", "x/2026-02-03_a.wav", date(2026, 2, 3)),
    (r"(\d{8})", "x/call-20260203-0930.wav", date(2026, 2, 3)),
    (r"(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>\d{4})", "x/03.02.2026.wav", date(2026, 2, 3)),
    (r"(\d{4}/\d\d/\d\d)", "2026/02/03/a.wav", date(2026, 2, 3)),
])
def test_dates_are_read_in_the_usual_spellings(pattern, name, expected):
    assert Rules.of(date_from=pattern).call_date(Source(Path(name), name)) == expected


def test_a_date_that_is_not_one_is_refused():
    with pytest.raises(UserError, match="not a date"):
        Rules.of(date_from=r"\d{8}").call_date(Source(Path("x"), "x/20261345.wav"))


def test_ctrl_c_stops_between_two_files_and_the_next_run_continues(demo, tmp_path):
    folder = tmp_path / "many"
    for number in range(150):
        tone(folder / f"call-{number:03d}.wav", 200 + 7 * number)
    args = ("ingest", str(folder), "--agent", "Ana Torres")
    process = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(recordings()) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "interrupted: run the same command again to continue" in stderr
    stored = recordings()
    assert 5 <= len(stored) < 150
    # Nothing half-done: every row has its file, no temporary file is left, nothing is stored twice.
    assert all(default_store().local_path(r.stored_path).is_file() for r in stored)
    assert not [p for p in (tmp_path / "recordings").rglob(".incoming-*")]

    resumed = qa_app(*args)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{150 - len(stored)} stored and queued, {len(stored)} already stored" in resumed.stdout
    final = recordings()
    assert len(final) == 150 and len({r.sha256 for r in final}) == 150
    assert {r.status for r in final} == {RecordingStatus.queued}

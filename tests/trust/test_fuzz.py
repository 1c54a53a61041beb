"""A short atheris fuzz run over each parser and decoder (tests/fuzz/fuzz_parsers.py), in a subprocess each.

Each target runs for QA_FUZZ_SECONDS (default 15: about 80 s for the four in CI, start-up included); a crash (an
exception other than the target's own error), a hang over 10 s or memory over 2 GB fails the test with the
fuzzer's report, and the crashing input is left in the test's temporary directory. The number of executions is
printed (pytest -s, or the report's captured output). A longer local run:

    QA_FUZZ_SECONDS=300 .venv/bin/python -m pytest tests/trust/test_fuzz.py -s
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_parsers.py"
SECONDS = int(os.environ.get("QA_FUZZ_SECONDS", "15"))
MAX_LEN = {"rubric": 8192, "drill": 8192, "transcript": 4096, "audio": 16384}


@pytest.mark.parametrize("target", list(MAX_LEN))
def test_fuzz_target_survives_a_short_run(target, tmp_path):
    command = [sys.executable, str(HARNESS), target, str(tmp_path / "corpus"), f"-max_total_time={SECONDS}",
               f"-max_len={MAX_LEN[target]}", "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1",
               f"-artifact_prefix={tmp_path}/"]
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=SECONDS + 120,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    report = done.stdout + done.stderr
    runs = re.search(r"Done (\d+) runs in (\d+) second", report)
    print(f"fuzz {target}: {runs.group(1) if runs else '?'} executions in {runs.group(2) if runs else '?'} s "
          f"(exit code {done.returncode})")
    assert done.returncode == 0, f"the {target} fuzzer found a crash (input in {tmp_path}):\n{report[-6000:]}"
    assert runs and int(runs.group(1)) > 0, report[-3000:]

"""A real qa-app server and a real headless Chromium (Debian's), for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("QA_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def seed_demo_logins(data_dir: Path) -> dict[str, str]:
    """Seed the demo with `qa-app demo`, as a lead would; the demo passwords by username."""
    from qa_app.cli import main

    assert main(["demo"]) == 0
    return {d["username"]: d["password"] for d in json.loads((data_dir / "demo-logins.json").read_text())}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(log_path: Path, timeout: float = 60):
    """`qa-app serve` on a free port with the caller's QA_* environment; yields the base URL."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from qa_app.cli import main; sys.exit(main())", "serve",
             "--server.port", str(port), "--server.address", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                        if response.read() == b"ok":
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"qa-app serve did not come up; see {log_path}")
                time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def chromium_page(screenshots: Path, extra_args: Sequence[str] = ()):
    """A page in headless Chromium; ``extra_args`` add switches (e.g. a fake microphone playing a file)."""
    from playwright.sync_api import sync_playwright

    screenshots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(extra_args),
                                             headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()

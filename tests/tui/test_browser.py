"""`quizprep serve` (issue 17) in a real browser: the server starts, headless Chromium opens
the home page, opens a question, and the question's screen (its title) reaches the page. The
terminal is drawn on a canvas, so the test reads what the page received over its websocket.
Skips with a reason where Chromium or Playwright is missing (.ci/run installs Chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is missing")
pytest.importorskip("textual_serve", reason="textual-serve (the serve extra) is missing")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here (apt install chromium)")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PATIENCE = 300.0
"""A guard against a hang, never a speed target: events are waited for, not timed."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    home = tmp_path / "home"
    process = subprocess.Popen(
        [sys.executable, "-m", "quizprep", "serve", "--port", str(port)],
        env={**os.environ, "QUIZPREP_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed before it listens
        assert "serving on http://127.0.0.1" in line, line
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                assert process.poll() is None, "quizprep serve exited"
                assert time.monotonic() < deadline, "quizprep serve never listened"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_a_browser_opens_the_home_page_and_a_question(server: str) -> None:
    received: list[str] = []

    def wait_for(text: str, since: int = 0) -> int:
        deadline = time.monotonic() + PATIENCE
        while text not in "".join(received[since:]):
            assert time.monotonic() < deadline, f"{text!r} never reached the page"
            page.wait_for_timeout(100)
        return len(received)

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived",
                    lambda f: received.append(
                        f if isinstance(f, str) else f.decode("utf-8", "replace")
                    ),
                ),
            )
            page.goto(server)
            seen = wait_for("Topics")  # the home screen
            wait_for("Modern deep learning")  # the second built-in pack's topic group
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")  # the first question of the first topic
            wait_for("#1 · Basics", since=seen)
            wait_for("What is deep learning?", since=seen)
        finally:
            browser.close()

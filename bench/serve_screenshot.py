"""A screenshot of `quizprep serve` in headless Chromium: the home page, then a question.

Run with `python bench/serve_screenshot.py [--out DIR]` (needs Chromium and the dev extra's
Playwright). It starts the server on a free port with a fresh QUIZPREP_HOME, opens the page,
saves home.png, opens the first question and saves question.png; it also prints how long the
home page took to arrive. Pictures and numbers go into notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("."))
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no Chromium here (apt install chromium)", file=sys.stderr)
        return 1
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = tempfile.mkdtemp(prefix="quizprep-serve-")
    server = subprocess.Popen(
        [sys.executable, "-m", "quizprep", "serve", "--port", str(port)],
        env={**os.environ, "QUIZPREP_HOME": home},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                time.sleep(0.05)
        received: list[str] = []
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on(
                "websocket", lambda ws: ws.on("framereceived", lambda f: received.append(str(f)))
            )
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            while "Topics" not in "".join(received):
                page.wait_for_timeout(20)
            print(f"home page painted in {time.perf_counter() - started:.2f} s")
            page.wait_for_timeout(500)
            page.screenshot(path=str(args.out / "home.png"))
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            page.wait_for_timeout(1500)
            page.screenshot(path=str(args.out / "question.png"))
            browser.close()
        print(f"wrote {args.out / 'home.png'} and {args.out / 'question.png'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

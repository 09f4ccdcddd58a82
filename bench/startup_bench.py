"""Time from launching `quizprep` in a real terminal (tmux, 80x24) to the first painted screen.

Polls `tmux capture-pane` every 10 ms until the home screen's "Topics" title is on screen, and
reports the median over `--repeat` launches. Numbers go into notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def first_paint_seconds(home: Path) -> float:
    session = f"quizprep-bench-{os.getpid()}"
    quizprep = Path(sys.executable).with_name("quizprep")
    command = f"QUIZPREP_HOME={home} {quizprep}"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True
    )
    try:
        while time.perf_counter() - started < 30:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if "Topics" in screen and "Questions" not in screen.split("Topics")[0]:
                return time.perf_counter() - started
            time.sleep(0.01)
        raise SystemExit("the home screen did not appear within 30 s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("needs tmux")
    home = Path(tempfile.mkdtemp(prefix="quizprep-startup-"))
    try:
        first_paint_seconds(home)  # the first launch creates the database; not counted
        times = [first_paint_seconds(home) for _ in range(args.repeat)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(
        f"time to first paint (tmux 80x24): median {statistics.median(times):.2f} s, "
        f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} launches"
    )


if __name__ == "__main__":
    main()

"""Nothing is lost (DESIGN invariant 6): a writer killed with SIGKILL leaves every commit intact."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from quizprep.progress import ProgressStore, Rating

path, start = sys.argv[1], int(sys.argv[2])
now = datetime(2025, 3, 1, tzinfo=UTC) + timedelta(seconds=start)
store = ProgressStore(path)
print("open", flush=True)
index = start
while True:
    now += timedelta(seconds=1)
    store.record_quiz("crash", index, "choice", index % 2 == 0, str(index), 1.0, now)
    store.review(f"q{index % 7}", Rating(index % 4 + 1), now)
    print(index, flush=True)
    index += 1
"""


def _write_until_killed(path: Path, start: int, delay: float) -> list[int]:
    """Run a writer, SIGKILL it `delay` seconds after it opened the store; the indices it
    reported committed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert child.stdout is not None
    lines: list[str] = []
    opened = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.strip())
            opened.set()
        opened.set()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert opened.wait(30), "the writer never opened the store"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
        reader.join(10)
    assert lines and lines[0] == "open", lines[:3]
    return [int(line) for line in lines[1:] if line]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_between_writes_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    reported: list[int] = []
    for _ in range(5):
        start = reported[-1] + 2 if reported else 0  # +2: skip an index that may be half-done
        reported += _write_until_killed(path, start, rng.uniform(0.05, 0.4))

        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], seed
            stored = {row[0] for row in conn.execute("SELECT item_index FROM quiz_attempts")}
            assert set(reported) <= stored, f"seed {seed}: committed rows lost"
            assert len(stored) <= len(reported) + 5, seed  # at most one in flight per writer
            # review() writes the card and its log together, or neither.
            torn = conn.execute(
                "SELECT COUNT(*) FROM cards WHERE last_review !="
                " (SELECT MAX(at) FROM reviews WHERE reviews.question_id = cards.question_id)"
            ).fetchone()[0]
            assert torn == 0, seed
        finally:
            conn.close()
    assert len(reported) > 20, "the writers were killed before they wrote anything"

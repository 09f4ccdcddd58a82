"""`quizprep watch` (issue 18), driven for real: a subprocess watches a folder, the test saves
files and reads the verdicts it prints. Nothing is timed: the test waits for lines (with a
generous guard against a hang), never for a wall-clock budget."""

from __future__ import annotations

import io
import os
import pty
import queue
import select
import signal
import sqlite3
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import processes_running

PATIENCE = 300.0
"""A guard against a hang, never a speed target."""

WRONG = (  # the known mistake: the short last batch is lost
    "def iterations_per_epoch(n, batch_size, drop_last=False):\n"
    "    if batch_size < 1:\n"
    "        raise ValueError('batch_size must be at least 1')\n"
    "    return n // batch_size\n"
)
RIGHT = (
    "def iterations_per_epoch(n, batch_size, drop_last=False):\n"
    "    if batch_size < 1:\n"
    "        raise ValueError('batch_size must be at least 1')\n"
    "    return n // batch_size if drop_last else -(-n // batch_size)\n"
)


class Watcher:
    """A running `quizprep watch` and the lines it has printed."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.temporary = home / "tmp"  # its own TMPDIR: what it leaves behind shows
        self.temporary.mkdir(parents=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quizprep", "watch", str(folder)],
            env={**os.environ, "QUIZPREP_HOME": str(home), "TMPDIR": str(self.temporary)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> list[str]:
        """The lines printed until one that contains `text` (inclusive)."""
        block = []
        while True:
            try:
                line = self.lines.get(timeout=PATIENCE)
            except queue.Empty:
                raise AssertionError(f"{text!r} never printed; so far: {self.seen}") from None
            self.seen.append(line)
            block.append(line)
            if text in line:
                return block


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watcher]:
    folder = tmp_path / "work"
    folder.mkdir()
    running = Watcher(folder, tmp_path / "home")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_saving_a_file_grades_it_and_records_it(watcher: Watcher, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    watcher.wait_for("watching")
    (folder / "iterations_per_epoch.py").write_text(WRONG)
    verdict = watcher.wait_for("passing")[-1]
    assert "iterations_per_epoch: FAIL" in verdict, verdict
    mistake = watcher.wait_for("drop_last")  # the known mistake comes right after the verdict
    assert len(mistake) == 1, mistake
    (folder / "iterations_per_epoch.py").write_text(RIGHT)
    passed = watcher.wait_for("PASS")
    assert "iterations_per_epoch" in passed[-1]
    watcher.wait_for("next:")  # a pass suggests the next exercise
    (folder / "notes.txt").write_text("not an exercise")
    (folder / "softmax.py").write_text(
        "import numpy as np\n\ndef softmax(x, axis=-1):\n    return x\n"
    )
    softmax = watcher.wait_for("passing")
    assert any("softmax" in line for line in softmax), softmax
    assert not any("notes.txt" in line for line in watcher.seen)
    assert watcher.process.stdin is not None
    watcher.process.stdin.write("q\n")
    watcher.process.stdin.flush()
    assert watcher.process.wait(timeout=PATIENCE) == 0
    with sqlite3.connect(tmp_path / "home" / "progress.sqlite3") as db:
        rows = db.execute(
            "SELECT exercise_id, status FROM exercise_attempts ORDER BY id"
        ).fetchall()
    assert rows == [
        ("iterations_per_epoch", "fail"),
        ("iterations_per_epoch", "pass"),
        ("softmax", "fail"),
    ]


def reference_helpers(parent: int) -> set[int]:
    """The reference helper processes `parent` started (they run `trusted_helper`)."""
    return processes_running(b"trusted_helper", parent)


def test_the_first_save_finds_the_grader_started(watcher: Watcher, tmp_path: Path) -> None:
    """Watch starts what a first grade needs while the learner types (the sandbox, the
    grader, a helper process for the references), so the first save waits for none of it:
    its references come from the helper that was running before it."""
    watcher.wait_for("watching")
    started: set[int] = set()
    deadline = time.monotonic() + PATIENCE  # a guard against a hang, never a speed target
    while not started and time.monotonic() < deadline:
        started = reference_helpers(watcher.process.pid)
        time.sleep(0.05)
    assert started, "no reference helper was started before the first save"
    (tmp_path / "work" / "iterations_per_epoch.py").write_text(RIGHT)
    assert "PASS" in watcher.wait_for("passing")[-1]
    assert reference_helpers(watcher.process.pid) == started  # used, not replaced


def test_the_file_saved_last_is_prepared_as_watch_starts(tmp_path: Path) -> None:
    """The exercise file changed last is the one the learner most likely works on: its next
    grade is prepared at once, so even its first save waits only for the sandbox."""
    from quizprep.bank.catalog import load_catalog
    from quizprep.bank.discovery import discover
    from quizprep.progress.store import ProgressStore
    from quizprep.tui.trainer import Trainer
    from quizprep.watch import Watch

    folder = tmp_path / "work"
    folder.mkdir()
    older = folder / "softmax.py"
    older.write_text("def softmax(x, axis=-1):\n    return x\n")
    os.utime(older, (1, 1))
    (folder / "iterations_per_epoch.py").write_text(WRONG)
    os.utime(folder / "iterations_per_epoch.py", (2, 2))
    catalog = load_catalog(*discover([]))
    trainer = Trainer(catalog.packs, ProgressStore(tmp_path / "p.sqlite3"), folder)
    out = io.StringIO()
    Watch(trainer, catalog, out).prepare_latest([folder])
    assert set(trainer._next_seeds) == {"iterations_per_epoch"}
    assert out.getvalue() == ""


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_quits_cleanly(watcher: Watcher, stop: str) -> None:
    """Ctrl-C, or SIGTERM (how a terminal closing or a process manager stops it): exit 0, no
    traceback, and the sandbox's temporary folder removed."""
    watcher.wait_for("watching")
    watcher.process.send_signal(getattr(signal, stop))
    assert watcher.process.wait(timeout=PATIENCE) == 0
    assert not any("Traceback" in line for line in watcher.seen)
    assert watcher.seen[-1] == "quizprep: stopped watching" or watcher.wait_for("stopped")
    assert list(watcher.temporary.iterdir()) == []


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "watch", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_watching_one_file_ignores_its_neighbours(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "iterations_per_epoch.py"
    target.write_text(WRONG)
    running = Watcher(target, tmp_path / "home")
    try:
        running.wait_for("watching")
        (folder / "softmax.py").write_text("def softmax(x, axis=-1):\n    return x\n")
        target.write_text(RIGHT)
        verdict = running.wait_for("passing")[-1]
        assert verdict.startswith("iterations_per_epoch.py")
        assert not any(line.startswith("softmax.py") for line in running.seen)
    finally:
        running.process.kill()
        running.process.wait()


def test_on_a_terminal_one_q_key_quits_and_the_terminal_is_given_back(tmp_path: Path) -> None:
    """In a terminal `q` alone quits, as the banner says (no Enter), without echoing it; the
    terminal's modes are restored on the way out."""
    folder = tmp_path / "work"
    folder.mkdir()
    leader, follower = pty.openpty()
    before = termios.tcgetattr(follower)
    # A session of its own whose controlling terminal is the pty, as a shell's foreground job
    # (taken in the child itself: a preexec_fn is unsafe where the test process has threads).
    in_terminal = (
        "import fcntl, os, sys, termios\n"
        "fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'quizprep', 'watch', sys.argv[1]])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", in_terminal, str(folder)],
        env={**os.environ, "QUIZPREP_HOME": str(tmp_path / "home")},
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,
    )
    try:
        screen = _read_until(leader, b"(q quits)")
        os.write(leader, b"q")
        screen += _read_until(leader, b"stopped watching")
        assert process.wait(timeout=PATIENCE) == 0
        assert b"Traceback" not in screen
        assert b"q" not in screen.split(b"(q quits)")[1].replace(b"quizprep", b"")  # not echoed
        assert termios.tcgetattr(follower) == before
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
        os.close(follower)


def _read_until(fd: int, marker: bytes) -> bytes:
    """What the terminal shows until `marker` (inclusive)."""
    seen = b""
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], PATIENCE)
        if not ready:
            raise AssertionError(f"{marker!r} never shown; so far: {seen!r}")
        seen += os.read(fd, 4096)
    return seen

"""The app in a real terminal (tmux), driven by keys as a learner drives it: a quiz answer is
checked, the exercise shortcuts work from inside the editor and leave the code intact, math shows
as text, and q quits. Skipped where tmux is missing. Each step waits for what it expects to see
(with a bound far beyond any machine's speed), never for a fixed time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizprep.bank.pack import builtin_pack_dirs, load_pack

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

PATIENCE = 180.0
"""Seconds to wait for something that should appear: only a broken app takes this long."""


class Terminal:
    """One tmux server of our own, running quizprep in a 100x30 window."""

    def __init__(self, home: Path) -> None:
        self.socket = f"quizprep-test-{uuid.uuid4().hex[:8]}"
        command = f"QUIZPREP_HOME={home} {sys.executable} -m quizprep"
        self.tmux("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def wait_for(self, *texts: str) -> str:
        """The screen once one of `texts` is on it."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            shown = self.screen()
            if any(text in shown for text in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared; the screen:\n{self.screen()}")

    def running(self) -> bool:
        return "app" in self.tmux("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path / "home")
    try:
        yield term
    finally:
        term.close()


def test_a_learner_answers_edits_and_quits_with_the_keys_alone(
    terminal: Terminal, tmp_path: Path
) -> None:
    everything = sum(len(load_pack(d).questions) for d in builtin_pack_dirs())
    terminal.wait_for(f"0 of {everything} done")  # both built-in packs
    terminal.keys("Enter")  # question 1
    terminal.wait_for("Q1.")
    terminal.keys("Space", "Enter")  # tick the first option of Q1 (focused), check it
    shown = terminal.wait_for("✓", "✗")  # a verdict, right or wrong
    assert "Pick an option first" not in shown
    terminal.keys("a")  # the model answer: math as text
    shown = terminal.wait_for("Model answer")
    assert "\\frac" not in shown and "$$" not in shown
    terminal.keys("e")  # the exercise, then the code tab with the editor focused
    terminal.wait_for("Task")
    terminal.keys("F2")
    terminal.wait_for("def mlp_forward")
    terminal.keys("End")
    terminal.type("  # mine")
    terminal.keys("C-t")  # the next hint, pressed inside the editor
    terminal.wait_for("Hint 1")
    terminal.keys("F2", "C-s")  # back to the code, and save it
    terminal.wait_for("# mine")
    terminal.keys("C-q")  # quits, even from inside the editor
    deadline = time.monotonic() + PATIENCE
    while terminal.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.running()
    saved = list((tmp_path / "home" / "workspace").rglob("mlp_forward.py"))
    assert saved and "# mine" in saved[0].read_text()

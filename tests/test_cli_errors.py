"""The command line, tried as a new user would: every mistake is one line on stderr and exit 2,
never a traceback; a closed pipe is a quiet exit (DESIGN.md: bad input gets a clear one-line
error)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

F_SETPIPE_SZ = 1031


@pytest.fixture
def folder() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="quizprep-cli-", dir="/var/tmp"))
    (root / "notes.py").write_text("def f():\n    return 1\n")
    (root / "README.txt").write_text("my notes\n")
    try:
        yield root
    finally:
        shutil.rmtree(root)


def quizprep(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizprep", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["grade", "notes.py"], "notes.py"),
        (["grade", "README.txt"], "README.txt"),
        (["grade", "--seed", "-5", "notes.py", "--exercise", "cross_entropy"], "--seed"),
        (["grade", "--seed", str(2**70), "notes.py", "--exercise", "cross_entropy"], "--seed"),
        (["grade", "--workers", "many", "notes.py"], "--workers"),
        (["grade"], "PATH"),
        (["grade", "--bogus", "notes.py"], "--bogus"),
        (["show", "999"], "999"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_a_mistake_is_one_line_and_exit_2(args: list[str], says: str, folder: Path) -> None:
    done = quizprep(*args, cwd=folder)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert says in lines[0], lines[0]


def test_a_file_that_names_no_exercise_says_how_to_grade_it(folder: Path) -> None:
    done = quizprep("grade", "notes.py", cwd=folder)
    assert "--exercise" in done.stderr, done.stderr


def test_a_closed_pipe_is_a_quiet_exit(folder: Path) -> None:
    """`quizprep list --format json | head -c 300`: the reader goes away early (the pipe is
    shrunk to one page so the listing cannot fit in it and the writer meets EPIPE)."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, F_SETPIPE_SZ, 4096)
    process = subprocess.Popen(
        [sys.executable, "-m", "quizprep", "list", "--format", "json"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=folder,
    )
    os.close(write_end)
    assert process.stderr is not None
    assert len(os.read(read_end, 300)) > 0
    os.close(read_end)
    error = process.stderr.read().decode()
    code = process.wait(timeout=300)
    assert "Traceback" not in error and "BrokenPipeError" not in error, error
    assert error == "", error
    assert code == 141  # as a shell reports a program ended by SIGPIPE

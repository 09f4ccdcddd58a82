"""What a batch shows while it runs: a rich progress bar on a terminal, nothing in pipes and CI.

rich is imported only when a bar is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

from quizprep.grading.result import GradeResult

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class BatchProgress(Protocol):
    """What a batch reports while it runs."""

    def start(self, total: int, done: Sequence[GradeResult]) -> None:
        """The batch has `total` submissions, of which `done` are already known."""

    def advance(self, result: GradeResult) -> None:
        """One more submission is graded."""

    def note(self, message: str) -> None:
        """A line for the user (printed so that it never breaks a progress bar)."""

    def stop(self) -> None:
        """The batch is over (finished or interrupted)."""


class QuietProgress:
    """No bar, for pipes and CI: notes are plain lines on stderr."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def start(self, total: int, done: Sequence[GradeResult]) -> None:
        """Nothing to show."""

    def advance(self, result: GradeResult) -> None:
        """Nothing to show."""

    def note(self, message: str) -> None:
        """Print the line."""
        print(message, file=self._stream or sys.stderr, flush=True)

    def stop(self) -> None:
        """Nothing to clean up."""


class RichProgress:
    """A rich progress bar on stderr: done/total, rate, ETA and how many did not pass so far.
    Notes are printed above the bar, never through it."""

    def __init__(self, console: Console | None = None) -> None:
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._failures = 0

    def start(self, total: int, done: Sequence[GradeResult]) -> None:
        """Show the bar, counting the results that are already known."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._failures = sum(r.status != "pass" for r in done)
        self._progress = Progress(
            TextColumn("grading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failures]} not passing"),
            console=self._console or Console(stderr=True),
        )
        self._task = self._progress.add_task(
            "grading", total=total, completed=len(done), failures=self._failures, rate=""
        )
        self._progress.start()

    def advance(self, result: GradeResult) -> None:
        """Move the bar by one."""
        if self._progress is None or self._task is None:
            return
        self._failures += result.status != "pass"
        task = self._progress.tasks[0]
        speed = task.speed
        rate = f"{speed:.1f}/s" if speed else ""
        self._progress.update(self._task, advance=1, failures=self._failures, rate=rate)

    def note(self, message: str) -> None:
        """Print above the bar."""
        if self._progress is None:
            (self._console or _stderr_console()).print(message, markup=False, highlight=False)
        else:
            self._progress.console.print(message, markup=False, highlight=False)

    def stop(self) -> None:
        """Leave the final bar on screen."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)

"""`quizprep watch [PATH...]`: save a file, and its verdict is already there (issue 18).

It watches files and folders (default: the workspace folder) for saved exercise files
(`<exercise>.py`, `<exercise>.ipynb`, or notebooks with `%%quizprep ID` cells), grades each saved
one with a warm sandbox pool (started once, both NumPy and PyTorch), prints a compact report (the
verdict with "n of m passing", the known mistake, the first failing checks), records it in the
learner's progress as the app does, and after a pass names the next exercise to do. `q` quits
(one key in a terminal, which is put in cbreak mode meanwhile; a line starting with q when input
is a pipe), and so do Ctrl-C and SIGTERM. File events come from watchfiles (inotify on Linux),
with a short debounce so an editor's write-and-rename is one save.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import termios
import threading
import tty
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizprep.errors import UsageError

if TYPE_CHECKING:
    from quizprep.bank.catalog import Catalog
    from quizprep.bank.schema import Question
    from quizprep.grading.result import GradeResult
    from quizprep.tui.trainer import Trainer

SHOWN_FAILURES = 3
DEBOUNCE_MS = 30
STEP_MS = 10
WAKE_MS = 200
"""How often the watch loop wakes without events (to see `q`, and to say it is watching)."""


class Watch:
    """Grades saved exercise files with `trainer` and prints the reports to `out`."""

    def __init__(self, trainer: Trainer, catalog: Catalog, out: TextIO) -> None:
        from quizprep.bank.catalog import exercise_owners

        self.trainer = trainer
        self.catalog = catalog
        self.out = out
        self.known = set(exercise_owners(catalog.packs))

    def parts(self, path: Path, *, quiet: bool = False) -> list[tuple[Question, str]]:
        """The exercises a saved file answers, with the source to grade for each, found and
        read as `quizprep grade` does (none when it is not an exercise file; unless `quiet`, a
        line says why when one cannot be read)."""
        from quizprep.grading.batch import (
            Unreadable,
            find_submissions,
            read_source,
            submission_source,
        )

        if path.suffix not in (".py", ".ipynb") or path.name.startswith("."):
            return []
        submissions, _ = find_submissions([str(path)], None, self.known)
        found = []
        for submission in submissions:
            if submission.exercise not in self.known:
                if submission.problem is not None and path.suffix == ".ipynb" and not quiet:
                    self.say(f"{path.name}: cannot be graded: {submission.problem}")
                continue
            try:
                if submission.problem is not None:
                    raise Unreadable(submission.problem)
                source, _ = submission_source(submission, read_source(path, submission.max_bytes))
                question = self.catalog.question_of_exercise(submission.exercise)
            except (Unreadable, UsageError) as exc:  # UsageError: in several packs
                if not quiet:
                    self.say(f"{path.name}: cannot be graded: {exc}")
                continue
            found.append((question, source))
        return found

    def grade(self, path: Path) -> None:
        """Grade one saved file and print its report; prepare its exercise's next grade."""
        for question, source in self.parts(path):
            result = self.trainer.grade(question, source)
            self.trainer.leave_question(question)
            self.report(path, question, result)
            self.trainer.prepare(question)

    def prepare_latest(self, targets: Sequence[Path]) -> None:
        """Prepare the grade of the exercise file saved last among `targets` (a folder's own
        files): the one the learner most likely works on, so even its first save only waits
        for the sandbox."""
        candidates = [t for t in targets if t.is_file()]
        for folder in (t for t in targets if t.is_dir()):
            with contextlib.suppress(OSError):
                candidates += [p for p in folder.iterdir() if p.suffix in (".py", ".ipynb")]
        dated = []
        for path in candidates:
            with contextlib.suppress(OSError):
                if path.is_file():
                    dated.append((path.stat().st_mtime, path))
        if dated:
            for question, _ in self.parts(max(dated)[1], quiet=True):  # its save will say why
                self.trainer.prepare(question)

    def report(self, path: Path, question: Question, result: GradeResult) -> None:
        """The compact report: verdict, known mistake, first failures; after a pass, what next."""
        exercise = question.exercise
        assert exercise is not None
        failing = [c for c in result.checks if c.status != "pass"]
        lines = [
            f"{path.name} · {exercise.id}: {result.status.upper()}, "
            f"{result.passed} of {len(result.checks)} passing"
        ]
        if result.advice:
            lines.append(f"  > {result.advice}")
        lines += [f"  - {c.name}: {c.message}" for c in failing[:SHOWN_FAILURES]]
        if len(failing) > SHOWN_FAILURES:
            lines.append(f"  ({len(failing) - SHOWN_FAILURES} more failing)")
        if result.status == "pass":
            following = self.next_exercise(question)
            lines.append(
                f"  next: #{following.number} {following.title} "
                f"(quizprep start {following.exercise.id})"
                if following is not None and following.exercise is not None
                else "  next: every exercise is done"
            )
        self.say("\n".join(lines))

    def next_exercise(self, after: Question) -> Question | None:
        """The first exercise after `after`, in the packs' order, that is not done yet."""
        questions = [q for q in self.trainer.questions if q.exercise is not None]
        done = self.trainer.done_ids()
        start = next((i for i, q in enumerate(questions) if q.id == after.id), -1) + 1
        for question in questions[start:] + questions[:start]:
            if question.id not in done and question.id != after.id:
                return question
        return None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def run(
    paths: Sequence[str], trainer: Trainer, catalog: Catalog, *, out: TextIO = sys.stdout
) -> int:
    """Watch `paths` until `q`, Ctrl-C or SIGTERM; 0 when it quits cleanly."""
    targets = [Path(p).expanduser() for p in paths]
    for target in targets:
        if not target.exists():
            raise UsageError(f"{target}: no such file or folder")
    watch = Watch(trainer, catalog, out)
    trainer.warm_up()  # in the background: the first save finds the sandbox and grader ready
    watch.prepare_latest(targets)
    stop = threading.Event()
    # SIGTERM (a closed terminal, a process manager) quits as `q` does, cleaning up
    previous = signal.signal(signal.SIGTERM, lambda _signal, _frame: stop.set())
    with _keys_one_by_one(sys.stdin) as one_by_one:
        threading.Thread(
            target=_quit_on_q, args=(stop, one_by_one), daemon=True, name="watch-keys"
        ).start()
        try:
            _watch(watch, targets, stop)
        finally:
            signal.signal(signal.SIGTERM, previous)
    watch.say("quizprep: stopped watching")
    return 0


def _watch(watch: Watch, targets: list[Path], stop: threading.Event) -> None:
    """Grade each exercise file saved under `targets` until `stop` (or Ctrl-C)."""
    import watchfiles

    files = {t.resolve() for t in targets if t.is_file()}
    folders = [t.resolve() for t in targets if t.is_dir()]
    watched = sorted({*(f.parent for f in files), *folders})
    shown = ", ".join(str(t) for t in targets)
    started = False
    try:
        for changes in watchfiles.watch(
            *watched,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            recursive=False,
            raise_interrupt=False,
            rust_timeout=WAKE_MS,
            yield_on_timeout=True,  # the first (empty) batch: the watcher is set up
        ):
            if not started:  # said only once events can no longer be missed
                watch.say(
                    f"quizprep: watching {shown}; save an exercise file to grade it (q quits)"
                )
                started = True
            saved = sorted(
                {
                    Path(name)
                    for change, name in changes
                    if change != watchfiles.Change.deleted
                    and (Path(name).resolve() in files or Path(name).resolve().parent in folders)
                }
            )
            for path in saved:
                if path.is_file():
                    watch.grade(path)
    except KeyboardInterrupt:
        pass


@contextlib.contextmanager
def _keys_one_by_one(keys: TextIO) -> Iterator[bool]:
    """Whether `keys` gives each key as it is typed: a terminal whose foreground this process
    is, put in cbreak mode (no echo, no waiting for Enter; Ctrl-C still interrupts) until the
    block ends, whatever ends it. Anything else (a pipe, a file, a background job) is read as
    lines, untouched."""
    try:
        fd = keys.fileno()
        one_by_one = os.isatty(fd) and os.tcgetpgrp(fd) == os.getpgrp()
        saved = termios.tcgetattr(fd) if one_by_one else None
    except (AttributeError, OSError, ValueError, termios.error):  # closed, or no descriptor
        one_by_one, saved = False, None
    if saved is None:
        yield False
        return
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield True
    finally:
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _quit_on_q(stop: threading.Event, one_by_one: bool) -> None:
    """Set `stop` when `q` is typed: one key when `one_by_one`, else a line starting with q
    (a closed stdin quits nothing: Ctrl-C still does)."""
    if one_by_one:
        with contextlib.suppress(OSError, ValueError):
            while typed := os.read(sys.stdin.fileno(), 64):
                if b"q" in typed.lower():
                    stop.set()
                    return
        return
    for line in sys.stdin:
        if line.strip().lower().startswith("q"):
            stop.set()
            return

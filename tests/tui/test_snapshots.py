"""Snapshots of the main screens at 80x24 (pytest-textual-snapshot). After an intended change
of look, review the diff and run `pytest tests/tui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from quizprep.bank.pack import Pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp

# A fixed workspace path: the exercise screen shows it, and snapshots must not depend on tmp.
WORKSPACE = Path("/tmp/quizprep-snapshot-workspace")


FLAGSHIPS = {"perceptron_step", "cross_entropy", "conv2d_output_shape", "rnn_bptt", "gru_cell"}


@pytest.fixture
def app(tmp_path: Path, builtin_pack: Pack) -> QuizprepApp:
    """The app on the five flagship questions only, so the pictures do not change each time
    the bank grows."""
    shutil.rmtree(WORKSPACE, ignore_errors=True)
    flagships = tuple(
        e
        for e in builtin_pack.entries
        if e.question.exercise and e.question.exercise.id in FLAGSHIPS
    )
    store = ProgressStore(tmp_path / "progress.sqlite3")
    return QuizprepApp([replace(builtin_pack, entries=flagships)], store, WORKSPACE)


def test_home(snap_compare: Any, app: QuizprepApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24))


def test_question(snap_compare: Any, app: QuizprepApp) -> None:
    assert snap_compare(app, press=["enter"], terminal_size=(80, 24))


def test_exercise_code_tab(snap_compare: Any, app: QuizprepApp) -> None:
    async def open_exercise(pilot: Any) -> None:
        await pilot.press("enter")
        await pilot.press("e", "f2")
        # let the editor finish (highlighting) before the picture: on a loaded machine the
        # snapshot was once taken a frame early
        await pilot.app.workers.wait_for_complete()
        # the cursor blinks on a timer, so the picture's cursor depended on when it was taken
        # (CI under load caught it lit): hold it steady
        for editor in pilot.app.screen.query(TextArea):
            editor.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, run_before=open_exercise, terminal_size=(80, 24))


def test_help_in_light_theme(snap_compare: Any, app: QuizprepApp) -> None:
    async def light_help(pilot: Any) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press("question_mark")

    assert snap_compare(app, run_before=light_help, terminal_size=(80, 24))

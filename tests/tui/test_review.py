"""Review with the keyboard: home → review → every due question in turn → done → home, and the
counts are right at each step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from quizprep.bank.pack import Pack
from quizprep.progress import Rating
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp
from quizprep.tui.screens.home import HomeScreen
from quizprep.tui.screens.question import QuestionScreen
from quizprep.tui.screens.review import ReviewScreen, describe_when
from quizprep.tui.trainer import now

DUE = ("gru", "lstm", "perceptron")


@pytest.fixture
def app(tmp_path: Path, builtin_pack: Pack) -> QuizprepApp:
    """The app on a progress database where three questions are due (failed an hour ago)."""
    store = ProgressStore(tmp_path / "progress.sqlite3")
    for offset, question_id in enumerate(DUE):
        store.review(question_id, Rating.Again, now() - timedelta(hours=3 - offset))
    store.review("dropout", Rating.Easy, now())  # reviewed, not due for days
    return QuizprepApp([builtin_pack], store, tmp_path / "workspace")


async def leave_question(pilot: Any, app: QuizprepApp) -> None:
    """Escape until the question's screen is gone (the first may only leave a text field)."""
    question = app.screen
    for _ in range(3):
        if app.screen is not question:
            return
        await pilot.press("escape")
        await pilot.pause()
    assert app.screen is not question


def text(screen: object, selector: str) -> str:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return str(screen.query_one(selector, Static).render())


async def test_home_review_every_due_question_and_back(app: QuizprepApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "review due (3)" in text(app.screen, "#actions")
        await pilot.press("r")
        await pilot.pause()
        for position, question_id in enumerate(DUE):  # the most overdue first
            question = app.screen
            assert isinstance(question, QuestionScreen)
            assert question.question.id == question_id
            # what the quiz widget does for an item answered right at the first try
            app.trainer.record_quiz(question.question, 0, "choice", True, "0", 4.0)
            await leave_question(pilot, app)
            review = app.screen
            assert isinstance(review, ReviewScreen)
            status = text(review, "#review-status")
            assert f"#{question.question.number}" in status
            assert "Comes back in" in status and " day" in status
            left = len(DUE) - position - 1
            if left:
                assert f"{left} left" in status
                await pilot.press("enter")
                await pilot.pause()
            else:
                assert "Done for today: next review in" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "review due (0)" in text(app.screen, "#actions")
        assert app.trainer.due() == []


async def test_a_question_left_unanswered_stays_due_and_is_not_asked_again(
    app: QuizprepApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await leave_question(pilot, app)  # left the first one without answering
        status = text(app.screen, "#review-status")
        assert "Not answered: it stays due" in status and "2 left" in status
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question.id == DUE[1]
        await leave_question(pilot, app)
        await pilot.press("escape")  # and the review
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "review due (3)" in text(app.screen, "#actions")


async def test_r_with_nothing_due_says_when_the_next_review_is(
    tmp_path: Path, builtin_pack: Pack
) -> None:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    store.review("gru", Rating.Easy, now())
    app = QuizprepApp([builtin_pack], store, tmp_path / "workspace")
    notes: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert notes and "Nothing is due" in notes[-1] and " day" in notes[-1]


async def test_home_counts_a_question_that_falls_due_while_it_is_open(
    app: QuizprepApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HomeScreen, "DUE_CHECK_SECONDS", 0.05)
    clock = [now()]
    app.trainer.clock = lambda: clock[0]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        actions = app.screen.query_one("#actions", Static)
        assert "review due (3)" in str(actions.render())
        app.trainer.store.review("momentum", Rating.Again, clock[0])  # due in ten minutes
        clock[0] += timedelta(minutes=11)
        for _ in range(600):  # the check runs on a timer: wait for it, however slow the machine
            if "review due (4)" in str(actions.render()):
                break
            await pilot.pause(0.05)
        assert "review due (4)" in str(actions.render())


def test_when_a_question_comes_back_reads_plainly() -> None:
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    assert describe_when(None, start) == "not scheduled"
    assert describe_when(start - timedelta(minutes=5), start) == "now"
    assert describe_when(start + timedelta(seconds=30), start) == "in 1 minute"
    assert describe_when(start + timedelta(minutes=10), start) == "in 10 minutes"
    assert describe_when(start + timedelta(hours=5), start) == "in 5 hours"
    assert describe_when(start + timedelta(hours=23, minutes=50), start).startswith("in 1 day (")
    assert describe_when(start + timedelta(days=1), start).startswith("in 1 day (")
    assert describe_when(start + timedelta(days=12, hours=2), start).startswith("in 12 days (")


async def test_home_and_stats_count_done_questions_and_stats_says_what_counts(
    app: QuizprepApp,
) -> None:
    from textual.widgets import DataTable

    from quizprep.tui.screens.stats import StatsScreen

    total = len(app.trainer.questions)
    app.trainer.store.record_exercise("conv1d", "conv1d", "pass", 1.0, 60.0, 0, now())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert f"1 of {total} done" in text(app.screen, "#actions")
        await pilot.press("s")
        await pilot.pause()
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        table = stats.query_one("#topic-table", DataTable)
        cnn = next(row for row in range(table.row_count) if table.get_row_at(row)[0] == "CNNs")
        assert table.get_row_at(cnn)[2] == "1"
        rules = text(stats, "#mastery-rules")
        assert "exercise" in rules and "weighs 6" in rules and "done when" in rules

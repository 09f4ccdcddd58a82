"""The trainer app, driven with the keyboard through Textual's pilot; asserts on what a learner
sees and on what the progress store recorded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, OptionList, SelectionList, Static, TextArea

from quizprep.bank.pack import Pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp
from quizprep.tui.screens.exercise import ExerciseScreen
from quizprep.tui.screens.home import HomeScreen
from quizprep.tui.screens.mock import MockInterviewScreen
from quizprep.tui.screens.question import QuestionScreen
from quizprep.tui.screens.stats import StatsScreen
from quizprep.tui.trainer import now
from tests.tui.pilot import open_question

ROOT = Path(__file__).resolve().parents[2]
CORRECT_PERCEPTRON = (ROOT / "tests/solutions/perceptron_step/loops.py").read_text()
STRICT_THRESHOLD = (ROOT / "reference/mutants/perceptron_step/strict_threshold.py").read_text()


@pytest.fixture
def app(tmp_path: Path, builtin_pack: Pack) -> QuizprepApp:
    (tmp_path / "home").mkdir()
    store = ProgressStore(tmp_path / "home" / "progress.sqlite3")
    return QuizprepApp([builtin_pack], store, tmp_path / "workspace")


async def wait_for(pilot, condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("timed out waiting for the app")


async def test_home_lists_topics_and_opens_a_question_with_enter(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.option_count >= 4
        assert "Basics" in str(topics.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        first = app.trainer.topics()[0].questions[0]
        assert app.screen.question == first
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        actions = str(app.screen.query_one("#actions", Static).render())
        assert f"continue #{first.number}" in actions  # "continue where I left off" remembers it


async def test_choice_item_is_checked_and_recorded(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        item = screen.query_one("#quiz-0")
        options = item.query_one(SelectionList)
        correct = set(screen.question.quiz[0].answer)  # type: ignore[union-attr]
        for index in correct:
            options.select(index)
        await pilot.click("#quiz-0 .check")
        await pilot.pause()
        feedback = str(item.query_one(".feedback", Static).render())
        assert feedback.startswith("✓ Correct")
        history = app.trainer.store.history(1, now())
        assert history[-1].attempts == 1 and history[-1].correct == 1


async def test_formula_item_is_checked_with_sympy(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "conv_output_shape")
        index = next(i for i, item in enumerate(screen.question.quiz) if item.kind == "formula")
        field = screen.query_one(f"#quiz-{index} Input", Input)
        field.focus()
        field.value = "floor((n + 2p - d(k-1) - 1)/s) + 1"  # implicit multiplication
        await pilot.press("enter")
        feedback = screen.query_one(f"#quiz-{index} .feedback", Static)
        await wait_for(pilot, lambda: str(feedback.render()).startswith(("✓", "✗")))
        assert str(feedback.render()).startswith("✓ Correct")
        field.value = "(n + 2p - d(k-1) - 1)/s + 1"  # the popular formula, without the floor
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Not equivalent" in str(feedback.render()))
        assert "yours gives" in str(feedback.render())


async def test_model_answer_is_revealed_with_a(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "gru")
        answer = screen.query_one("#model-answer", Markdown)
        assert answer.has_class("hidden")
        await pilot.press("a")
        assert not answer.has_class("hidden")
        assert "Commonly gotten wrong" in answer.source


async def run_exercise(pilot, app: QuizprepApp, source: str) -> ExerciseScreen:  # type: ignore[no-untyped-def]
    await open_question(pilot, app, "perceptron")
    await pilot.press("e")
    screen = app.screen
    assert isinstance(screen, ExerciseScreen)
    screen.query_one("#editor", TextArea).load_text(source)
    results = screen.query_one("#results", Static)
    await pilot.press("ctrl+r")  # grades in the background (test_cancel_stops_a_run shows the UI
    await wait_for(pilot, lambda: str(results.render()).startswith(("PASS", "FAIL", "ERROR")))
    return screen


async def test_correct_solution_passes_and_unlocks_the_reference(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_exercise(pilot, app, CORRECT_PERCEPTRON)
        results = str(screen.query_one("#results", Static).render())
        assert results.startswith("PASS")
        assert (app.trainer.workspace / "perceptron_step.py").read_text() == CORRECT_PERCEPTRON
        assert "def reference(" in screen.query_one("#reference", Markdown).source
        assert app.trainer.store.has_passed("perceptron")
        due = app.trainer.store.next_due("perceptron")
        assert due is not None and (due - now()).days >= 1  # a clean first pass: not soon


async def test_wrong_solution_explains_the_mistake_and_is_scheduled_soon(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await run_exercise(pilot, app, STRICT_THRESHOLD)
        results = str(screen.query_one("#results", Static).render())
        assert results.startswith("FAIL")
        assert "This looks like a known mistake" in results
        assert "values differ" in results  # the per-check diagnostics
        assert "appears here after you pass" in screen.query_one("#reference", Markdown).source
        assert app.trainer.store.next_due("perceptron") is None  # the sitting is still open
        await pilot.press("escape")  # leaving after failed runs closes it as a failure
        due = app.trainer.store.next_due("perceptron")
        assert due is not None and (due - now()).total_seconds() < 24 * 3600


async def test_cancel_stops_a_run(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_question(pilot, app, "perceptron")
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        screen.query_one("#editor", TextArea).load_text(
            "def perceptron_step(w, b, x, y, lr):\n    while True:\n        pass\n"
        )
        await pilot.press("ctrl+r")
        await pilot.pause(0.5)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.cancel is None, seconds=5)
        assert str(screen.query_one("#results", Static).render()) == "Cancelled."
        assert isinstance(app.screen, ExerciseScreen)  # escape cancelled; it did not leave


async def test_hints_are_progressive_and_give_up_reveals_the_reference(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_question(pilot, app, "perceptron")
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        hints = screen.query_one("#hints", Markdown)
        await pilot.press("ctrl+t")
        assert "Hint 1." in hints.source and "Hint 2." not in hints.source
        await pilot.press("ctrl+t")
        assert "Hint 2." in hints.source
        assert app.trainer.store.hints_used("perceptron") == 2
        await pilot.press("ctrl+g")  # armed, not yet given up
        assert not app.trainer.may_see_reference(screen.question)
        await pilot.press("ctrl+g")
        assert app.trainer.may_see_reference(screen.question)
        assert "def reference(" in screen.query_one("#reference", Markdown).source


async def test_mock_interview_runs_to_a_report(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(MockInterviewScreen(count=2, seed=1))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MockInterviewScreen)
        for _ in range(2):
            await pilot.press(*"my answer")
            await pilot.press("ctrl+n")
            await pilot.press("2")  # Hard
            await pilot.pause()
        report = screen.query_one("#mock-prompt", Markdown).source
        assert report.startswith("# Mock interview report")
        assert "Work on:" in report
        assert len(screen.answers) == 2


async def test_stats_screen_shows_every_topic(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        from textual.widgets import DataTable

        table = app.screen.query_one("#topic-table", DataTable)
        assert table.row_count == len(app.trainer.topics())


async def test_command_palette_finds_a_question(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"gru")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question.id == "gru"


def test_first_screen_imports_neither_torch_nor_sympy(tmp_path: Path) -> None:
    code = f"""
import asyncio, json, sys
from pathlib import Path
from quizprep.bank.pack import builtin_pack_dir, load_pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp

async def main():
    store = ProgressStore(Path({str(tmp_path / "p.db")!r}))
    app = QuizprepApp([load_pack(builtin_pack_dir())], store, Path({str(tmp_path)!r}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(json.dumps([m for m in ("torch", "sympy") if m in sys.modules]))

asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


async def test_due_question_is_offered_for_review(app: QuizprepApp) -> None:
    from datetime import timedelta

    from quizprep.progress import Rating

    app.trainer.store.review("gru", Rating.Again, now() - timedelta(hours=1))  # due 50 min ago
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "review due (1)" in str(app.screen.query_one("#actions", Static).render())
        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question.id == "gru"

"""Answering quiz items: focus starts on the first item, enter checks a choice, a wrong first
answer gets a second try before the key is shown, an item's outcome is recorded once per visit,
an answer that cannot be read records nothing, and the verdict scrolls into view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Button, Input, SelectionList, Static

from quizprep.bank.pack import Pack
from quizprep.bank.schema import ChoiceItem, NumericItem
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp
from quizprep.tui.screens.question import QuestionScreen
from quizprep.tui.widgets.quiz_items import QuizItemView
from tests.tui.pilot import open_question


@pytest.fixture
def app(tmp_path: Path, builtin_pack: Pack) -> QuizprepApp:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    return QuizprepApp([builtin_pack], store, tmp_path / "workspace")


@pytest.fixture
def recorded(app: QuizprepApp, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the question screen asked the trainer to record."""
    calls: list[dict[str, Any]] = []
    trainer = app.trainer
    record_quiz, record_self_rating = trainer.record_quiz, trainer.record_self_rating

    def spy_quiz(question: Any, index: int, kind: str, correct: Any, *args: Any, **kw: Any) -> None:
        calls.append({"index": index, "correct": correct, "tries": kw.get("tries", 1)})
        record_quiz(question, index, kind, correct, *args, **kw)

    def spy_rating(question: Any, index: int, answer: str, rating: int, seconds: float) -> None:
        calls.append({"index": index, "rating": rating})
        record_self_rating(question, index, answer, rating, seconds)

    monkeypatch.setattr(trainer, "record_quiz", spy_quiz)
    monkeypatch.setattr(trainer, "record_self_rating", spy_rating)
    return calls


def feedback(screen: QuestionScreen, index: int) -> str:
    return str(screen.query_one(f"#quiz-{index} .feedback", Static).render())


async def answer(pilot: Pilot[None], screen: QuestionScreen, index: int, text: str) -> None:
    """Type an answer into item `index` and press enter (formulas are checked in a worker)."""
    field = screen.query_one(f"#quiz-{index} Input", Input)
    field.focus()
    field.value = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_question_opens_with_the_first_item_ready_to_answer(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        assert app.focused is screen.query_one("#quiz-0 SelectionList")


async def test_enter_picks_and_checks_a_single_choice(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "lstm")
        item = screen.question.quiz[0]
        assert isinstance(item, ChoiceItem) and not item.multiple
        assert app.focused is screen.query_one("#quiz-0 RadioSet")
        await pilot.press(*["down"] * item.answer[0], "enter")
        assert feedback(screen, 0).startswith("✓ Correct")
        assert recorded == [{"index": 0, "correct": True, "tries": 1}]


async def test_enter_checks_a_select_all_item(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        item = screen.question.quiz[0]
        assert isinstance(item, ChoiceItem) and item.multiple
        options = screen.query_one("#quiz-0 SelectionList", SelectionList)
        for index in item.answer:
            options.highlighted = index
            await pilot.press("space")
        await pilot.press("enter")
        assert feedback(screen, 0).startswith("✓ Correct")
        assert recorded == [{"index": 0, "correct": True, "tries": 1}]


async def test_a_wrong_answer_gets_a_second_try_before_the_key_is_shown(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    answered: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=answered.append) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        item = screen.question.quiz[1]
        assert isinstance(item, NumericItem)
        key = f"{item.answer:g}"
        await answer(pilot, screen, 1, "12345")
        assert feedback(screen, 1) == "✗ Not quite: try once more."
        first = {"index": 1, "correct": False, "tries": 1}
        assert recorded == [first]  # stored: nothing the learner answered is lost
        await answer(pilot, screen, 1, "54321")
        assert key in feedback(screen, 1)  # now the key and the explanation
        assert recorded == [first, {"index": 1, "correct": False, "tries": 2}]
        await answer(pilot, screen, 1, key)  # right now, but the outcome was already counted
        assert feedback(screen, 1).startswith("✓")
        assert len(recorded) == 2
    outcomes = [m for m in answered if isinstance(m, QuizItemView.Answered)]
    assert [(m.correct, m.tries) for m in outcomes] == [(False, 1), (False, 2)]


async def test_right_on_the_second_try_counts_two_tries(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        item = screen.question.quiz[1]
        assert isinstance(item, NumericItem)
        await answer(pilot, screen, 1, "12345")
        await answer(pilot, screen, 1, f"{item.answer:g}")
        assert feedback(screen, 1).startswith("✓ Correct")
        assert recorded == [
            {"index": 1, "correct": False, "tries": 1},
            {"index": 1, "correct": True, "tries": 2},
        ]


async def test_a_number_that_cannot_be_read_records_nothing_and_costs_no_try(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        await answer(pilot, screen, 1, "twelve")
        assert "is not a number" in feedback(screen, 1)
        assert recorded == []
        await answer(pilot, screen, 1, "12345")
        assert feedback(screen, 1) == "✗ Not quite: try once more."
        assert recorded == [{"index": 1, "correct": False, "tries": 1}]  # the first try


async def test_a_formula_that_cannot_be_read_records_nothing(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        index = next(i for i, item in enumerate(screen.question.quiz) if item.kind == "formula")
        await answer(pilot, screen, index, "zzz + 1")
        assert "unknown name" in feedback(screen, index)
        await answer(pilot, screen, index, "(")
        assert "cannot read" in feedback(screen, index)
        assert recorded == []


async def test_a_self_rating_is_recorded_once_per_visit(
    app: QuizprepApp, recorded: list[dict[str, Any]]
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        index = next(i for i, item in enumerate(screen.question.quiz) if item.kind == "short")
        item = screen.query_one(f"#quiz-{index}", QuizItemView)
        item.query_one(".reveal", Button).press()
        await pilot.pause()
        item.query_one(f"#rate-{index}-3", Button).press()
        await pilot.pause()
        item.query_one(f"#rate-{index}-4", Button).press()
        await pilot.pause()
        assert recorded == [{"index": index, "rating": 3}]


async def test_the_verdict_is_scrolled_into_view(app: QuizprepApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        body = screen.query_one("#question-body")
        view = body.scrollable_content_region
        field = screen.query_one("#quiz-1 Input", Input)
        field.focus(scroll_visible=False)
        await pilot.pause()
        # read down until the field is on the last rows: its verdict would come below them
        top = field.region.y - view.y + body.scroll_y
        body.scroll_to(y=top + field.outer_size.height - view.height, animate=False)
        await pilot.pause()
        assert field.region.bottom == view.bottom
        field.value = "12345"
        await pilot.press("enter")
        await pilot.pause()
        line = screen.query_one("#quiz-1 .feedback", Static)
        assert view.contains_region(line.region)


def review_rows(app: QuizprepApp, question_id: str) -> int:
    with app.trainer.store._read() as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM reviews WHERE question_id = ?", (question_id,)
            ).fetchone()[0]
        )


async def test_each_visit_gives_the_scheduler_one_rating(app: QuizprepApp) -> None:
    """Leaving a question (escape, or a search that opens it again) ends its visit: the next
    answer is a new visit with its own rating; answers within one visit share one."""
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_question(pilot, app, "topk_accuracy")
        await answer(pilot, screen, 0, "0.3")
        await answer(pilot, screen, 0, "0.4")  # the second try, wrong too: the key is shown
        assert review_rows(app, "topk_accuracy") == 1
        question = app.trainer.question("topk_accuracy")
        assert question is not None
        app.open_question(question)  # the same question again, from the search
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen is not screen
        await answer(pilot, app.screen, 0, "0.5")
        assert review_rows(app, "topk_accuracy") == 2
        await pilot.press("escape", "escape")
        await pilot.pause()
        screen = await open_question(pilot, app, "topk_accuracy")
        await answer(pilot, screen, 0, "1/2")
        assert review_rows(app, "topk_accuracy") == 3


async def test_a_and_e_work_on_opening_a_question_whose_first_item_is_typed(
    app: QuizprepApp,
) -> None:
    """A focused number field would take the `e` a learner presses to reach the exercise."""
    from quizprep.tui.screens.exercise import ExerciseScreen

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_question(pilot, app, "cross_entropy_loss")
        assert not isinstance(screen.query(QuizItemView).first().item, ChoiceItem)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)

"""Keys: every shortcut reaches its screen from where the learner is (inside the code editor
too, leaving the code as it was), q quits only where it cannot be typed, escape leaves a text
field before it leaves the screen, and searching for questions does not pile screens up."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import BindingsMap
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TabbedContent, TextArea
from textual.worker import WorkerCancelled

from quizprep.bank.pack import Pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.app import QuizprepApp
from quizprep.tui.screens.exercise import ExerciseScreen, next_exercise
from quizprep.tui.screens.help import HELP
from quizprep.tui.screens.home import HomeScreen
from quizprep.tui.screens.mock import MockInterviewScreen
from quizprep.tui.screens.question import QuestionScreen
from quizprep.tui.trainer import now
from tests.tui.pilot import open_question

TYPED = "x = 1"

TERMINAL_ALIASES = {"ctrl+h", "ctrl+i", "ctrl+j", "ctrl+m", "ctrl+left_square_bracket"}
"""Keys most terminals send as another key (backspace, tab, enter, escape): never a shortcut."""


@pytest.fixture
def app(tmp_path: Path, builtin_pack: Pack) -> QuizprepApp:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    return QuizprepApp([builtin_pack], store, tmp_path / "workspace")


async def type_in_editor(
    pilot: Pilot[None], app: QuizprepApp, question_id: str = "perceptron"
) -> ExerciseScreen:
    """Open the exercise, go to the code and type a line that is not saved yet."""
    await open_question(pilot, app, question_id)
    await pilot.press("e")
    screen = app.screen
    assert isinstance(screen, ExerciseScreen)
    await pilot.press("f2")
    editor = screen.query_one("#editor", TextArea)
    assert app.focused is editor
    await pilot.press(*TYPED)
    assert editor.text.startswith(TYPED)
    return screen


def reached(screen: ExerciseScreen, key: str) -> bool:
    """Whether `key`, pressed where the learner is, reaches the screen's binding."""
    active = screen.active_bindings.get(key)
    return active is not None and active.node is screen and active.enabled


SHORTCUTS: dict[str, Callable[[ExerciseScreen], bool]] = {
    "ctrl+t": lambda screen: screen.trainer.store.hints_used("perceptron") == 1,
    "ctrl+f": lambda screen: screen.watching,
    "ctrl+s": lambda screen: Path(screen.path).read_text().startswith(TYPED),
    "f3": lambda screen: screen.query_one("#tabs", TabbedContent).active == "results-tab",
    "f4": lambda screen: screen.query_one("#tabs", TabbedContent).active == "hints-tab",
}


@pytest.mark.parametrize("key", SHORTCUTS)
async def test_a_shortcut_pressed_in_the_editor_works_and_keeps_the_code(
    app: QuizprepApp, key: str
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        before = editor.text
        assert reached(screen, key)
        await pilot.press(key)
        assert SHORTCUTS[key](screen)
        assert editor.text == before


async def test_give_up_pressed_twice_in_the_editor_shows_the_reference(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        before = editor.text
        await pilot.press("ctrl+g", "f2", "ctrl+g")
        assert app.trainer.may_see_reference(screen.question)
        assert editor.text == before


async def test_external_editor_opens_from_the_editor_and_its_edits_come_back(
    app: QuizprepApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", 'sh -c \'echo "# edited outside" >> "$0"\'')
    async with app.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # headless: no terminal
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        before = editor.text
        assert reached(screen, "ctrl+o")
        await pilot.press("ctrl+o")
        assert editor.text == before + "# edited outside\n"


async def test_ctrl_h_w_e_keep_their_editing_meaning_in_the_editor(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("ctrl+w")  # deletes the word "1"
        assert editor.text.startswith("x = import")
        assert not screen.watching
        assert app.trainer.store.hints_used("perceptron") == 0


def test_no_shortcut_is_taken_by_a_text_field_or_by_the_terminal() -> None:
    taken = set(BindingsMap(TextArea.BINDINGS).key_to_bindings) | set(
        BindingsMap(Input.BINDINGS).key_to_bindings
    )
    for owner in (QuizprepApp, QuestionScreen, ExerciseScreen, MockInterviewScreen):
        for key, bindings in BindingsMap(owner.BINDINGS).key_to_bindings.items():
            assert key not in TERMINAL_ALIASES, (owner.__name__, key)
            if key in taken:
                assert all(binding.priority for binding in bindings), (owner.__name__, key)


def test_help_lists_the_keys_the_screens_bind() -> None:
    for key in ("ctrl+t", "ctrl+o", "ctrl+f", "ctrl+g", "ctrl+n", "ctrl+r", "ctrl+s", "`q`"):
        assert key in HELP
    for old in ("ctrl+h", "ctrl+w", "ctrl+e"):
        assert old not in HELP


async def test_q_types_in_a_field_and_quits_elsewhere(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        field = screen.query_one("#quiz-1 Input", Input)
        field.focus()
        await pilot.press("q")
        assert field.value == "q"
        assert app.return_code is None
        await pilot.press("escape")  # leaves the field
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("q")
        assert app.return_code == 0


async def test_quitting_from_the_exercise_keeps_unsaved_code(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        path = Path(screen.path)
        await pilot.press("f3", "q")  # results focused: q quits
        assert app.return_code == 0
    assert path.read_text().startswith(TYPED)


async def test_escape_leaves_a_quiz_field_first_then_the_question(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_question(pilot, app, "perceptron")
        field = screen.query_one("#quiz-1 Input", Input)
        field.focus()
        await pilot.press(*"0.5", "escape")
        assert app.screen is screen
        assert app.focused is not field
        assert field.value == "0.5"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_escape_leaves_the_mock_answer_box_first(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        mock = MockInterviewScreen(count=1, seed=1)
        app.push_screen(mock)
        await pilot.pause()
        await pilot.press(*"my answer", "escape")
        assert app.screen is mock
        assert mock.query_one("#mock-answer", TextArea).text == "my answer"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_searches_replace_the_question_instead_of_piling_up(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for question_id in ("gru", "lstm", "attention"):
            await open_question(pilot, app, question_id)  # what a ctrl+p search does
        assert [type(s) for s in app.screen_stack] == [Screen, HomeScreen, QuestionScreen]
        assert isinstance(app.screen, QuestionScreen) and app.screen.question.id == "attention"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_search_from_the_exercise_saves_the_code_and_leaves_it(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        question = app.trainer.question("gru")
        assert question is not None
        app.open_question(question)
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [Screen, HomeScreen, QuestionScreen]
        assert Path(screen.path).read_text().startswith(TYPED)


async def test_a_search_during_a_run_stops_it_and_leaves(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        editor.load_text("def perceptron_step(w, b, x, y, lr):\n    while True:\n        pass\n")
        await pilot.press("ctrl+r")
        assert screen.cancel is not None
        # The screen settles first (Textual's Header sets its title a frame after it mounts,
        # and fails if its screen is already gone: no learner is that fast, a loaded CI was).
        await pilot.pause()
        question = app.trainer.question("gru")
        assert question is not None
        app.open_question(question)
        with contextlib.suppress(WorkerCancelled):  # the search cancels the run: expected
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [Screen, HomeScreen, QuestionScreen]
        assert "while True" in Path(screen.path).read_text()


async def test_results_take_the_focus_so_the_keys_scroll_them(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        await pilot.press("f3")
        assert app.focused is screen.query_one("#results-scroll")
        await pilot.press("pagedown", "down")
        assert screen.query_one("#editor", TextArea).text.startswith(TYPED + "import")


async def test_enter_in_the_editor_keeps_or_deepens_the_indentation(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        editor = screen.query_one("#editor", TextArea)
        editor.load_text("")
        await pilot.press(*"def f(x):", "enter", *"if x:", "enter", *"x = 2", "enter")
        await pilot.press(*"y = x", "enter")
        assert editor.text == "def f(x):\n    if x:\n        x = 2\n        y = x\n        "


def test_next_exercise_is_the_next_one_not_passed_in_bank_order(builtin_pack: Pack) -> None:
    questions = [q for q in builtin_pack.questions if q.exercise]
    first, second, third = questions[:3]
    assert next_exercise(questions, first, lambda _: False) == second
    assert next_exercise(questions, first, lambda q: q == second.id) == third
    assert next_exercise(questions, questions[-1], lambda _: False) == first  # wraps around
    assert next_exercise(questions, first, lambda _: True) is None


async def test_after_a_pass_a_key_opens_the_next_exercise(app: QuizprepApp) -> None:
    store = app.trainer.store
    store.record_exercise("perceptron", "perceptron_step", "pass", 1.0, 30.0, 0, now())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        expected = next_exercise(app.trainer.questions, screen.question, store.has_passed)
        assert expected is not None
        assert reached(screen, "ctrl+n")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [
            Screen,
            HomeScreen,
            QuestionScreen,
            ExerciseScreen,
        ]
        assert isinstance(app.screen, ExerciseScreen) and app.screen.question == expected
        assert Path(screen.path).read_text().startswith(TYPED)


async def test_before_a_pass_there_is_no_next_exercise_key(app: QuizprepApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_in_editor(pilot, app)
        assert not reached(screen, "ctrl+n")
        await pilot.press("ctrl+n")
        assert app.screen is screen

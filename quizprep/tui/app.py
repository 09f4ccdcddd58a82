"""The Textual app: `quizprep` with no arguments."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider

from quizprep.bank.pack import Pack
from quizprep.progress.store import ProgressStore
from quizprep.tui.screens.base import TrainerScreen
from quizprep.tui.screens.help import HelpScreen
from quizprep.tui.screens.home import HomeScreen
from quizprep.tui.trainer import Trainer


class QuestionSearch(Provider):
    """Command-palette search over every question's number, title, topic and exercise."""

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the query against each question."""
        app = self.app
        assert isinstance(app, QuizprepApp)
        matcher = self.matcher(query)
        for question in app.trainer.questions:
            exercise = f" [{question.exercise.id}]" if question.exercise else ""
            text = f"#{question.number} {question.title}{exercise}"
            score = matcher.match(f"{text} {question.topic} {question.id}")
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    lambda q=question: app.open_question(q),
                    help=question.topic,
                )


class QuizprepApp(App[None]):
    """The trainer: home, questions with quizzes, graded exercises, review, mock interviews."""

    TITLE = "quizprep"
    SUB_TITLE = "deep-learning interview trainer"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {QuestionSearch}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        # q is typed text in a field, so there it is not a key (ctrl+q still quits)
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        packs: Sequence[Pack],
        store: ProgressStore,
        workspace: Path,
        *,
        notices: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.trainer = Trainer(packs, store, workspace)
        self.notices = list(notices)
        """One-line problems to show on start (e.g. a pack that was skipped)."""

    def on_mount(self) -> None:
        """Show the home screen and any notices, then warm the grader up in the background."""
        self.push_screen(HomeScreen())
        for notice in self.notices:
            self.notify(notice, severity="error", timeout=30)
        # after the first paint: even the first "run" then answers in tens of milliseconds
        self.call_after_refresh(self.trainer.warm_up)

    def open_question(self, question: object, *, exercise: bool = False) -> None:
        """Open a question's screen (from search, home, review or a passed exercise), and its
        exercise too when asked. It replaces the question (and exercise) on top, so a run of
        searches does not pile up screens that escape must then leave one by one."""
        from quizprep.bank.schema import Question
        from quizprep.tui.screens.exercise import ExerciseScreen
        from quizprep.tui.screens.question import QuestionScreen

        assert isinstance(question, Question)
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        if isinstance(self.screen, ExerciseScreen):
            self.screen.leave()
        if isinstance(self.screen, QuestionScreen):
            self.screen.end_visit()  # before the new visit starts: it may be the same question
        self.trainer.open_question(question)
        if isinstance(self.screen, QuestionScreen):
            self.switch_screen(QuestionScreen(question))
        else:
            self.push_screen(QuestionScreen(question))
        if exercise:
            self.push_screen(ExerciseScreen(question))

    async def action_quit(self) -> None:
        """Quit, after saving what the learner made on any open screen."""
        for screen in self.screen_stack:
            if isinstance(screen, TrainerScreen):
                screen.keep_work()
        self.exit()

    def action_help(self) -> None:
        """Show every key binding."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

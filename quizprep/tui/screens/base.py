"""What every screen of the trainer shares: typed access to the app and its trainer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from quizprep.tui.app import QuizprepApp
    from quizprep.tui.trainer import Trainer


class TrainerScreen(Screen[None]):
    """A screen of the quizprep app."""

    @property
    def quiz_app(self) -> QuizprepApp:
        """The app, typed."""
        from quizprep.tui.app import QuizprepApp

        assert isinstance(self.app, QuizprepApp)
        return self.app

    @property
    def trainer(self) -> Trainer:
        """The app's model: questions, grading, progress."""
        return self.quiz_app.trainer

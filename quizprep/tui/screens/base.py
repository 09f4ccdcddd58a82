"""What every screen of the trainer shares: typed access to the app and its trainer, and escape
that leaves a text field before it leaves the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widget import Widget

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

    def leave_text_field(self) -> bool:
        """If the learner is typing in a field, move the focus out of it (to the scrolling body
        around it, so the arrows scroll and the screen's letter keys work) and say so."""
        from textual.widgets import Input, TextArea

        field = self.focused
        if not isinstance(field, Input | TextArea):
            return False
        around = next(
            (node for node in field.ancestors if isinstance(node, Widget) and node.focusable),
            None,
        )
        self.set_focus(around, scroll_visible=False)
        return True

    def action_back(self) -> None:
        """Escape: leave the text field first; a second escape leaves the screen."""
        if not self.leave_text_field():
            self.app.pop_screen()

    def keep_work(self) -> None:
        """Save whatever the learner made here that is not saved yet (the app is about to quit
        or to replace this screen)."""

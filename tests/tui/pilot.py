"""What the app's pilot tests share."""

from __future__ import annotations

from textual.pilot import Pilot

from quizprep.tui.app import QuizprepApp
from quizprep.tui.screens.question import QuestionScreen


async def open_question(pilot: Pilot[None], app: QuizprepApp, question_id: str) -> QuestionScreen:
    """Open a question as a search would, and wait for its screen."""
    question = app.trainer.question(question_id)
    assert question is not None
    app.open_question(question)
    await pilot.pause()
    assert isinstance(app.screen, QuestionScreen)
    return app.screen

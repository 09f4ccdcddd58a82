"""A question: the prompt, its quiz items answered in place, the model answer on request."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown, Static

from quizprep.bank.mathtext import readable
from quizprep.bank.schema import TOPICS, Question
from quizprep.tui.screens.base import TrainerScreen
from quizprep.tui.widgets.quiz_items import ChoiceView, QuizItemView, view_for


def model_answer_markdown(question: Question) -> str:
    """The model answer, the corrections of common mistakes, and the key points (math as
    text: a terminal cannot show TeX)."""
    parts = ["## Model answer", question.answer.replace("```python exec", "```python")]
    if question.notes:
        parts.append("### Commonly gotten wrong")
        parts += [f"- {note}" for note in question.notes]
    if question.key_points:
        parts.append("### Key points")
        parts += [f"- {point}" for point in question.key_points]
    return readable("\n\n".join(parts))


def prompt_markdown(question: Question) -> str:
    """The question's title and prompt, math as text."""
    return readable(f"## {question.title}\n\n{question.prompt}")


class QuestionScreen(TrainerScreen):
    """Read, answer the quiz, reveal the answer, go to the exercise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("a", "answer", "Model answer"),
        Binding("e", "exercise", "Exercise"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question
        self._visit_over = False

    def end_visit(self) -> None:
        """The learner leaves the question: its visit (one rating for the scheduler) is over.
        Called once, when the screen closes or another question replaces it."""
        if not self._visit_over:
            self._visit_over = True
            self.trainer.leave_question(self.question)

    def on_unmount(self) -> None:
        """Closed (escape, a search, quitting): the visit is over."""
        self.end_visit()

    def compose(self) -> ComposeResult:
        """Title line, prompt, quiz, (hidden) model answer."""
        q = self.question
        yield Header()
        with VerticalScroll(id="question-body"):
            exercise = f" · exercise: {q.exercise.id} (press e)" if q.exercise else ""
            yield Static(
                f"#{q.number} · {TOPICS[q.topic]} · {q.difficulty}{exercise}", classes="meta"
            )
            yield Markdown(prompt_markdown(q), id="prompt")
            if q.quiz:
                yield Static("Quiz", classes="section-title")
                for index, item in enumerate(q.quiz):
                    yield view_for(index, item, list(q.key_points))
            yield Static("Press [b]a[/] for the model answer.", id="answer-hint")
            yield Markdown("", id="model-answer", classes="hidden")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the first quiz item when it is a choice, ready for an answer (the page stays at
        the top, on the prompt); otherwise the text (arrows scroll, tab reaches the answer):
        a focused text field would take the a and e that a learner presses first."""
        items = self.query(QuizItemView)
        if items and isinstance(items.first(), ChoiceView):
            items.first().focus_answer()
        else:
            self.query_one("#question-body", VerticalScroll).focus()

    def action_answer(self) -> None:
        """Reveal the model answer (and scroll to it)."""
        answer = self.query_one("#model-answer", Markdown)
        if answer.has_class("hidden"):
            answer.update(model_answer_markdown(self.question))
            answer.remove_class("hidden")
            self.query_one("#answer-hint", Static).display = False
        self.query_one("#question-body", VerticalScroll).scroll_to_widget(answer, top=True)

    def action_exercise(self) -> None:
        """Open the coding exercise."""
        if self.question.exercise is None:
            self.notify("This question has no coding exercise.")
            return
        from quizprep.tui.screens.exercise import ExerciseScreen

        self.app.push_screen(ExerciseScreen(self.question))

    @on(QuizItemView.Answered)
    def record(self, event: QuizItemView.Answered) -> None:
        """Store an item's outcome (once per visit); the scheduler learns from it."""
        trainer = self.trainer
        view = self.query_one(f"#quiz-{event.index}", QuizItemView)
        seconds = time.monotonic() - view.started
        if event.rating is not None:
            trainer.record_self_rating(
                self.question, event.index, event.answer, event.rating, seconds
            )
        else:
            trainer.record_quiz(
                self.question,
                event.index,
                event.kind,
                event.correct,
                event.answer,
                seconds,
                tries=event.tries,
            )

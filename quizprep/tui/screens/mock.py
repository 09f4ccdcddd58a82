"""A timed mock interview: N questions weighted toward weak topics, answered in your own words,
self-rated against the model answer, ending with a report."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Markdown, Static, TextArea

from quizprep.bank.mathtext import readable
from quizprep.bank.schema import TOPICS, Question
from quizprep.tui.screens.base import TrainerScreen
from quizprep.tui.widgets.quiz_items import RATINGS


@dataclass
class MockAnswer:
    """How one question of the interview went."""

    question: Question
    rating: int
    seconds: float
    timed_out: bool


class MockInterviewScreen(TrainerScreen):
    """One question at a time, against the clock."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Leave"),
        Binding("ctrl+n", "reveal", "Done: show the answer"),
        *[
            Binding(value, f"rate({value})", label.split(":")[0], show=False)
            for value, label in RATINGS
        ],
    ]

    def __init__(
        self, count: int = 5, seconds_per_question: int = 240, seed: int | None = None
    ) -> None:
        super().__init__()
        self.count = count
        self.seconds_per_question = seconds_per_question
        self.rng = random.Random(seed)
        self.questions: list[Question] = []
        self.answers: list[MockAnswer] = []
        self.position = 0
        self.started = time.monotonic()
        self.revealed = False

    def compose(self) -> ComposeResult:
        """Clock, question, answer box, (hidden) model answer and rating."""
        yield Header()
        yield Static(id="clock")
        with VerticalScroll(id="mock-body"):
            yield Markdown(id="mock-prompt")
            yield TextArea(id="mock-answer")
            yield Static(
                "Answer as you would aloud; ctrl+n when done, then rate yourself 1-4.",
                classes="quiz-hint",
                id="mock-hint",
            )
            yield Markdown(id="mock-model", classes="hidden")
            with Horizontal(id="mock-rating", classes="hidden"):
                for value, label in RATINGS:
                    yield Button(label, id=f"mock-rate-{value}")
        yield Footer()

    def on_mount(self) -> None:
        """Pick the questions and start the clock."""
        self.questions = self.trainer.mock_questions(self.count, self.rng)
        self.set_interval(1.0, self._tick)
        self._show()

    def _show(self) -> None:
        question = self.questions[self.position]
        self.started = time.monotonic()
        self.revealed = False
        self.query_one("#mock-prompt", Markdown).update(
            f"**Question {self.position + 1} of {len(self.questions)}** · "
            f"{TOPICS[question.topic]}\n\n" + readable(f"# {question.title}\n\n{question.prompt}")
        )
        answer = self.query_one("#mock-answer", TextArea)
        answer.load_text("")
        answer.focus()
        self.query_one("#mock-model").add_class("hidden")
        self.query_one("#mock-rating").add_class("hidden")
        self._tick()

    def _tick(self) -> None:
        if not self.questions or self.position >= len(self.questions):
            return
        left = self.seconds_per_question - (time.monotonic() - self.started)
        if left <= 0 and not self.revealed:
            self.notify("Time is up for this question.")
            self.action_reveal()
        minutes, seconds = divmod(max(0, int(left)), 60)
        state = "time is up" if left <= 0 else f"{minutes:02d}:{seconds:02d} left"
        self.query_one("#clock", Static).update(
            f"Mock interview · question {self.position + 1}/{len(self.questions)} · {state}"
        )

    def action_reveal(self) -> None:
        """Stop answering: show the key points and ask for a self-rating."""
        if self.revealed or not self.questions:
            return
        from quizprep.tui.screens.question import model_answer_markdown

        self.revealed = True
        model = self.query_one("#mock-model", Markdown)
        model.update(model_answer_markdown(self.questions[self.position]))
        model.remove_class("hidden")
        self.query_one("#mock-rating").remove_class("hidden")
        self.query_one("#mock-rate-3", Button).focus()

    @on(Button.Pressed)
    def rate_button(self, event: Button.Pressed) -> None:
        """A rating button."""
        if (event.button.id or "").startswith("mock-rate-"):
            self.action_rate(int((event.button.id or "0")[-1]))

    def action_rate(self, rating: int) -> None:
        """Record the self-rating (1..4, once the answer is shown) and move on, or finish."""
        if not self.revealed or self.position >= len(self.questions):
            return
        question = self.questions[self.position]
        seconds = time.monotonic() - self.started
        text = self.query_one("#mock-answer", TextArea).text
        self.trainer.record_self_rating(question, -1, text, rating, seconds)
        self.answers.append(
            MockAnswer(question, rating, seconds, seconds > self.seconds_per_question)
        )
        self.position += 1
        if self.position < len(self.questions):
            self._show()
        else:
            self._report()

    def _report(self) -> None:
        self.query_one("#mock-answer").display = False
        self.query_one("#mock-hint").display = False
        self.query_one("#mock-rating").add_class("hidden")
        self.query_one("#mock-model").add_class("hidden")
        self.query_one("#clock", Static).update("Mock interview · finished")
        self.query_one("#mock-prompt", Markdown).update(mock_report(self.answers))


def mock_report(answers: list[MockAnswer]) -> str:
    """The end-of-interview report: each question, the time taken, weak topics."""
    labels = {int(k): v.split(":")[0] for k, v in RATINGS}
    rows = [
        "# Mock interview report",
        "",
        "| # | question | topic | you said | time |",
        "|---|---|---|---|---|",
    ]
    for answer in answers:
        q = answer.question
        late = " (over time)" if answer.timed_out else ""
        rows.append(
            f"| {q.number} | {q.title} | {TOPICS[q.topic]} | {labels[answer.rating]} | "
            f"{answer.seconds:.0f} s{late} |"
        )
    score = sum(a.rating for a in answers) / (4 * len(answers)) if answers else 0.0
    rows += ["", f"**Overall: {score:.0%}** of the best possible self-rating."]
    weak = sorted({TOPICS[a.question.topic] for a in answers if a.rating <= 2})
    if weak:
        rows.append(f"\nWork on: {', '.join(weak)}. These questions come back for review soon.")
    rows.append("\nPress escape to go back.")
    return "\n".join(rows)

"""Quiz items answered in place: choice, numeric, formula (SymPy, off the UI thread) and free
text rated against the key points. Each posts `QuizItemView.Answered` for the screen to record."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import (
    Button,
    Input,
    Markdown,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from quizprep.bank.quiz import Verdict, check_choice, check_numeric
from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem, QuizItem, ShortItem

RATINGS = (
    ("1", "Again: I missed it"),
    ("2", "Hard: partly"),
    ("3", "Good: got it"),
    ("4", "Easy: nailed it"),
)


class QuizItemView(Vertical):
    """One quiz item: its prompt, an answer widget and a feedback line."""

    DEFAULT_CLASSES = "quiz-item"

    @dataclass
    class Answered(Message):
        """The learner answered item `index`; `correct` is None for a self-rated text."""

        index: int
        kind: str
        correct: bool | None
        answer: str
        rating: int | None = None

    def __init__(self, index: int, item: QuizItem) -> None:
        super().__init__(id=f"quiz-{index}")
        self.index = index
        self.item = item
        self.started = time.monotonic()

    def compose_prompt(self) -> ComposeResult:
        """Number and prompt."""
        yield Markdown(f"**Q{self.index + 1}.** {self.item.prompt}", classes="quiz-prompt")

    def show(self, verdict: Verdict) -> None:
        """Show a verdict under the item."""
        feedback = self.query_one(".feedback", Static)
        feedback.set_classes("feedback " + ("right" if verdict.correct else "wrong"))
        mark = "✓" if verdict.correct else "✗"
        feedback.update(f"{mark} {verdict.message}")

    def answered(self, correct: bool | None, answer: str, rating: int | None = None) -> None:
        """Tell the screen."""
        self.post_message(self.Answered(self.index, self.item.kind, correct, answer, rating))


class ChoiceView(QuizItemView):
    """Single choice as radio buttons, "select all that apply" as a selection list."""

    item: ChoiceItem

    def compose(self) -> ComposeResult:
        """Prompt, options, a check button and the feedback line."""
        yield from self.compose_prompt()
        if self.item.multiple:
            yield Static("Select all that apply (space to toggle).", classes="quiz-hint")
            yield SelectionList[int](*[(o, i) for i, o in enumerate(self.item.options)])
        else:
            with RadioSet():
                for option in self.item.options:
                    yield RadioButton(option)
        yield Button("Check", variant="primary", classes="check")
        yield Static("", classes="feedback")

    def picked(self) -> set[int]:
        """The options the learner picked."""
        if self.item.multiple:
            return set(self.query_one(SelectionList).selected)
        index = self.query_one(RadioSet).pressed_index
        return {index} if index >= 0 else set()

    @on(Button.Pressed, ".check")
    def check(self) -> None:
        """Grade the choice."""
        picked = self.picked()
        if not picked:
            self.query_one(".feedback", Static).update("Pick an option first.")
            return
        verdict = check_choice(self.item, picked)
        self.show(verdict)
        self.answered(verdict.correct, ",".join(map(str, sorted(picked))))


class NumericView(QuizItemView):
    """A number typed in; fractions and percentages are fine."""

    item: NumericItem

    def compose(self) -> ComposeResult:
        """Prompt, input and feedback."""
        yield from self.compose_prompt()
        unit = f" (in {self.item.unit})" if self.item.unit else ""
        yield Input(placeholder=f"a number{unit}, e.g. 0.25, 1/4 or 25%; enter to check")
        yield Static("", classes="feedback")

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        """Grade the number."""
        verdict = check_numeric(self.item, event.value)
        self.show(verdict)
        if "is not a number" not in verdict.message:
            self.answered(verdict.correct, event.value)


class FormulaView(QuizItemView):
    """A formula checked by SymPy in a worker thread (the first check imports SymPy)."""

    item: FormulaItem

    def compose(self) -> ComposeResult:
        """Prompt, the symbols to use, input and feedback."""
        yield from self.compose_prompt()
        symbols = ", ".join(self.item.symbols)
        yield Static(
            f"Symbols: {symbols}. Write ^ or ** for powers; 2x means 2*x.", classes="quiz-hint"
        )
        yield Input(placeholder="a formula; enter to check")
        yield Static("", classes="feedback")

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        """Start the SymPy check."""
        if not event.value.strip():
            return
        self.query_one(".feedback", Static).update("checking…")
        self.run_check(event.value)

    @work(thread=True, exclusive=True)
    def run_check(self, text: str) -> None:
        """Off the UI thread: parse and compare with SymPy."""
        from quizprep.bank.quiz import check_formula

        verdict = check_formula(self.item, text)
        self.app.call_from_thread(self._checked, verdict, text)

    def _checked(self, verdict: Verdict, text: str) -> None:
        self.show(verdict)
        if "cannot read" not in verdict.message and "not allowed" not in verdict.message:
            self.answered(verdict.correct, text)


class ShortView(QuizItemView):
    """Free text; then the key points, and the learner rates their own answer."""

    item: ShortItem

    def __init__(self, index: int, item: QuizItem, key_points: list[str]) -> None:
        super().__init__(index, item)
        self.key_points = key_points

    def compose(self) -> ComposeResult:
        """Prompt, a text box, a reveal button, then (hidden) key points and ratings."""
        yield from self.compose_prompt()
        yield TextArea(classes="short-answer")
        yield Button("Compare with the key points", classes="reveal")
        with Vertical(classes="rating hidden"):
            points = self.item.key_points or self.key_points
            yield Markdown("**Key points**\n\n" + "\n".join(f"- {p}" for p in points))
            yield Static("How did you do?", classes="quiz-hint")
            with Horizontal(classes="rating-buttons"):
                for value, label in RATINGS:
                    yield Button(label, id=f"rate-{self.index}-{value}", classes="rate")
        yield Static("", classes="feedback")

    @on(Button.Pressed, ".reveal")
    def reveal(self) -> None:
        """Show the key points and the rating buttons."""
        self.query_one(".rating").remove_class("hidden")
        self.query_one(".rate", Button).focus()

    @on(Button.Pressed, ".rate")
    def rate(self, event: Button.Pressed) -> None:
        """Record the learner's own rating."""
        rating = int((event.button.id or "0")[-1])
        text = self.query_one(TextArea).text
        label = dict(RATINGS)[str(rating)]
        self.query_one(".feedback", Static).update(f"Recorded: {label}.")
        self.answered(None, text, rating)


def view_for(index: int, item: QuizItem, key_points: list[str]) -> QuizItemView:
    """The widget for a quiz item."""
    if isinstance(item, ChoiceItem):
        return ChoiceView(index, item)
    if isinstance(item, NumericItem):
        return NumericView(index, item)
    if isinstance(item, FormulaItem):
        return FormulaView(index, item)
    return ShortView(index, item, key_points)

"""Quiz items answered in place: choice, numeric, formula (SymPy, off the UI thread) and free
text rated against the key points.

A wrong first answer gets one more try before the key is shown; an item's outcome (right at the
first or the second try, or wrong twice) is posted once per visit as `QuizItemView.Answered` for
the screen to record. An answer that cannot be read is neither, and costs no try."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
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

from quizprep.bank.mathtext import readable
from quizprep.bank.quiz import FORMULA_HINT, NUMERIC_HINT, Verdict, check_choice, check_numeric
from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem, QuizItem, ShortItem

RATINGS = (
    ("1", "Again: I missed it"),
    ("2", "Hard: partly"),
    ("3", "Good: got it"),
    ("4", "Easy: nailed it"),
)

TRIES = 2
"""Answers an item takes before its key is shown."""

TRY_AGAIN = "Not quite: try once more."


class QuizItemView(Vertical):
    """One quiz item: its prompt, an answer widget (class `answer`) and a feedback line."""

    DEFAULT_CLASSES = "quiz-item"

    @dataclass
    class Answered(Message):
        """Item `index` has its outcome for this visit; `correct` is None for a self-rated
        text; `tries` is how many answers it took (1 or 2)."""

        index: int
        kind: str
        correct: bool | None
        answer: str
        rating: int | None = None
        tries: int = 1

    def __init__(self, index: int, item: QuizItem) -> None:
        super().__init__(id=f"quiz-{index}")
        self.index = index
        self.item = item
        self.started = time.monotonic()
        self.tries = 0
        """Answers counted so far in this visit (one that cannot be read is not)."""
        self.settled = False
        """Whether this visit's outcome is posted; later answers are checked, not recorded."""

    def compose_prompt(self) -> ComposeResult:
        """Number and prompt."""
        yield Markdown(
            f"**Q{self.index + 1}.** {readable(self.item.prompt)}", classes="quiz-prompt"
        )

    def focus_answer(self) -> None:
        """Put the focus where the answer is given, leaving the page where it is."""
        self.query_one(".answer").focus(scroll_visible=False)

    def show(self, text: str, kind: str) -> None:
        """Show a feedback line and scroll it into view (`kind`: right, wrong, or note for a
        line that is no verdict)."""
        feedback = self.query_one(".feedback", Static)
        feedback.set_classes(f"feedback {kind}")
        mark = {"right": "✓ ", "wrong": "✗ "}.get(kind, "")
        feedback.update(Text(mark + readable(text)))
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def judge(self, verdict: Verdict, answer: str) -> None:
        """Show a verdict: a first wrong answer only says so; the key comes with a right
        answer or the last wrong one. Every try that was read is posted (the history keeps
        it; the trainer gives the scheduler one rating per visit), none after the key."""
        if not verdict.understood:
            self.show(verdict.message, "note")
            return
        if self.settled:
            self.show(verdict.message, "right" if verdict.correct else "wrong")
            return
        self.tries += 1
        if not verdict.correct and self.tries < TRIES:
            self.show(TRY_AGAIN, "wrong")
            self.post(False, answer)
            return
        self.show(verdict.message, "right" if verdict.correct else "wrong")
        self.settle(verdict.correct, answer)

    def settle(self, correct: bool | None, answer: str, rating: int | None = None) -> None:
        """Post the item's final outcome for this visit."""
        self.settled = True
        self.post(correct, answer, rating)

    def post(self, correct: bool | None, answer: str, rating: int | None = None) -> None:
        """Tell the screen about one answer (its try number with it)."""
        self.post_message(
            self.Answered(
                self.index, self.item.kind, correct, answer, rating, tries=max(1, self.tries)
            )
        )


class ChoiceRadios(RadioSet):
    """Radio buttons where enter picks the highlighted option and checks it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Check", show=False),
    ]

    @dataclass
    class Submitted(Message):
        """Enter on option `index`."""

        index: int

    def action_submit(self) -> None:
        """Press the highlighted option and ask for a check."""
        highlighted = self._selected  # RadioSet's highlighted option
        if highlighted is None:
            return
        button = self.query(RadioButton)[highlighted]
        button.value = True
        self.post_message(self.Submitted(highlighted))


class ChoiceList(SelectionList[int]):
    """A "select all that apply" list: space ticks an option, enter checks the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Check", show=False),
    ]

    class Submitted(Message):
        """Enter: check the ticked options."""

    def action_submit(self) -> None:
        """Ask for a check."""
        self.post_message(self.Submitted())


class ChoiceView(QuizItemView):
    """Single choice as radio buttons, "select all that apply" as a selection list; enter or
    the button checks."""

    item: ChoiceItem

    def compose(self) -> ComposeResult:
        """Prompt, options, a check button and the feedback line."""
        yield from self.compose_prompt()
        options = [Text(readable(option)) for option in self.item.options]
        if self.item.multiple:
            yield Static(
                "Select all that apply (space to tick, enter to check).", classes="quiz-hint"
            )
            yield ChoiceList(*[(o, i) for i, o in enumerate(options)], classes="answer")
        else:
            with ChoiceRadios(classes="answer"):
                for option in options:
                    yield RadioButton(option)
        yield Button("Check", variant="primary", classes="check")
        yield Static("", classes="feedback")

    def picked(self) -> set[int]:
        """The options the learner picked."""
        if self.item.multiple:
            return set(self.query_one(ChoiceList).selected)
        index = self.query_one(ChoiceRadios).pressed_index
        return {index} if index >= 0 else set()

    @on(ChoiceRadios.Submitted)
    def submit_radio(self, event: ChoiceRadios.Submitted) -> None:
        """Enter on an option: check it."""
        self.check_picked({event.index})

    @on(Button.Pressed, ".check")
    @on(ChoiceList.Submitted)
    def check(self) -> None:
        """Check what is picked."""
        self.check_picked(self.picked())

    def check_picked(self, picked: set[int]) -> None:
        """Grade the choice."""
        self.judge(check_choice(self.item, picked), ",".join(map(str, sorted(picked))))


class NumericView(QuizItemView):
    """A number typed in; fractions and percentages are fine."""

    item: NumericItem

    def compose(self) -> ComposeResult:
        """Prompt, input and feedback."""
        yield from self.compose_prompt()
        unit = f" (in {self.item.unit})" if self.item.unit else ""
        yield Input(
            placeholder=f"a number{unit}, {NUMERIC_HINT}; enter to check",
            classes="answer",
        )
        yield Static("", classes="feedback")

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        """Grade the number."""
        self.judge(check_numeric(self.item, event.value), event.value)


class FormulaView(QuizItemView):
    """A formula checked by SymPy in a worker thread (the first check imports SymPy)."""

    item: FormulaItem

    def compose(self) -> ComposeResult:
        """Prompt, the symbols to use, input and feedback."""
        yield from self.compose_prompt()
        symbols = ", ".join(self.item.symbols)
        yield Static(f"Symbols: {symbols}. {FORMULA_HINT}.", classes="quiz-hint")
        yield Input(placeholder="a formula; enter to check", classes="answer")
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
        self.app.call_from_thread(self.judge, verdict, text)


class ShortView(QuizItemView):
    """Free text; then the key points, and the learner rates their own answer."""

    item: ShortItem

    def __init__(self, index: int, item: QuizItem, key_points: list[str]) -> None:
        super().__init__(index, item)
        self.key_points = key_points
        self.rated = ""
        """The rating given in this visit, as its label."""

    def compose(self) -> ComposeResult:
        """Prompt, a text box, a reveal button, then (hidden) key points and ratings."""
        yield from self.compose_prompt()
        yield TextArea(classes="short-answer answer")
        yield Button("Compare with the key points", classes="reveal")
        with Vertical(classes="rating hidden"):
            points = self.item.key_points or self.key_points
            yield Markdown("**Key points**\n\n" + "\n".join(f"- {readable(p)}" for p in points))
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
        """Record the learner's own rating (the first one of the visit)."""
        if self.settled:
            self.show(f"Already recorded: {self.rated}.", "note")
            return
        rating = int((event.button.id or "0")[-1])
        self.rated = dict(RATINGS)[str(rating)]
        self.show(f"Recorded: {self.rated}.", "note")
        self.settle(None, self.query_one(TextArea).text, rating)


def view_for(index: int, item: QuizItem, key_points: list[str]) -> QuizItemView:
    """The widget for a quiz item."""
    if isinstance(item, ChoiceItem):
        return ChoiceView(index, item)
    if isinstance(item, NumericItem):
        return NumericView(index, item)
    if isinstance(item, FormulaItem):
        return FormulaView(index, item)
    return ShortView(index, item, key_points)

"""Review: every due question in turn, with what is left, when each comes back, and the end."""

from __future__ import annotations

import math
from datetime import datetime
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from quizprep.bank.schema import Question
from quizprep.tui.screens.base import TrainerScreen


def describe_when(moment: datetime | None, now: datetime) -> str:
    """When `moment` is, from `now`: "now", "in 10 minutes", "in 5 hours", "in 3 days (Tue 4
    Mar)"; "not scheduled" for None."""
    if moment is None:
        return "not scheduled"
    seconds = (moment - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        minutes = math.ceil(seconds / 60)
        return f"in {minutes} minute{'s' * (minutes != 1)}"
    hours = round(seconds / 3600)
    if hours < 24:
        return f"in {hours} hour{'s' * (hours != 1)}"
    days = max(1, round(seconds / 86400))
    local = moment.astimezone()
    return f"in {days} day{'s' * (days != 1)} ({local:%a} {local.day} {local:%b})"


class ReviewScreen(TrainerScreen):
    """Opens each due question's screen in turn, most overdue first, and between them says
    what is left and when the last one comes back; at the end, when the next review is.

    A question left without an answer stays due but is not asked again in this review."""

    DEFAULT_CSS = """
    ReviewScreen #review-status {
        padding: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next question"),
        Binding("escape", "app.pop_screen", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Question] = []
        """The questions opened in this review, in order."""
        self.current: Question | None = None
        """The question whose screen is open on top of this one."""

    def compose(self) -> ComposeResult:
        """One status text."""
        yield Header()
        with VerticalScroll():
            yield Static(id="review-status")
        yield Footer()

    def left(self) -> list[Question]:
        """Due questions not yet opened in this review, most overdue first."""
        seen = {question.id for question in self.seen}
        return [question for question in self.trainer.due() if question.id not in seen]

    def on_screen_resume(self) -> None:
        """First shown: open the first due question. Back from one: say how it went."""
        if not self.is_current:  # a question screen was pushed before this event arrived
            return
        if self.current is not None:
            self.seen.append(self.current)
            self.current = None
            self._show_status()
        elif not self.seen:
            self.action_next()

    def action_next(self) -> None:
        """Open the next due question, or go home when none is left."""
        left = self.left()
        if not left:
            self.app.pop_screen()
            return
        self.current = left[0]
        self.quiz_app.open_question(left[0])

    def _show_status(self) -> None:
        trainer = self.trainer
        clock = trainer.clock()
        lines = []
        if self.seen:
            last = self.seen[-1]
            lines.append(f"[b]{escape(f'#{last.number} {last.title}')}[/]")
            if last in trainer.due():
                lines.append("Not answered: it stays due.")
            else:
                lines.append(f"Comes back {describe_when(trainer.due_at(last), clock)}.")
            lines.append("")
        left = len(self.left())
        if left:
            lines += [f"[b]{left} left[/]", "", "[b]enter[/] next question · [b]escape[/] home"]
            self.query_one("#review-status", Static).update("\n".join(lines))
            return
        upcoming = describe_when(trainer.next_review(), clock)
        lines.append(f"[b]Done for today: next review {upcoming}.[/]")
        skipped = len(trainer.due())
        if skipped:
            lines.append(f"{skipped} left unanswered {'is' if skipped == 1 else 'are'} still due.")
        lines += ["", "[b]escape[/] home"]
        self.query_one("#review-status", Static).update("\n".join(lines))

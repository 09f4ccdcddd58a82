"""Stats: mastery per topic, and a chart of the last 30 days of practice."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from quizprep.tui.screens.base import TrainerScreen
from quizprep.tui.screens.home import progress_bar
from quizprep.tui.trainer import now

DAYS = 30


class StatsScreen(TrainerScreen):
    """How far along the learner is, per topic and over time."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        """A table per topic, then the chart."""
        from textual_plotext import PlotextPlot

        yield Header()
        with VerticalScroll():
            yield Static("Mastery per topic", classes="section-title")
            yield DataTable(id="topic-table", cursor_type="row")
            yield Static(f"Last {DAYS} days", classes="section-title")
            yield PlotextPlot(id="history")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and draw the chart from the store."""
        from textual_plotext import PlotextPlot

        trainer = self.trainer
        table = self.query_one("#topic-table", DataTable)
        table.add_columns("topic", "questions", "passed", "mastery")
        for summary in trainer.topics():
            passed = sum(trainer.store.has_passed(q.id) for q in summary.questions)
            table.add_row(
                summary.title,
                str(len(summary.questions)),
                str(passed),
                f"{progress_bar(summary.mastery)} {summary.mastery:.0%}",
            )
        history = trainer.store.history(DAYS, now())
        plot = self.query_one("#history", PlotextPlot).plt
        days = list(range(-len(history) + 1, 1))
        plot.bar(days, [d.attempts for d in history], label="answers")
        plot.bar(days, [d.correct for d in history], label="right", width=0.4)
        plot.xlabel("days ago")
        plot.title("answers and right answers per day")

"""Stats: what is done and mastered per topic (and what that means), and a chart of the last 30
days of practice."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from quizprep.tui.screens.base import TrainerScreen
from quizprep.tui.screens.home import progress_bar

DAYS = 30


class StatsScreen(TrainerScreen):
    """How far along the learner is, per topic and over time."""

    DEFAULT_CSS = """
    StatsScreen #mastery-rules {
        padding: 0 1 1 1;
        color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        """A table per topic, what its numbers mean, then the chart."""
        from textual_plotext import PlotextPlot

        from quizprep.progress.mastery import MASTERY_RULES

        yield Header()
        with VerticalScroll():
            yield Static("Mastery per topic", classes="section-title")
            yield DataTable(id="topic-table", cursor_type="row")
            yield Static(MASTERY_RULES, id="mastery-rules", markup=False)
            yield Static(f"Last {DAYS} days", classes="section-title")
            yield PlotextPlot(id="history")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and draw the chart from the store."""
        from textual_plotext import PlotextPlot

        trainer = self.trainer
        table = self.query_one("#topic-table", DataTable)
        table.add_columns("topic", "questions", "done", "mastery")
        done = trainer.done_ids()
        for summary in trainer.topics():
            table.add_row(
                summary.title,
                str(len(summary.questions)),
                str(sum(q.id in done for q in summary.questions)),
                f"{progress_bar(summary.mastery)} {summary.mastery:.0%}",
            )
        history = trainer.store.history(DAYS, trainer.clock().astimezone())
        plot = self.query_one("#history", PlotextPlot).plt
        days = list(range(-len(history) + 1, 1))
        plot.bar(days, [d.attempts for d in history], label="answers")
        plot.bar(days, [d.correct for d in history], label="right", width=0.4)
        plot.xlabel("days ago")
        plot.title("answers and right answers per day")

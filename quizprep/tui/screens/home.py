"""Home: topics with progress, questions of the chosen topic, review, continue, mock, stats."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizprep.tui.screens.base import TrainerScreen


def progress_bar(fraction: float, width: int = 8) -> str:
    """A text bar like ▰▰▰▱▱▱▱▱ for a fraction in 0..1."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "▰" * filled + "▱" * (width - filled)


def _fit(markup: str, width: int) -> str:
    """Cut a line to `width` visible cells (markup tags don't count), with an ellipsis."""
    from rich.text import Text

    text = Text.from_markup(markup)
    if text.cell_len <= width:
        return markup
    text.truncate(width, overflow="ellipsis")
    return text.markup


class HomeScreen(TrainerScreen):
    """Where every session starts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review due"),
        Binding("c", "continue", "Continue"),
        Binding("m", "mock", "Mock interview"),
        Binding("s", "stats", "Stats"),
        Binding("ctrl+p", "command_palette", "Search"),
    ]

    def compose(self) -> ComposeResult:
        """Topics on the left, their questions on the right."""
        yield Header()
        with Horizontal():
            with Vertical(id="topics-pane"):
                yield Static("Topics", classes="pane-title")
                yield OptionList(id="topics")
                yield Static(id="actions")
            with Vertical(id="questions-pane"):
                yield Static("Questions", classes="pane-title", id="questions-title")
                yield OptionList(id="questions")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the lists; the first topic's questions show at once."""
        self.refresh_lists()
        self.query_one("#questions", OptionList).focus()

    def on_screen_resume(self) -> None:
        """Back from a question: progress may have changed."""
        self.refresh_lists()

    def refresh_lists(self) -> None:
        """Rebuild topics (with mastery) and the action line from the store."""
        trainer = self.trainer
        topics = self.query_one("#topics", OptionList)
        highlighted = topics.highlighted or 0
        topics.clear_options()
        for summary in trainer.topics():
            label = f"{_fit(summary.title, 22):<22} {progress_bar(summary.mastery)}"
            topics.add_option(Option(label, id=summary.slug))
        if topics.option_count:
            topics.highlighted = min(highlighted, topics.option_count - 1)
        due = len(trainer.due())
        last = trainer.last_question()
        lines = [f"[b]r[/] review due ({due})"]
        lines.append(
            _fit(f"[b]c[/] continue #{last.number} {last.title}", 30)
            if last
            else "[b]c[/] continue (nothing yet)"
        )
        lines += ["[b]m[/] mock interview", "[b]s[/] stats", "[b]?[/] help"]
        lines += ["", "[dim]⌨ = has a coding exercise[/]"]
        self.query_one("#actions", Static).update("\n".join(lines))
        self._show_topic()

    def _show_topic(self) -> None:
        trainer = self.trainer
        topics = self.query_one("#topics", OptionList)
        if topics.highlighted is None:
            return
        slug = topics.get_option_at_index(topics.highlighted).id
        summary = next(s for s in trainer.topics() if s.slug == slug)
        questions = self.query_one("#questions", OptionList)
        keep = questions.highlighted
        questions.clear_options()
        due = {q.id for q in trainer.due()}
        for question in summary.questions:
            marks = []
            if trainer.store.has_passed(question.id):
                marks.append("[green]✓[/]")
            if question.id in due:
                marks.append("[yellow]due[/]")
            code = " ⌨" if question.exercise else "  "
            label = f"{question.number:>2}{code} {question.title}  {' '.join(marks)}"
            questions.add_option(Option(label, id=question.id))
        if questions.option_count:
            questions.highlighted = min(keep or 0, questions.option_count - 1)
        count = len(summary.questions)
        self.query_one("#questions-title", Static).update(
            f"{summary.title}: {count} question{'s' * (count != 1)}"
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through topics shows that topic's questions."""
        if event.option_list.id == "topics":
            self._show_topic()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a topic moves to its questions; on a question opens it."""
        if event.option_list.id == "topics":
            self.query_one("#questions", OptionList).focus()
            return
        question = self.trainer.question(event.option.id or "")
        if question is not None:
            self.quiz_app.open_question(question)

    def action_review(self) -> None:
        """Open the most overdue question."""
        due = self.trainer.due()
        if not due:
            self.notify("Nothing is due for review: come back later, or pick a question.")
            return
        self.quiz_app.open_question(due[0])

    def action_continue(self) -> None:
        """Open the question the learner was last on."""
        last = self.trainer.last_question()
        if last is None:
            self.notify("Nothing to continue yet: pick a question.")
            return
        self.quiz_app.open_question(last)

    def action_mock(self) -> None:
        """Start a timed mock interview."""
        from quizprep.tui.screens.mock import MockInterviewScreen

        self.app.push_screen(MockInterviewScreen())

    def action_stats(self) -> None:
        """Per-topic mastery and history."""
        from quizprep.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

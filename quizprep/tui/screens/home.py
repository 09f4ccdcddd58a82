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

    DUE_CHECK_SECONDS: ClassVar[float] = 30.0
    """How often the screen checks whether a question has fallen due while it is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review due"),
        Binding("c", "continue", "Continue"),
        Binding("m", "mock", "Mock interview"),
        Binding("s", "stats", "Stats"),
        Binding("ctrl+p", "command_palette", "Search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._due_shown: list[str] = []
        """The due questions as last shown (ids, most overdue first)."""

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
        self.set_interval(self.DUE_CHECK_SECONDS, self._check_due)

    def on_screen_resume(self) -> None:
        """Back from a question: progress may have changed."""
        self.refresh_lists()

    def _check_due(self) -> None:
        """Questions fall due with time alone: show them when they do."""
        if self.is_current and [q.id for q in self.trainer.due()] != self._due_shown:
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
        self._due_shown = [q.id for q in trainer.due()]
        done, total = trainer.done_count()
        last = trainer.last_question()
        lines = [f"{done} of {total} done", "", f"[b]r[/] review due ({len(self._due_shown)})"]
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
        due = set(self._due_shown)
        done = trainer.done_ids()
        for question in summary.questions:
            marks = []
            if question.id in done:
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
        """Review every due question in turn."""
        from quizprep.tui.screens.review import ReviewScreen, describe_when

        trainer = self.trainer
        if not trainer.due():
            upcoming = trainer.next_review()
            later = f": next review {describe_when(upcoming, trainer.clock())}" if upcoming else ""
            self.notify(f"Nothing is due for review{later}. Pick a question meanwhile.")
            return
        self.app.push_screen(ReviewScreen())

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

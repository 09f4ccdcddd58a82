"""The coding exercise: task, an editor on a plain workspace file, the grader in the background,
results per check, progressive hints, and the reference after a pass or a recorded give-up."""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import (
    Footer,
    Header,
    LoadingIndicator,
    Markdown,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from quizprep.bank.mathtext import readable
from quizprep.bank.schema import Question
from quizprep.errors import Cancelled, QuizprepError
from quizprep.tui.screens.base import TrainerScreen

if TYPE_CHECKING:
    from quizprep.grading.result import GradeResult

MARKS = {
    "pass": "[green]✓[/]",
    "fail": "[red]✗[/]",
    "error": "[red]![/]",
    "timeout": "[yellow]⧗[/]",
    "memory": "[yellow]M[/]",
    "invalid": "[red]?[/]",
}


def task_markdown(question: Question) -> str:
    """The exercise's task (math as text), signature, and how grading works."""
    exercise = question.exercise
    assert exercise is not None
    return (
        f"## `{exercise.function}{exercise.signature.split('->')[0].strip()}`\n\n"
        f"Returns: `{exercise.signature.split('->')[-1].strip()}`\n\n{readable(exercise.task)}\n\n"
        "---\n\n**F2** (or alt+2) opens the code, **ctrl+r** saves and grades it, **F3** shows "
        "the results again, **ctrl+t** gives a hint. Arrays arrive as NumPy float64 arrays, or "
        "as torch tensors if your file imports torch at the top."
    )


def results_markup(result: GradeResult) -> str:
    """A result as Rich markup: the verdict, the advice, then each check."""
    lines = [
        f"[b]{result.status.upper()}[/b]  {result.passed}/{len(result.checks)} checks "
        f"passed · {result.arrays} on {result.device} · seed {result.seed} · "
        f"{result.seconds:.2f} s"
    ]
    if result.advice:
        lines.append(f"\n[b yellow]{_escape(result.advice)}[/]")
    lines.append("")
    failing = [c for c in result.checks if c.status != "pass"]
    if len(failing) > 1 and len({c.message for c in failing}) == 1:  # e.g. not attempted
        lines.append(
            f"{MARKS.get(failing[0].status, '?')} every failing check "
            f"({len(failing)}): {_escape(failing[0].message)}\n"
        )
        failing = []
    for check in result.checks:
        if check.status == "pass" or check in failing:
            lines.append(f"{MARKS.get(check.status, '?')} {_escape(check.name)}")
        if check in failing:
            lines.append(f"    [dim]{check.status}:[/] {_escape(check.message)}")
    if result.output.strip():
        lines.append("\n[b]Your code printed:[/]\n" + _escape(result.output.strip()[-2000:]))
    return "\n".join(lines)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def next_exercise(
    questions: Sequence[Question], current: Question, passed: Callable[[str], bool]
) -> Question | None:
    """The first question with an exercise after `current` in the bank's order (wrapping round)
    that the learner has not passed; None when every other one is passed."""
    start = questions.index(current) + 1 if current in questions else 0
    for question in [*questions[start:], *questions[:start]]:
        if question.exercise is not None and question != current and not passed(question.id):
            return question
    return None


class PythonEditor(TextArea):
    """The code editor. Enter keeps the line's indentation, and indents one level more after a
    line that ends in a colon (TextArea does not indent by itself)."""

    def on_key(self, event: events.Key) -> None:
        """Enter: a new line, indented."""
        if event.key != "enter" or self.read_only:
            return  # TextArea handles every other key
        event.stop()
        event.prevent_default()
        start, end = self.selection
        row, column = min(start, end)
        before = self.document.get_line(row)[:column]
        indent = before[: len(before) - len(before.lstrip())]
        if before.rstrip().endswith(":"):
            indent += " " * self.indent_width
        self.replace("\n" + indent, start, end, maintain_selection_offset=False)


class ExerciseScreen(TrainerScreen):
    """Write the code, run the grader, read what is wrong."""

    # Only keys that reach the screen from inside the editor: none that TextArea binds (ctrl+a,
    # e, w, k, u, d, x, c, v, z, y, f6, f7) and none that terminals send as another key (ctrl+h
    # is backspace, ctrl+i tab, ctrl+m and ctrl+j enter, ctrl+[ escape). Escape in the editor
    # leaves the editor; the next one cancels a run, or goes back.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run", "Run"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+t", "hint", "Hint"),
        Binding("ctrl+n", "next_exercise", "Next exercise"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+o", "external_editor", "$EDITOR", show=False),
        Binding("ctrl+f", "watch", "Re-grade on save", show=False),
        Binding("ctrl+g", "give_up", "Give up", show=False),
        Binding("f1,alt+1", "tab('task-tab')", "Task", show=False),
        Binding("f2,alt+2", "tab('code-tab')", "Code"),
        Binding("f3,alt+3", "tab('results-tab')", "Results"),
        Binding("f4,alt+4", "tab('hints-tab')", "Hints", show=False),
        Binding("f5,alt+5", "tab('reference-tab')", "Reference", show=False),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        assert question.exercise is not None
        self.question = question
        self.exercise = question.exercise
        self.cancel: threading.Event | None = None
        self.watching = False
        self.started = time.monotonic()
        self._disk_text = ""
        self._disk_mtime = 0.0
        self._give_up_armed = 0.0
        self._reference_shown = ""
        self.passed = False
        """Whether the learner has passed this exercise (now or before): it offers the next."""

    @property
    def path(self) -> os.PathLike[str]:
        """The learner's file."""
        return self.trainer.exercise_file(self.exercise)

    def compose(self) -> ComposeResult:
        """Tabs: task, code, results, hints (and the reference once earned)."""
        yield Header()
        yield Static(id="exercise-meta")
        with TabbedContent(id="tabs"):
            with TabPane("Task", id="task-tab"), VerticalScroll():
                yield Markdown(task_markdown(self.question))
            with TabPane("Code", id="code-tab"):
                yield PythonEditor.code_editor("", language="python", id="editor")
            with TabPane("Results", id="results-tab"):
                yield LoadingIndicator(id="running", classes="hidden")
                with VerticalScroll(id="results-scroll"):
                    yield Static("Not graded yet: press ctrl+r.", id="results")
            with TabPane("Hints", id="hints-tab"), VerticalScroll():
                yield Markdown(id="hints")
            with TabPane("Reference", id="reference-tab"), VerticalScroll():
                yield Markdown(id="reference")
        yield Footer()

    def on_mount(self) -> None:
        """Load the file; show the task first the first time, the code afterwards."""
        trainer = self.trainer
        self.passed = trainer.store.has_passed(self.question.id)
        self._load_from_disk()
        self._update_meta()
        self._show_hints()
        self._show_reference()
        trainer.prepare(self.question)  # the first run's cases, while the learner reads
        if trainer.store.exercise_attempts(self.question.id) or self._edited():
            self.action_tab("code-tab")
        else:
            self.action_tab("task-tab")
        self.set_interval(1.0, self._poll_file)

    def _edited(self) -> bool:
        return self.query_one("#editor", TextArea).text.strip() != self.exercise.starter.strip()

    def _update_meta(self) -> None:
        watch = " · re-grading on save" if self.watching else ""
        self.query_one("#exercise-meta", Static).update(
            f"{self.path}{watch} · #{self.question.number} {self.question.title}"
        )

    def _load_from_disk(self) -> None:
        path = self.trainer.exercise_file(self.exercise)
        self._disk_text = path.read_text(encoding="utf-8")
        self._disk_mtime = path.stat().st_mtime
        self.query_one("#editor", TextArea).load_text(self._disk_text)

    def _poll_file(self) -> None:
        """Another editor saved the file: reload it (if our buffer has no unsaved edits)."""
        path = self.trainer.exercise_file(self.exercise)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return
        if mtime == self._disk_mtime:
            return
        editor = self.query_one("#editor", TextArea)
        if editor.text != self._disk_text:
            self.notify(
                "The file changed on disk, but you have unsaved edits here: keeping "
                "yours. Save (ctrl+s) to overwrite it.",
                severity="warning",
            )
            self._disk_mtime = mtime
            return
        self._load_from_disk()
        self.notify("Reloaded: the file was saved by another editor.")
        if self.watching:
            self.action_run()

    def action_tab(self, tab: str) -> None:
        """Show a tab and focus what is in it: the editor, or the text, so the keys scroll it."""
        self.query_one("#tabs", TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        if tab == "code-tab":
            self.query_one("#editor", TextArea).focus()
        else:
            self.query_one(f"#{tab}", TabPane).query_one(VerticalScroll).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """The code tab focuses the editor; another tab takes the focus from the editor it
        hides (left on the tab strip, the focus stays there, so the arrows go on moving)."""
        editor = self.query_one("#editor", TextArea)
        if event.pane.id == "code-tab":
            editor.focus()
        elif event.pane.id and self.focused in (None, editor):
            self._focus_tab(event.pane.id)

    def action_save(self) -> None:
        """Write the editor's text to the workspace file."""
        path = self.trainer.exercise_file(self.exercise)
        text = self.query_one("#editor", TextArea).text
        path.write_text(text, encoding="utf-8")
        self._disk_text = text
        self._disk_mtime = path.stat().st_mtime

    def action_run(self) -> None:
        """Save, then grade in a worker thread (the UI stays responsive; escape cancels)."""
        if self.cancel is not None:
            self.notify("Already grading: escape cancels.")
            return
        self.action_save()
        self.cancel = threading.Event()
        self.query_one("#running").remove_class("hidden")
        self.query_one("#results", Static).update("Grading… (escape to cancel)")
        self.action_tab("results-tab")
        self.grade(self._disk_text, self.cancel)

    @work(thread=True, exclusive=True, group="grade")
    def grade(self, source: str, cancel: threading.Event) -> None:
        """Off the UI thread: run the grader and hand the result back."""
        trainer = self.trainer
        try:
            result = trainer.grade(self.question, source, cancel, started=self.started)
        except Cancelled:
            self.app.call_from_thread(self._finished, None, "Cancelled.")
        except QuizprepError as exc:
            self.app.call_from_thread(self._finished, None, f"The grader failed: {exc}")
        else:
            self.app.call_from_thread(self._finished, result, "")
        trainer.prepare(self.question)  # the next run's, while the learner reads the results

    def _finished(self, result: GradeResult | None, message: str) -> None:
        self.cancel = None
        try:
            running = self.query_one("#running")
            results = self.query_one("#results", Static)
            scroll = self.query_one("#results-scroll", VerticalScroll)
        except NoMatches:  # the learner left during the run (a search, another question)
            return
        running.add_class("hidden")
        if result is None:
            results.update(_escape(message))
            return
        results.update(results_markup(result))
        scroll.scroll_home(animate=False)
        if result.status == "pass":
            self.notify(
                "Passed every check. The reference is in the Reference tab; ctrl+n opens "
                "the next exercise.",
                title="Well done",
            )
            self.passed = True
            self.refresh_bindings()
        self.call_after_refresh(self._show_reference)  # the verdict is painted first

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The next-exercise key is offered once this exercise is passed."""
        return self.passed if action == "next_exercise" else True

    def action_back(self) -> None:
        """Escape: cancel a running grade, else go back (saving the code)."""
        if self.cancel is not None:
            self.cancel.set()
            return
        if self.query_one("#editor", TextArea).text != self._disk_text:
            self.notify("Saved your code.")
        self.leave()

    def leave(self) -> None:
        """Close this exercise: stop a run, save the code, end the round, and go back."""
        if self.cancel is not None:
            self.cancel.set()
        self.keep_work()
        self.trainer.leave_exercise(self.question)
        self.app.pop_screen()

    def keep_work(self) -> None:
        """Save the editor's text if it has changes the file does not have."""
        if self.query_one("#editor", TextArea).text != self._disk_text:
            self.action_save()

    def action_next_exercise(self) -> None:
        """Go on to the next exercise not passed yet, in the bank's order."""
        trainer = self.trainer
        following = next_exercise(trainer.questions, self.question, trainer.store.has_passed)
        if following is None:
            self.notify("You have passed every other exercise.")
            return
        self.quiz_app.open_question(following, exercise=True)

    def action_hint(self) -> None:
        """The next hint (recorded: hints lower the scheduling rating of a pass)."""
        hint = self.trainer.next_hint(self.question)
        if hint is None:
            self.notify("No more hints. ctrl+g twice gives up and shows the reference.")
        self._show_hints()
        self.action_tab("hints-tab")

    def _show_hints(self) -> None:
        shown = self.trainer.shown_hints(self.question)
        total = len(self.exercise.hints)
        text = "\n\n".join(f"**Hint {i}.** {readable(hint)}" for i, hint in enumerate(shown, 1))
        more = f"\n\n_{total - len(shown)} more: press ctrl+t._" if len(shown) < total else ""
        self.query_one("#hints", Markdown).update((text or "_No hints used yet._") + more)

    def _show_reference(self) -> None:
        """The reference once it may be seen, else how to see it; rendered again only when
        that changes (a Markdown update re-highlights the whole source)."""
        trainer = self.trainer
        try:
            reference = self.query_one("#reference", Markdown)
        except NoMatches:  # the learner left before this ran
            return
        if trainer.may_see_reference(self.question):
            source = trainer.reference_source(self.question)
            text = f"The trusted reference:\n\n```python\n{source}\n```"
        else:
            text = (
                "_The reference appears here after you pass, or after you give up "
                "(ctrl+g twice; recorded, and the question comes back sooner)._"
            )
        if text != self._reference_shown:
            self._reference_shown = text
            reference.update(text)

    def action_give_up(self) -> None:
        """Twice within five seconds: record a give-up and show the reference."""
        now = time.monotonic()
        if now - self._give_up_armed > 5:
            self._give_up_armed = now
            self.notify(
                "Press ctrl+g again to give up and see the reference. It is recorded, "
                "and the question comes back for review soon.",
                severity="warning",
            )
            return
        self.trainer.give_up(self.question)
        self._show_reference()
        self.action_tab("reference-tab")

    def action_watch(self) -> None:
        """Toggle re-grading whenever another editor saves the file."""
        self.watching = not self.watching
        self._update_meta()
        self.notify("Re-grading on save: " + ("on" if self.watching else "off"))

    def action_external_editor(self) -> None:
        """Edit in $EDITOR (the app suspends and resumes), then reload."""
        self.action_save()
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path = self.trainer.exercise_file(self.exercise)
        try:
            with self.app.suspend():
                subprocess.call([*shlex.split(editor), str(path)])
        except Exception as exc:  # e.g. suspend is unsupported in this terminal/driver
            self.notify(f"Cannot open {editor}: {exc}", severity="error")
            return
        self._load_from_disk()

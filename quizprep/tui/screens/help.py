"""The help screen: what each key does, everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# quizprep keys

**Everywhere**: `?` this help · `ctrl+p` search questions · `escape` back · `ctrl+q` quit

**Home**: `enter` open the highlighted question · `r` review what is due · `c` continue where you
left off · `m` mock interview · `s` stats · `tab` switch between topics and questions

**Question**: `tab`/`shift+tab` move between quiz items · `enter` check an answer · `a` show the
model answer · `e` the coding exercise

**Exercise**: `F1`-`F5` (or `alt+1`-`alt+5`) the Task, Code, Results, Hints and Reference
tabs · `ctrl+r` save and run the grader · `ctrl+s` save · `escape` cancel a run, or go back ·
`ctrl+e` edit in `$EDITOR` · `ctrl+w` re-grade whenever the file is saved by another editor ·
`ctrl+h` next hint · `ctrl+g` give up and see the reference (recorded)

Your code lives in a plain file in the workspace folder shown above the editor: any editor works.
Arrays arrive as NumPy float64 arrays, or as torch tensors if your file imports torch at the top.
"""


class HelpScreen(ModalScreen[None]):
    """Key bindings, in one place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """The help text in a scrollable box."""
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP)

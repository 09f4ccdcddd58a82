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

**Everywhere**: `?` this help · `ctrl+p` search questions · `escape` back · `q` quit (or
`ctrl+q`, which also works while you type). In a text field, letters are text: `escape` leaves the
field first, then the letter keys work again.

**Home**: `enter` open the highlighted question · `r` review what is due · `c` continue where you
left off · `m` mock interview · `s` stats · `tab` switch between topics and questions

**Question**: `tab`/`shift+tab` move between quiz items · `enter` check an answer (on a choice,
arrows pick and `space` ticks) · `a` show the model answer · `e` the coding exercise. A wrong
answer gets one more try before the answer is shown.

**Exercise** (these work inside the editor too): `F1`-`F5` (or `alt+1`-`alt+5`) the Task, Code,
Results, Hints and Reference tabs · `ctrl+r` save and run the grader · `ctrl+s` save · `ctrl+t`
next hint · `ctrl+o` edit in `$EDITOR` · `ctrl+f` re-grade whenever another editor saves the file
· `ctrl+g` twice: give up and see the reference (recorded) · `ctrl+n` next exercise, once this one
is passed · `escape` leave the editor, then cancel a run or go back

**Mock interview**: `ctrl+n` done, show the answer · `1`-`4` rate yourself

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

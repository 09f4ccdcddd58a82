"""Jupyter notebooks as submissions: the code cells of an `.ipynb`, joined in order into one
Python source that the grader runs like a `.py` file, with every line of it traced back to
"cell N, line M" of the notebook.

IPython syntax is not Python: a line magic (`%matplotlib inline`) or shell escape (`!pip ...`)
becomes `pass` at its own indentation (the line numbers stay, and a block stays a block), and a
cell magic (`%%time`, `%%bash`) drops its whole cell. A cell that starts with `%%quizprep ID`
answers exercise ID: its part of the notebook is that cell, after every earlier cell that does
not answer another exercise (the imports and helpers it may use).

The notebook is read with nbformat (the Jupyter project's own reader and validator); a notebook
that is not one is `NotebookError`, one line that says why.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizprep.bank.schema import Question

MAGIC_CELL = re.compile(r"^\s*%%(\S+)[ \t]*(.*)$")
"""A cell magic's first line: its name and its argument line."""
QUIZPREP_MAGIC = "quizprep"
_DROPPED_LINE = re.compile(r"^(\s*)(%|!)")


class NotebookError(Exception):
    """The bytes are not a notebook quizprep can read; the message says why, in one line."""


@dataclass(frozen=True)
class NotebookPart:
    """What the grader runs for one exercise of a notebook."""

    exercise: str | None
    """The exercise its `%%quizprep ID` cell names; None for a notebook without such cells,
    whose part is all of its code."""
    source: str
    origins: tuple[tuple[int, int], ...]
    """For line i (1-based) of `source`, origins[i - 1] is (cell, line) in the notebook, both
    1-based; cells are counted as Jupyter shows them, Markdown cells included."""

    def where(self, line: int) -> str:
        """ "cell N, line M" for a line of `source` ("line N" past its end)."""
        if 1 <= line <= len(self.origins):
            cell, cell_line = self.origins[line - 1]
            return f"cell {cell}, line {cell_line}"
        return f"line {line}"

    def relabel(self, text: str) -> str:
        """`text` with each "line N" of `source` said as "cell C, line M" of the notebook."""
        return re.sub(r"\bline (\d+)", lambda m: self.where(int(m.group(1))), text)


def notebook_parts(data: bytes) -> list[NotebookPart]:
    """The parts of a notebook: one per `%%quizprep ID` cell, in order, or one part of all its
    code when it has none. NotebookError if `data` is not a valid notebook."""
    cells = _code_cells(data)
    marked = [(i, exercise) for i, (_, exercise, _) in enumerate(cells) if exercise is not None]
    if not marked:
        return [_join(None, cells)]
    parts = []
    for index, exercise in marked:
        shared = [cell for cell in cells[:index] if cell[1] is None]
        parts.append(_join(exercise, [*shared, cells[index]]))
    return parts


def _code_cells(data: bytes) -> list[tuple[int, str | None, list[str]]]:
    """(cell number, the exercise its %%quizprep names or None, its lines as Python) for every
    code cell that is kept."""
    import nbformat  # the Jupyter reader: only where a notebook is graded

    try:
        text = data.decode("utf-8")
        raw = json.loads(text)
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise NotebookError(
            f"not a notebook: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise NotebookError("not a notebook: JSON nested too deeply") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("nbformat"), int):
        raise NotebookError("not a notebook: no nbformat version at its top level")
    try:
        with warnings.catch_warnings():  # e.g. "cell is missing an id": older Jupyters wrote none
            warnings.simplefilter("ignore")
            nbformat.validate(raw)
            # reads() joins the cells' multi-line sources and upgrades an older nbformat to 4
            notebook = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    except nbformat.ValidationError as exc:
        raise NotebookError(f"not a valid notebook: {_one_line(exc.message)}") from None
    except Exception as exc:  # nbformat's version and conversion errors are of several kinds
        raise NotebookError(f"not a valid notebook: {_one_line(str(exc))}") from None
    kept = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        lines = str(cell.source).splitlines()
        exercise = None
        magic = MAGIC_CELL.match(lines[0]) if lines else None
        if magic:
            if magic.group(1) != QUIZPREP_MAGIC:
                continue  # %%time, %%bash, %%writefile ...: not Python
            exercise = magic.group(2).split()[0] if magic.group(2).split() else None
            if exercise is None:
                raise NotebookError(f"cell {number}: %%quizprep names no exercise")
            lines = ["pass", *lines[1:]]  # the magic's line keeps its number
        kept.append((number, exercise, [_python(line) for line in lines]))
    return kept


def python_lines(lines: list[str]) -> list[str]:
    """IPython lines as Python: a line magic or shell escape becomes `pass` at its indentation."""
    return [_python(line) for line in lines]


def _python(line: str) -> str:
    dropped = _DROPPED_LINE.match(line)
    return f"{dropped.group(1)}pass" if dropped else line


def _join(exercise: str | None, cells: list[tuple[int, str | None, list[str]]]) -> NotebookPart:
    lines: list[str] = []
    origins: list[tuple[int, int]] = []
    for number, _, cell_lines in cells:
        for index, line in enumerate(cell_lines, start=1):
            lines.append(line)
            origins.append((number, index))
    return NotebookPart(exercise, "\n".join(lines) + "\n", tuple(origins))


def starter_notebook(question: Question, exercise_id: str) -> str:
    """A notebook to work on `question`'s exercise in: its task as Markdown, `%load_ext
    quizprep`, and the starter in a `%%quizprep` cell (running that cell grades it)."""
    import nbformat

    exercise = question.exercise
    assert exercise is not None
    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.cells = [
        nbformat.v4.new_markdown_cell(  # type: ignore[no-untyped-call]
            f"# {question.title}\n\n**Exercise `{exercise.id}`** "
            f"`{exercise.signature}`\n\n{exercise.task}"
        ),
        nbformat.v4.new_code_cell("%load_ext quizprep"),  # type: ignore[no-untyped-call]
        nbformat.v4.new_code_cell(  # type: ignore[no-untyped-call]
            f"%%quizprep {exercise_id}\n{exercise.starter.rstrip()}\n"
        ),
    ]
    text: str = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]

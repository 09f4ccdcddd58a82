"""quizprep in a Jupyter notebook (issue 17).

    %load_ext quizprep

    %%quizprep gru_cell
    def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
        ...

The cell runs as usual, then its code, with the code of the earlier cells it depends on (the
imports and helpers it uses, found by the names it reads), is graded in the same sandbox as
everywhere else; the report shows as HTML (known mistake first, then a table of checks) or as
plain text. From Python, `quizprep.check("gru_cell", gru_cell)` grades a function defined in the
kernel, with the helpers and imports it uses. Each check is recorded in the learner's progress,
as the app records a run (`--no-progress` / `record=False` to opt out).
"""

from __future__ import annotations

import ast
import builtins
import html
import inspect
import shlex
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizprep.bank.catalog import Catalog
    from quizprep.grading.result import GradeResult
    from quizprep.tui.trainer import Trainer

_loaded: tuple[Trainer, Catalog] | None = None
_PRE = "white-space:pre-wrap;margin:0"


@dataclass(frozen=True)
class Report:
    """A grading result as a notebook shows it: HTML in Jupyter, plain text elsewhere."""

    result: GradeResult
    title: str

    @property
    def headline(self) -> str:
        """One line: the verdict and how many checks passed."""
        r = self.result
        return f"{self.title}: {r.status.upper()}, {r.passed} of {len(r.checks)} checks pass"

    def __repr__(self) -> str:
        lines = [self.headline]
        if self.result.advice:
            lines.append(self.result.advice)
        for check in self.result.checks:
            if check.status != "pass":
                lines.append(f"- {check.name}: {check.status}: {check.message}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        r = self.result
        colour = {"pass": "#1a7f37", "fail": "#cf222e"}.get(r.status, "#9a6700")
        parts = [f'<div><b style="color:{colour}">{html.escape(self.headline)}</b>']
        if r.advice:
            parts.append(f"<p><b>{html.escape(r.advice)}</b></p>")
        rows = "".join(
            f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(c.status)}</td>"
            f"<td><pre style='{_PRE}'>{html.escape(c.message)}</pre></td></tr>"
            for c in sorted(r.checks, key=lambda c: c.status == "pass")
        )
        parts.append(
            "<table><thead><tr><th>check</th><th>status</th><th>what is wrong</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
        return "".join(parts)


def check(exercise_id: str, function: Callable[..., Any], *, record: bool = True) -> Report:
    """Grade a function defined in this kernel against exercise `exercise_id`: its source, with
    the helper functions, classes, imports and simple constants it uses."""
    return grade_source(exercise_id, function_source(function), record=record)


def grade_source(exercise_id: str, source: str, *, record: bool = True) -> Report:
    """Grade `source` against `exercise_id` in the sandbox; record it unless `record` is off."""
    trainer, catalog = _session()
    question = catalog.question_of_exercise(exercise_id)
    if record:
        result = trainer.grade(question, source)
        trainer.leave_question(question)
    else:
        assert question.exercise is not None
        result = trainer.grader_for(question).grade_source(
            source, question.exercise, submission=f"{question.exercise.id}.py"
        )
    return Report(result, f"{question.exercise.id if question.exercise else exercise_id}")


def _session() -> tuple[Trainer, Catalog]:
    """The kernel's trainer (progress, graders) and the catalog of packs it was built from."""
    global _loaded
    if _loaded is None:
        from quizprep.bank.catalog import load_catalog
        from quizprep.bank.discovery import discover
        from quizprep.progress.store import ProgressStore
        from quizprep.tui.trainer import Trainer, default_workspace

        sources, problems = discover()
        catalog = load_catalog(sources, problems)
        _loaded = Trainer(catalog.packs, ProgressStore(), default_workspace()), catalog
    return _loaded


# -- what a function or a cell needs ------------------------------------------------------------


def function_source(function: Callable[..., Any]) -> str:
    """The source of `function` and of what it uses from its module: functions and classes
    (their source, recursively), modules (an import line) and simple constants (a literal)."""
    seen: set[str] = set()
    imports: list[str] = []
    definitions: list[str] = []

    def visit(obj: Any, name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        if isinstance(obj, types.ModuleType):
            module = obj.__name__
            imports.append(f"import {module}" if module == name else f"import {module} as {name}")
            return
        if isinstance(obj, types.FunctionType | type):
            functions = [obj] if isinstance(obj, types.FunctionType) else list(vars(obj).values())
            for member in functions:
                if isinstance(member, types.FunctionType):
                    for used in sorted(_global_names(member)):
                        if used in member.__globals__:
                            visit(member.__globals__[used], used)
            definitions.append(inspect.getsource(obj))
            return
        if isinstance(obj, int | float | str | bool | tuple | type(None)):
            definitions.append(f"{name} = {obj!r}\n")

    visit(function, function.__name__)
    return "\n".join([*imports, "", *definitions])


def _global_names(obj: Any) -> set[str]:
    """The global names a function's code (nested functions and lambdas included) reads."""
    if not isinstance(obj, types.FunctionType):
        return set()
    names: set[str] = set()
    codes = [obj.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return names


def needed_cells(cells: Sequence[str], target: str) -> list[int]:
    """The indices of the `cells` (earlier cells, as Python) that `target` depends on, in order:
    the latest cell that defines a name it reads, then what that cell reads, and so on. A cell
    that does not parse is never needed."""
    needed = _free_names(target)
    chosen: list[int] = []
    for index in range(len(cells) - 1, -1, -1):
        defined = _defined_names(cells[index])
        if defined is None or not (defined & needed):
            continue
        chosen.append(index)
        needed = (needed - defined) | _free_names(cells[index])
    return sorted(chosen)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _defined_names(source: str) -> set[str] | None:
    tree = _parse(source)
    if tree is None:
        return None
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    names.add(child.id)
    return names


def _free_names(source: str) -> set[str]:
    tree = _parse(source)
    if tree is None:
        return set()
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - (_defined_names(source) or set()) - set(dir(builtins))


# -- the IPython extension ----------------------------------------------------------------------


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext quizprep`: registers the `%%quizprep ID [--no-progress]` cell magic."""

    def quizprep_magic(line: str, cell: str) -> None:
        from IPython.display import display

        from quizprep.grading.notebook import python_lines

        words = shlex.split(line)
        if not words:
            print("usage: %%quizprep EXERCISE_ID [--no-progress]")
            return
        ipython.run_cell(cell)
        history = list(ipython.history_manager.input_hist_raw[1:])
        if history and history[-1].rstrip().endswith(cell.rstrip()):
            history.pop()  # the cell being run
        earlier = [
            "\n".join(python_lines(h.splitlines()))
            for h in history
            if not h.lstrip().startswith("%%")
        ]
        body = "\n".join(python_lines(cell.splitlines()))
        source = "\n\n".join([*(earlier[i] for i in needed_cells(earlier, body)), body]) + "\n"
        report = grade_source(words[0], source, record="--no-progress" not in words[1:])
        display(report)  # type: ignore[no-untyped-call]

    ipython.register_magic_function(quizprep_magic, "cell", "quizprep")

"""`pack check` of a model answer: every ```python exec block runs in a sandbox worker, and every
accepted form of a formula item parses and equals the first."""

from __future__ import annotations

import re

from quizprep.bank.pack import LoadedQuestion
from quizprep.bank.quiz import FormulaSyntaxError, check_formula, parse_formula
from quizprep.bank.schema import FormulaItem
from quizprep.grading.checkreport import ItemReport, Problem
from quizprep.sandbox.runner import Job, Limits, RunResult

EXEC_BLOCK = re.compile(r"^```python exec[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def exec_blocks(markdown: str) -> list[str]:
    """The sources of the ```python exec blocks of a Markdown text."""
    return [match.group(1) for match in EXEC_BLOCK.finditer(markdown)]


def _formula_problems(entry: LoadedQuestion, number: int, item: FormulaItem) -> list[Problem]:
    """Every accepted form must parse, and equal the first (the one shown to learners)."""
    found = []

    def problem(index: int, message: str) -> Problem:
        return Problem(
            entry.path,
            entry.line_of("quiz", number, "answer", index),
            f"quiz[{number}].answer[{index}]",
            message,
        )

    for index, form in enumerate(item.answer):
        try:
            parse_formula(form, item.symbols)
        except FormulaSyntaxError as exc:
            found.append(problem(index, f"accepted form {form!r}: {exc}"))
    if found:
        return found
    first_only = item.model_copy(update={"answer": item.answer[:1]})
    for index, form in enumerate(item.answer[1:], 1):
        verdict = check_formula(first_only, form)
        if not verdict.correct:
            found.append(problem(index, f"accepted form {form!r}: {verdict.message}"))
    return found


def _run_block(block: str, number: int) -> RunResult:
    """A `python exec` block in the same jail as submissions (the PyTorch zygote when it
    mentions torch, so torch is already imported)."""
    from quizprep.errors import SandboxError
    from quizprep.sandbox.pool import ZygoteError, shared_pool

    job = Job(
        source=block,
        source_name=f"answer_block_{number}.py",
        mode="script",
        torch="torch" in block,
    )
    try:
        return shared_pool().run(job, Limits(timeout=60, memory_mb=2048))
    except ZygoteError as exc:
        raise SandboxError(str(exc)) from exc


def check_answer(entry: LoadedQuestion) -> ItemReport:
    """Run each `python exec` block of a model answer in a sandbox worker, and check that every
    accepted form of every formula item parses and equals the first."""
    question = entry.question
    report = ItemReport(f"{question.id} answer ({entry.path.name})")
    for number, item in enumerate(question.quiz):
        if isinstance(item, FormulaItem):
            report.problems += _formula_problems(entry, number, item)
    matches = list(EXEC_BLOCK.finditer(question.answer))
    answer_line = entry.line_of("answer")
    for number, match in enumerate(matches, 1):
        block = match.group(1)
        # In a `answer: |` block, the text starts on the line after the key.
        first_line = (
            answer_line + 1 + question.answer.count("\n", 0, match.start(1))
            if answer_line is not None
            else None
        )
        run = _run_block(block, number)
        if run.load_error is not None:
            error = run.load_error
            line = f", line {error.line}" if error.line else ""
            where = first_line + error.line - 1 if first_line and error.line else answer_line
            report.problems.append(
                Problem(
                    entry.path,
                    where,
                    "answer",
                    f"python exec block {number}{line}: {error.type}: {error.message}",
                )
            )
        elif not run.finished:
            why = "timed out" if run.timed_out else (run.problem or "crashed")
            report.problems.append(
                Problem(entry.path, first_line, "answer", f"python exec block {number}: {why}")
            )
    if report.ok and matches:
        report.notes.append(f"{len(matches)} python exec block{'s' * (len(matches) > 1)} ran")
    return report

"""`quizprep pack check`: content is checked like code (DESIGN invariant 4).

For every exercise: the reference passes its own exercise over many seeds (run through the
sandbox, like a learner's file) and agrees with its PyTorch oracle; every shipped mutant fails
and is recognised; the starter fails as not attempted. Every `python exec` block of a model
answer runs. Each exercise gets one line saying what failed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quizprep.bank.pack import LoadedQuestion, load_pack
from quizprep.bank.quiz import FormulaSyntaxError, check_formula, parse_formula
from quizprep.bank.schema import Exercise, FormulaItem, Question
from quizprep.errors import QuizprepError
from quizprep.grading.compare import compare
from quizprep.grading.grader import NOT_ATTEMPTED, Grader, call_trusted
from quizprep.sandbox.runner import Job, Limits, run_job

EXEC_BLOCK = re.compile(r"^```python exec[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


@dataclass
class ItemReport:
    """What failed for one exercise (or one question's answer blocks)."""

    label: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.problems

    def line(self) -> str:
        """One line for the terminal."""
        if self.ok:
            return f"ok    {self.label}" + (f"  ({'; '.join(self.notes)})" if self.notes else "")
        return f"FAIL  {self.label}: {'; '.join(self.problems)}"


def exec_blocks(markdown: str) -> list[str]:
    """The sources of the ```python exec blocks of a Markdown text."""
    return [match.group(1) for match in EXEC_BLOCK.finditer(markdown)]


def check_pack(
    root: Path,
    *,
    seeds: int = 20,
    device: str = "auto",
    only: Collection[str] = (),
) -> Iterator[ItemReport]:
    """Check a pack, yielding a report per exercise and per question with answer blocks; `only`
    (question ids, numbers or exercise ids) limits it to those questions. A pack that does not
    load yields one failing report saying where."""
    try:
        pack = load_pack(root)
    except QuizprepError as exc:
        yield ItemReport(f"pack {root}", [str(exc)])
        return
    selected = {key: pack.find(key) for key in only}
    for key, found in selected.items():
        if found is None:
            yield ItemReport(f"--only {key}", [f"no question or exercise {key!r} in {root}"])
    chosen = {q.id for q in selected.values() if q is not None}
    grader = Grader(pack, seed=0, device=device)
    for entry in pack.entries:
        question = entry.question
        if only and question.id not in chosen:
            continue
        if question.exercise is not None:
            yield check_exercise(grader, entry, question.exercise, seeds)
        blocks = exec_blocks(question.answer)
        if blocks or any(isinstance(item, FormulaItem) for item in question.quiz):
            yield check_answer(entry, blocks)


def check_exercise(
    grader: Grader, entry: LoadedQuestion, exercise: Exercise, seeds: int
) -> ItemReport:
    """Reference, oracle, mutants and starter of one exercise."""
    pack = grader.pack
    where = f"{entry.path.name}:{entry.exercise_line or 1}"
    report = ItemReport(f"{exercise.id} ({where})")
    reference_path = pack.reference_module(exercise)
    try:
        module = grader.reference(exercise)
        source = reference_path.read_text(encoding="utf-8")
        for seed in range(seeds):
            grader.cases(exercise, seed)
    except (QuizprepError, OSError) as exc:
        report.problems.append(f"reference: {exc}")
        return report
    except Exception as exc:  # a broken reference must not stop the check of the others
        report.problems.append(f"reference raised {type(exc).__name__}: {exc}")
        return report

    failed_seeds = []
    for seed in range(seeds):
        result = grader.grade_source(
            source,
            exercise,
            submission=str(reference_path),
            seed=seed,
            entry="reference",
            arrays="numpy",
        )
        if result.status != "pass":
            first = next(c for c in result.checks if c.status != "pass")
            failed_seeds.append(f"seed {seed}: {first.name}: {first.message}")
    if failed_seeds:
        report.problems.append(
            f"reference fails its own exercise on {len(failed_seeds)} of "
            f"{seeds} seeds ({failed_seeds[0]})"
        )
    cases_checked = sum(len(grader.cases(exercise, s).cases) for s in range(seeds))
    report.notes.append(f"reference passes {cases_checked} cases over {seeds} seeds")

    if module.oracle is not None:
        disagreements = _oracle_disagreements(grader, exercise, module.oracle, seeds)
        if disagreements:
            report.problems.append(f"reference and PyTorch oracle disagree: {disagreements[0]}")
        else:
            report.notes.append("oracle agrees")

    _check_mutants(grader, exercise, report)
    starter = grader.grade_source(exercise.starter, exercise, submission=f"{exercise.function}.py")
    if starter.status == "pass" or not all(c.message == NOT_ATTEMPTED for c in starter.checks):
        report.problems.append(
            f"starter should fail as not attempted, got {starter.status}: "
            f"{starter.checks[0].message}"
        )
    return report


def _oracle_disagreements(
    grader: Grader, exercise: Exercise, oracle: Callable[..., object], seeds: int
) -> list[str]:
    found = []
    for seed in range(seeds):
        data = grader.cases(exercise, seed)
        for case, expected in zip(data.cases, data.expected, strict=True):
            if case.raises:
                continue
            mismatch = compare(
                expected, call_trusted(oracle, case), exercise.tolerance, names=exercise.returns
            )
            if mismatch is not None:
                found.append(f"seed {seed}, {case.name}: {mismatch.message}")
    return found


def _check_mutants(grader: Grader, exercise: Exercise, report: ItemReport) -> None:
    pack = grader.pack
    if not exercise.mutants:
        report.problems.append("no mutants: add known-wrong implementations with explanations")
    mutant_dir = pack.reference_dir / "mutants" / exercise.id
    declared = {m.name for m in exercise.mutants}
    stray = sorted(p.stem for p in mutant_dir.glob("*.py") if p.stem not in declared)
    if stray:
        report.problems.append(f"mutant files not listed in the YAML: {', '.join(stray)}")
    for mutant in exercise.mutants:
        path = pack.mutant_file(exercise, mutant.name)
        if not path.is_file():
            report.problems.append(f"mutant {mutant.name}: {path} is missing")
            continue
        result = grader.grade_source(
            path.read_text(encoding="utf-8"), exercise, submission=str(path)
        )
        if result.status == "pass":
            report.problems.append(f"mutant {mutant.name} passes (the cases do not catch it)")
        elif mutant.explanation not in result.advice:
            report.notes.append(f"mutant {mutant.name} is reported as another mutant")
    report.notes.append(f"{len(exercise.mutants)} mutants fail")


def _formula_problems(item: FormulaItem, where: str) -> list[str]:
    """Every accepted form must parse, and equal the first (the one shown to learners)."""
    found = []
    for form in item.answer:
        try:
            parse_formula(form, item.symbols)
        except FormulaSyntaxError as exc:
            found.append(f"{where}: accepted form {form!r}: {exc}")
    if found:
        return found
    first_only = item.model_copy(update={"answer": item.answer[:1]})
    for form in item.answer[1:]:
        verdict = check_formula(first_only, form)
        if not verdict.correct:
            found.append(f"{where}: accepted form {form!r}: {verdict.message}")
    return found


def check_answer(entry: LoadedQuestion, blocks: list[str]) -> ItemReport:
    """Run each `python exec` block of a model answer in a sandbox worker, and check that every
    accepted form of every formula item parses and equals the first."""
    question: Question = entry.question
    report = ItemReport(f"{question.id} answer ({entry.path.name})")
    for number, item in enumerate(question.quiz):
        if isinstance(item, FormulaItem):
            report.problems += _formula_problems(item, f"quiz[{number}]")
    for number, block in enumerate(blocks, 1):
        job = Job(source=block, source_name=f"{question.id}_answer_{number}.py", mode="script")
        run = run_job(job, Limits(timeout=60, memory_mb=2048))
        if run.load_error is not None:
            error = run.load_error
            line = f" line {error.line}" if error.line else ""
            report.problems.append(
                f"python exec block {number}{line}: {error.type}: {error.message}"
            )
        elif not run.finished:
            why = "timed out" if run.timed_out else (run.problem or "crashed")
            report.problems.append(f"python exec block {number}: {why}")
    if report.ok and blocks:
        report.notes.append(f"{len(blocks)} python exec block{'s' * (len(blocks) > 1)} ran")
    return report

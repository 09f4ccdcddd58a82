"""`quizprep pack check`: content is checked like code (DESIGN invariant 4).

For every exercise: the reference passes its own exercise over many seeds (run through the
sandbox, like a learner's file), gives the same cases and outputs when run twice with the same
seed, and agrees with its PyTorch oracle; every shipped mutant fails on every seed and is
recognised; the starter fails as not attempted; the tolerance is not tighter than the
reference's own float32 (and, on a GPU, CUDA) noise. Every `python exec` block of a model answer
runs. Ids that another loaded pack also uses are errors. Each problem names file, line and
field; each exercise gets a line saying what failed. The pack's own code runs in the grader's
helper process (`grading.trusted`), so a reference that hangs or returns something that is not
data is one of these lines too.
"""

from __future__ import annotations

import ast
import re
import traceback
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from quizprep.bank.files import read_pack_file
from quizprep.bank.pack import LoadedQuestion, Pack, load_meta, load_pack, pack_root
from quizprep.bank.pack import load_question as load_question_file
from quizprep.bank.pack import question_files as pack_question_files
from quizprep.bank.schema import Exercise, FormulaItem
from quizprep.bank.yamlfile import line_in, load_yaml
from quizprep.errors import QuizprepError, SchemaError
from quizprep.grading.answers import check_answer, exec_blocks
from quizprep.grading.checkreport import ItemReport, Problem, shown
from quizprep.grading.compare import compare
from quizprep.grading.grader import NOT_ATTEMPTED, Grader, _Modified, _Raised
from quizprep.grading.noise import measure
from quizprep.grading.trusted import PackCodeError, PackModule
from quizprep.sandbox.worker import modified_inputs

__all__ = ["ItemReport", "Problem", "check_answer", "check_exercise", "check_pack", "exec_blocks"]


def check_pack(
    root: Path,
    *,
    seeds: int = 20,
    device: str = "auto",
    only: Collection[str] = (),
    others: Sequence[Pack] = (),
) -> Iterator[ItemReport]:
    """Check a pack, yielding a report per exercise and per question with answer blocks; `only`
    (question ids, numbers or exercise ids) limits it to those questions; `others` are the other
    loaded packs, whose ids this one must not reuse. A pack that does not load yields one failing
    report naming every file that does not."""
    root = Path(root)
    try:
        pack = load_pack(root)
    except QuizprepError as exc:
        yield ItemReport(f"pack {root}", _load_problems(root, exc))
        return
    others = [p for p in others if p.root.resolve() != pack.root.resolve()]
    clashes = _clashes(pack, others)
    if clashes:
        yield ItemReport(f"pack {pack.name}", clashes)
    selected = {key: pack.entry(key) for key in only}
    for key, found in selected.items():
        if found is None:
            yield ItemReport(
                f"--only {key}",
                [Problem(root, None, "--only", f"no question or exercise {key!r} in this pack")],
            )
    chosen = {e.local_id for e in selected.values() if e is not None}
    grader = Grader(pack, seed=0, device=device)
    for entry in pack.entries:
        question = entry.question
        if only and entry.local_id not in chosen:
            continue
        if question.exercise is not None:
            yield check_exercise(grader, entry, question.exercise, seeds)
        blocks = exec_blocks(question.answer)
        if blocks or any(isinstance(item, FormulaItem) for item in question.quiz):
            yield check_answer(entry)


def _load_problems(root: Path, error: QuizprepError) -> list[Problem]:
    """Every question file's first problem when pack.yaml itself is fine, so an author sees
    all the broken files at once; else the one error."""
    first = Problem.of(error, root)
    found = pack_root(root)
    if found is None:
        return [first]
    try:
        meta = load_meta(load_yaml(found / "pack.yaml"))
    except QuizprepError:
        return [first]
    problems = []
    for path in pack_question_files((found / meta.questions).resolve()):
        try:
            load_question_file(path)
        except QuizprepError as exc:
            problems.append(Problem.of(exc, path))
    return problems if first in problems else [first, *problems]


def _clashes(pack: Pack, others: Sequence[Pack]) -> list[Problem]:
    """The pack's name and ids that another loaded pack also uses."""
    found = []
    for other in others:
        if other.name == pack.name:
            line = line_in(pack.meta_lines, ["name"])
            found.append(
                Problem(
                    pack.meta_path or pack.root,
                    line,
                    "name",
                    f"pack name {pack.name!r} is also the name of the pack at {shown(other.root)}",
                )
            )
        for entry in pack.entries:
            theirs = next((e for e in other.entries if e.local_id == entry.local_id), None)
            if theirs is not None:
                found.append(
                    Problem(
                        entry.path,
                        entry.line_of("id"),
                        "id",
                        f"question id {entry.local_id!r} is also used by pack {other.name} "
                        f"({shown(theirs.path)}); pick another, so that a bare id names one "
                        "question",
                    )
                )
            exercise = entry.question.exercise
            if exercise is not None and other.exercise(exercise.id) is not None:
                found.append(
                    Problem(
                        entry.path,
                        entry.line_of("exercise", "id"),
                        "exercise.id",
                        f"exercise id {exercise.id!r} is also an exercise of pack {other.name}; "
                        f"pick another, so that a file named {exercise.id}.py grades against "
                        "one exercise",
                    )
                )
    return found


def check_exercise(
    grader: Grader, entry: LoadedQuestion, exercise: Exercise, seeds: int
) -> ItemReport:
    """Reference, determinism, oracle, mutants, starter and tolerance of one exercise."""
    pack = grader.pack
    report = ItemReport(f"{exercise.id} ({entry.path.name}:{entry.exercise_line or 1})")
    reference_path = pack.reference_module(exercise)
    if not reference_path.is_file():
        report.problems.append(
            Problem(
                entry.path,
                entry.line_of("exercise", "id"),
                "exercise.id",
                f"the reference {shown(reference_path)} is missing: write reference(), "
                "edge_cases() and random_case(rng, index) there",
            )
        )
        return report
    try:
        module = grader.reference(exercise)
        source = read_pack_file(reference_path).decode("utf-8")
        for seed in range(seeds):
            grader.cases(exercise, seed)
        report.problems += _determinism(grader, exercise, module)
        has_oracle = module.oracle is not None
    except Exception as exc:  # a broken reference must not stop the check of the others
        report.problems.append(_raised(exc, reference_path))
        return report

    report.problems += stated_requirement_problems(entry, exercise)
    _check_reference(grader, exercise, reference_path, source, seeds, report)
    if has_oracle:
        _check_oracle(grader, exercise, module, seeds, report)
    _check_mutants(grader, entry, exercise, seeds, report)
    _check_starter(grader, entry, exercise, report)
    _check_noise(grader, entry, exercise, module, has_oracle, report)
    return report


REQUIREMENT = re.compile(
    r"\braise[sd]?\s+`?[A-Z]\w*(?:Error|Exception)\b`?"  # "raise `ValueError`"
    r"|\b(?:do|does|must) not (?:modify|change|mutate)\b[^.]{0,80}",  # "Do not modify the inputs"
    re.IGNORECASE,
)
"""What an exercise's task states that a submission can get wrong and a case must check."""


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` with each run of whitespace made one space, and where each character came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        out.append(char)
        origin.append(index)
    return "".join(out), origin


def stated_requirements(task: str) -> list[tuple[int, int]]:
    """The (start, end) of each requirement the task states ("raise `ValueError`", "Do not
    modify the inputs"), in `task`."""
    return [(m.start(), m.end()) for m in REQUIREMENT.finditer(task)]


def stated_requirement_problems(entry: LoadedQuestion, exercise: Exercise) -> list[Problem]:
    """Every requirement the task states must be broken by some mutant (its `violates:` quotes
    the words), so that the cases are known to check it; every quote must be in the task."""
    squeezed, origin = _squeeze(exercise.task)
    task_line = entry.line_of("exercise", "task") or entry.line_of("exercise") or 1
    problems: list[Problem] = []
    covered: list[tuple[int, int]] = []
    for index, mutant in enumerate(exercise.mutants):
        if mutant.violates is None:
            continue
        quote, _ = _squeeze(mutant.violates.strip())
        at = squeezed.find(quote)
        if not quote or at < 0:
            problems.append(
                Problem(
                    entry.path,
                    entry.line_of("exercise", "mutants", index, "violates"),
                    f"exercise.mutants[{index}].violates",
                    f"mutant {mutant.name}: {quote[:80]!r} is not in the task: quote the words "
                    "of the requirement it breaks exactly",
                )
            )
            continue
        covered.append((origin[at], origin[at + len(quote) - 1] + 1))
    for start, end in stated_requirements(exercise.task):
        if any(a < end and start < b for a, b in covered):
            continue
        words = " ".join(exercise.task[start:end].split())
        problems.append(
            Problem(
                entry.path,
                task_line + 1 + exercise.task.count("\n", 0, start),
                "exercise.task",
                f"states {words!r} but no mutant breaks it: write one that does (its violates: "
                "quoting these words) and a case that catches it",
            )
        )
    return problems


def _raised(exc: BaseException, path: Path) -> Problem:
    """Where in a trusted pack file an exception came from (the deepest frame in that file)."""
    if isinstance(exc, PackCodeError):
        return Problem(exc.path, exc.line, exc.function, exc.message)
    if isinstance(exc, SchemaError):
        return Problem.of(exc, path)
    if isinstance(exc, UnicodeDecodeError):
        return Problem(path, None, "", f"not UTF-8 (byte {exc.start}): save it as UTF-8")
    cause = exc.__cause__ or exc
    line, function = None, "reference module"
    for frame in traceback.extract_tb(cause.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line, function = frame.lineno, f"{frame.name}()"
    if function == "<module>()":
        function = "import"
    message = str(exc) if isinstance(exc, QuizprepError) else f"{type(exc).__name__}: {exc}"
    message = message.removeprefix(f"{path}: ").removeprefix(f"{path.resolve()}: ")
    return Problem(path, line, function, f"raised {message}" if cause is exc else message)


def _def_line(path: Path, name: str) -> int | None:
    try:
        tree = ast.parse(read_pack_file(path))
    except (QuizprepError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return next(
        (n.lineno for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name), None
    )


def _same_inputs(a: Any, b: Any) -> bool:
    return not modified_inputs(a, b)


def _determinism(grader: Grader, exercise: Exercise, module: PackModule) -> list[Problem]:
    """The same seed must give the same cases, and the reference the same outputs for them:
    flaky grading comes from `np.random` or `random` used without the case's rng."""
    path = module.path
    (first, edge_count), (second, _) = (module.cases(0, exercise.random_cases) for _ in range(2))
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a.name != b.name or not _same_inputs((a.args, a.kwargs), (b.args, b.kwargs)):
            function = "edge_cases" if index < edge_count else "random_case"
            return [
                Problem(
                    path,
                    module.def_line(function),
                    f"{function}()",
                    f"case {index + 1} ({a.name}) differs between two runs with the same seed: "
                    "draw every random number from the rng argument (not np.random or random)",
                )
            ]
    if len(first) != len(second):
        return [Problem(path, module.def_line("random_case"), "random_case()", "case count varies")]
    expected = grader.cases(exercise, 0).expected
    checked = [index for index, case in enumerate(first) if not case.raises]
    outputs = module.outputs("reference", [first[index] for index in checked])
    for index, again in zip(checked, outputs, strict=True):
        case = first[index]
        mismatch = compare(expected[index], again, exercise.tolerance, names=exercise.returns)
        if mismatch is not None:
            return [
                Problem(
                    path,
                    module.def_line("reference"),
                    "reference()",
                    f"gives different outputs for the same inputs (case {index + 1}, {case.name}: "
                    f"{mismatch.message}): is it using unseeded randomness?",
                )
            ]
    return []


def _check_reference(
    grader: Grader,
    exercise: Exercise,
    path: Path,
    source: str,
    seeds: int,
    report: ItemReport,
) -> None:
    failed_seeds = []
    for seed in range(seeds):
        result = grader.grade_source(
            source, exercise, submission=str(path), seed=seed, entry="reference", arrays="numpy"
        )
        if result.status != "pass":
            first = next(c for c in result.checks if c.status != "pass")
            failed_seeds.append(f"seed {seed}: {first.name}: {first.message}")
    if failed_seeds:
        report.problems.append(
            Problem(
                path,
                _def_line(path, "reference"),
                "reference()",
                f"fails its own exercise in the sandbox on {len(failed_seeds)} of {seeds} seeds "
                f"({failed_seeds[0]})",
            )
        )
    cases_checked = sum(len(grader.cases(exercise, s).cases) for s in range(seeds))
    report.notes.append(f"reference passes {cases_checked} cases over {seeds} seeds")


def _check_oracle(
    grader: Grader, exercise: Exercise, module: PackModule, seeds: int, report: ItemReport
) -> None:
    try:
        disagreements = _oracle_disagreements(grader, exercise, module, seeds)
    except Exception as exc:
        report.problems.append(_raised(exc, module.path))
        return
    if disagreements:
        report.problems.append(
            Problem(
                module.path,
                module.def_line("oracle"),
                "oracle()",
                f"reference and PyTorch oracle disagree: {disagreements[0]}",
            )
        )
    else:
        report.notes.append("oracle agrees")


def _oracle_disagreements(
    grader: Grader, exercise: Exercise, module: PackModule, seeds: int
) -> list[str]:
    found = []
    for seed in range(seeds):
        data = grader.cases(exercise, seed)
        checked = [i for i, case in enumerate(data.cases) if not case.raises]
        outputs = module.outputs("oracle", [data.cases[i] for i in checked])
        for index, output in zip(checked, outputs, strict=True):
            expected, case = data.expected[index], data.cases[index]
            mismatch = compare(expected, output, exercise.tolerance, names=exercise.returns)
            if mismatch is not None:
                found.append(f"seed {seed}, {case.name}: {mismatch.message}")
    return found


def _check_mutants(
    grader: Grader, entry: LoadedQuestion, exercise: Exercise, seeds: int, report: ItemReport
) -> None:
    pack = grader.pack
    if not exercise.mutants:
        report.problems.append(
            Problem(
                entry.path,
                entry.line_of("exercise"),
                "exercise.mutants",
                "no mutants: add known-wrong implementations with explanations",
            )
        )
    mutant_dir = pack.reference_dir / "mutants" / exercise.id
    declared = {m.name for m in exercise.mutants}
    for stray in sorted(p for p in mutant_dir.glob("*.py") if p.stem not in declared):
        report.problems.append(
            Problem(stray, None, "", f"not listed in exercise.mutants of {shown(entry.path)}")
        )
    for index, mutant in enumerate(exercise.mutants):
        where = ("exercise", "mutants", index)
        field_name = f"exercise.mutants[{index}]"
        path = pack.mutant_file(exercise, mutant.name)
        if not path.is_file():
            report.problems.append(
                Problem(
                    entry.path,
                    entry.line_of(*where, "name"),
                    f"{field_name}.name",
                    f"mutant {mutant.name}: {shown(path)} is missing",
                )
            )
            continue
        try:
            mutant_source = read_pack_file(path).decode("utf-8")
        except (QuizprepError, UnicodeDecodeError) as exc:
            report.problems.append(_raised(exc, path))
            continue
        result = grader.grade_source(mutant_source, exercise, submission=str(path))
        if result.status == "pass":
            report.problems.append(
                Problem(
                    entry.path,
                    entry.line_of(*where),
                    field_name,
                    f"mutant {mutant.name} passes (the cases do not catch it): add an edge case "
                    "it gets wrong",
                )
            )
            continue
        try:
            lucky = _seeds_passed_by(grader, exercise, mutant.name, seeds)
        except PackCodeError as exc:  # it hangs or eats memory, here and when it explains
            report.problems.append(_raised(exc, path))
            continue
        if lucky:
            report.problems.append(
                Problem(
                    entry.path,
                    entry.line_of(*where),
                    field_name,
                    f"mutant {mutant.name} passes on {len(lucky)} of {seeds} seeds (seed "
                    f"{lucky[0]}): only some random cases catch it; add an edge case that "
                    "always does",
                )
            )
        if mutant.explanation not in result.advice:
            other = next((m.name for m in exercise.mutants if m.explanation in result.advice), None)
            said = f"explained as mutant {other}" if other else "not recognised as itself"
            report.warnings.append(
                Problem(
                    entry.path,
                    entry.line_of(*where),
                    field_name,
                    f"mutant {mutant.name} is {said}: make the cases tell them apart",
                )
            )
    report.notes.append(f"{len(exercise.mutants)} mutants fail")


def _seeds_passed_by(grader: Grader, exercise: Exercise, mutant: str, seeds: int) -> list[int]:
    """The seeds on which a mutant (run here: it is trusted pack code) passes every case."""
    lucky = []
    for seed in range(seeds):
        data = grader.cases(exercise, seed)
        try:
            outputs = grader.mutant_outputs(exercise, seed, mutant)
        except PackCodeError as exc:
            if exc.kind in ("timeout", "memory", "crashed"):
                raise
            return []  # it cannot be imported here; the sandbox run above has said how it fails
        except Exception:
            return []
        if all(
            (isinstance(out, _Raised) and out.is_a(case.raises))
            if case.raises
            else not isinstance(out, _Raised | _Modified)
            and compare(expected, out, exercise.tolerance, names=exercise.returns) is None
            for case, expected, out in zip(data.cases, data.expected, outputs, strict=True)
        ):
            lucky.append(seed)
    return lucky


def _check_starter(
    grader: Grader, entry: LoadedQuestion, exercise: Exercise, report: ItemReport
) -> None:
    starter = grader.grade_source(exercise.starter, exercise, submission=f"{exercise.function}.py")
    if starter.status == "pass" or not all(c.message == NOT_ATTEMPTED for c in starter.checks):
        report.problems.append(
            Problem(
                entry.path,
                entry.line_of("exercise", "starter"),
                "exercise.starter",
                f"should fail as not attempted (raise NotImplementedError), got "
                f"{starter.status}: {starter.checks[0].message}",
            )
        )


def _check_noise(
    grader: Grader,
    entry: LoadedQuestion,
    exercise: Exercise,
    module: PackModule,
    has_oracle: bool,
    report: ItemReport,
) -> None:
    """Warn when a correct float32 (or CUDA) computation cannot meet the tolerance."""
    data = grader.cases(exercise, 0)
    probes = [measure(exercise, data, "float32", module.reference)]
    if has_oracle and grader.device_for(uses_torch=True) == "cuda":
        cuda = module.remote("oracle", device="cuda")
        probes.append(measure(exercise, data, "CUDA float64", cuda, dtype=None))
        probes.append(measure(exercise, data, "CUDA float32", cuda))
    for probe in probes:
        if probe.error is not None:
            report.notes.append(f"{probe.variant} noise not measured ({probe.error[:80]})")
        message = probe.too_tight(exercise)
        if message is not None:
            report.warnings.append(
                Problem(
                    entry.path,
                    entry.line_of("exercise", "tolerance"),
                    "exercise.tolerance",
                    message,
                )
            )

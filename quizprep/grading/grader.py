"""Grade a submission: parse it, build cases, compute reference outputs, run the learner's code
in a sandbox worker, compare, and explain.

Reference and mutant outputs are computed here, in the trusted grader, on NumPy inputs; the
learner's code only ever runs in `quizprep.sandbox`, and only data comes back.
"""

from __future__ import annotations

import ast
import copy
import functools
import os
import re
import signal
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from quizprep.bank.pack import Pack
from quizprep.bank.schema import Exercise, starter_parameters
from quizprep.cachedir import default_directory
from quizprep.errors import Cancelled, DeviceError, GradingError, SandboxError
from quizprep.grading.cases import Case, input_sizes
from quizprep.grading.compare import compare, matches
from quizprep.grading.refcache import ReferenceCache
from quizprep.grading.result import (
    MAX_SOURCE_BYTES,
    Check,
    GradeResult,
    Status,
    over_limit,
    overall_status,
    printable,
)
from quizprep.grading.trusted import PackModule, TrustedRunner, check_file, limits_for, normalise
from quizprep.sandbox.pool import WeakSandbox, ZygoteError, shared_pool
from quizprep.sandbox.runner import (
    CaseOutcome,
    Job,
    Limits,
    RunResult,
    WorkerError,
    encode_cases,
    run_job,
)

NOT_ATTEMPTED = "not attempted yet: the function still raises NotImplementedError"


@dataclass(frozen=True)
class SourceInfo:
    """What the grader learns from a submission's text without running it."""

    uses_torch: bool
    problem: str | None = None


_PARSE_LOCK = threading.Lock()
"""One submission's syntax tree at a time: with --workers N, N trees of 1 MB sources held at
once would multiply the grader's peak memory."""


def inspect_source(
    source: str, filename: str, entry: str, *, max_bytes: int = MAX_SOURCE_BYTES
) -> SourceInfo:
    """Syntax errors and a missing entry function make a submission invalid, with the line.

    So do a source over `max_bytes` (UTF-8), refused before it is parsed, and one the parser
    gives up on (nesting too deep for it): what a submission holds never makes the grader fail.
    """
    size = len(source) if source.isascii() else len(source.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return SourceInfo(False, f"{over_limit(size, max_bytes)} for a submission")
    with _PARSE_LOCK:
        try:
            tree = ast.parse(source, filename=filename)
        except SyntaxError as exc:
            where = f"line {exc.lineno}: " if exc.lineno else ""
            return SourceInfo(False, f"{where}syntax error: {exc.msg}")
        except (RecursionError, MemoryError):  # the parser's own limits, not the grader's
            return SourceInfo(False, "too deeply nested to parse (Python's parser gives up)")
        except ValueError as exc:  # e.g. NUL bytes
            return SourceInfo(False, f"cannot be parsed: {exc}")
        # Only top-level imports count: that is what the exercise text promises learners.
        uses_torch = any(
            (
                isinstance(node, ast.Import)
                and any(a.name.split(".")[0] == "torch" for a in node.names)
            )
            or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "torch")
            for node in tree.body
        )
        defined: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.append(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined += [t.id for t in targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.Import | ast.ImportFrom):
                defined += [(a.asname or a.name).split(".")[0] for a in node.names]
        functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        del tree
    if entry not in defined:
        found = f" (it defines {', '.join(functions)})" if functions else ""
        return SourceInfo(uses_torch, f"no function named {entry}() is defined{found}")
    return SourceInfo(uses_torch)


@dataclass(frozen=True)
class ExerciseCases:
    """The cases of one exercise for one seed, with the reference's answer to each."""

    cases: list[Case]
    expected: list[Any]


_GPU_DEVICE_FILES = (
    "/dev/nvidiactl",
    "/dev/nvidia0",
    "/proc/driver/nvidia",
    "/dev/kfd",
    "/dev/dxg",
)


def resolve_device(device: str) -> str:
    """`auto` -> cuda when torch sees a GPU, else cpu; `cuda` without one is a DeviceError."""
    if device not in ("auto", "cpu", "cuda"):
        raise DeviceError(f"--device must be auto, cpu or cuda, not {device!r}")
    if device == "cpu":
        return "cpu"
    if device == "auto" and not any(os.path.exists(path) for path in _GPU_DEVICE_FILES):
        return "cpu"  # no GPU driver at all: no need to import torch (1-2 s) to find out
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if device == "auto":
        return "cpu"
    build = "a CPU-only build" if torch.version.cuda is None else f"CUDA {torch.version.cuda}"
    raise DeviceError(
        f"--device cuda: no CUDA device is available (torch {torch.__version__}, "
        f"{build}); use --device cpu or auto"
    )


class Grader:
    """Grades submissions of a pack's exercises; reference outputs are cached per seed."""

    def __init__(
        self,
        pack: Pack,
        *,
        seed: int,
        device: str = "auto",
        timeout: float | None = None,
        case_timeout: float | None = None,
        max_source_bytes: int = MAX_SOURCE_BYTES,
    ) -> None:
        self.pack = pack
        self.seed = seed
        self.device_request = device
        self.timeout = timeout
        """CPU seconds per submission (default: each exercise's `timeout`)."""
        self.case_timeout = case_timeout
        """CPU seconds per case (default: each exercise's `case_timeout`, else no limit)."""
        self.max_source_bytes = max_source_bytes
        """A longer source is invalid, never parsed (`--max-source-bytes`)."""
        self.disk_cache = ReferenceCache(default_directory())
        """Reference and mutant outputs across runs ($QUIZPREP_CACHE=off disables it)."""
        self._device: str | None = None
        self._cases: dict[tuple[str, int], ExerciseCases] = {}
        self._mutant_outputs: dict[tuple[str, int, str], list[Any]] = {}
        self._encoded: dict[tuple[str, int], bytes] = {}
        self._lock = threading.RLock()  # --workers grades in threads; trusted calls are serial
        self._runner = TrustedRunner()
        """Runs the pack's references and mutants, bounded (see `grading.trusted`)."""
        self._mutant_failures: dict[tuple[str, int, str], GradingError] = {}

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id, or a GradingError naming the ones that exist."""
        exercise = self.pack.exercise(exercise_id)
        if exercise is None:
            known = ", ".join(e.id for e in self.pack.exercises)
            raise GradingError(
                f"no exercise {exercise_id!r} in pack {self.pack.meta.name} (known: {known})"
            )
        return exercise

    def reference(self, exercise: Exercise) -> PackModule:
        """The trusted reference module of an exercise; its functions run in the grader's
        helper process, under the exercise's limits."""
        return self._module(exercise, self.pack.reference_module(exercise))

    def _module(self, exercise: Exercise, path: Path) -> PackModule:
        return PackModule(self._runner, path, limits_for(exercise.timeout, exercise.memory_mb))

    def cases(self, exercise: Exercise, seed: int | None = None) -> ExerciseCases:
        """Cases and reference outputs for `seed` (default: the grader's), computed once."""
        seed = self.seed if seed is None else seed
        key = (exercise.id, seed)
        with self._lock:
            return self._cases_locked(exercise, seed, key)

    def _cases_locked(self, exercise: Exercise, seed: int, key: tuple[str, int]) -> ExerciseCases:
        if key not in self._cases:

            def compute() -> ExerciseCases:
                module = self.reference(exercise)
                cases, expected, _ = module.cases_and_outputs(seed, exercise.random_cases)
                return ExerciseCases(cases, expected)

            reference = self.pack.reference_module(exercise)
            check_file(reference)  # a FIFO or /dev/zero is refused before anything reads it
            self._cases[key] = self.disk_cache.get_or_compute(
                self.disk_cache.key(self.pack, exercise, seed, reference),
                compute,
                _cases_to_data,
                _cases_from_data,
            )
        return self._cases[key]

    def forget(self, exercise: Exercise, seed: int) -> None:
        """Drop what was computed for `seed` (cases, encoded cases, mutant outputs): a caller
        whose seeds are never reused (each of the app's runs has its own) keeps its memory
        flat, where an exercise's cases reach ~0.7 MB a seed."""
        with self._lock:
            self._cases.pop((exercise.id, seed), None)
            self._encoded.pop((exercise.id, seed), None)
            for store in (self._mutant_outputs, self._mutant_failures):
                for key in [k for k in store if k[:2] == (exercise.id, seed)]:
                    del store[key]

    def device_for(self, uses_torch: bool) -> str:
        """The device torch submissions get; resolved (importing torch) only when needed."""
        if not uses_torch and self.device_request != "cuda":
            return "cpu"
        if self._device is None:
            self._device = resolve_device(self.device_request)
        return self._device

    def grade_file(
        self, path: Path, exercise_id: str | None = None, *, learner: str | None = None
    ) -> GradeResult:
        """Grade one file; its exercise is `exercise_id`, else the file's stem."""
        exercise = self.exercise(exercise_id or path.stem)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return self._invalid(str(path), exercise, learner, f"cannot be read: {exc}")
        return self.grade_source(source, exercise, submission=str(path), learner=learner)

    def grade_source(
        self,
        source: str,
        exercise: Exercise,
        *,
        submission: str,
        learner: str | None = None,
        seed: int | None = None,
        entry: str | None = None,
        arrays: str | None = None,
        cancel: threading.Event | None = None,
    ) -> GradeResult:
        """Grade learner code given as text. `entry` overrides the function called (pack check
        grades a reference module's `reference`); `arrays` forces "numpy" or "torch" inputs."""
        seed = self.seed if seed is None else seed
        entry = entry or exercise.function
        filename = Path(submission).name or f"{exercise.function}.py"
        info = inspect_source(source, filename, entry, max_bytes=self.max_source_bytes)
        if info.problem:
            return self._invalid(submission, exercise, learner, info.problem, seed)
        uses_torch = info.uses_torch and exercise.accepts_torch
        if arrays is not None:
            uses_torch = arrays == "torch"
        device = self.device_for(uses_torch) if uses_torch else "cpu"
        data = self.cases(exercise, seed)
        job = Job(
            source=source,
            source_name=filename,
            entry=entry,
            encoded_cases=self._encoded_cases(exercise, seed, data),
            torch=uses_torch,
            device=device,
            imports=tuple(self.pack.meta.sandbox_imports),
        )
        limits = Limits(
            timeout=self.timeout or exercise.timeout,
            case_timeout=self.case_timeout or exercise.case_timeout,
            memory_mb=exercise.memory_mb,
        )
        run = self._run(job, limits, cancel)
        if run.cancelled:
            raise Cancelled("grading was cancelled")
        if not run.layers and not run.timed_out:  # died before any learner code ran: retry once
            run = self._run(job, limits, cancel)
            if not run.layers and not run.timed_out:
                raise SandboxError(
                    f"the sandbox worker failed to start (exit status {run.exit_code}): "
                    f"{run.output.strip()[-300:] or 'no output'}"
                )
        checks = self._checks(exercise, data, run, limits)
        status = overall_status(checks)
        return GradeResult(
            submission=submission,
            exercise=exercise.id,
            status=status,
            score=sum(c.status == "pass" for c in checks) / len(checks),
            seed=seed,
            checks=tuple(Check(c.name, c.status, printable(c.message)) for c in checks),
            learner=learner,
            device=device,
            arrays="torch" if uses_torch else "numpy",
            seconds=round(run.seconds, 3),
            output=printable(run.output),
            isolation=tuple(run.layers),
            advice=printable(self._advice(exercise, data, run, status, seed)),
        )

    def _encoded_cases(self, exercise: Exercise, seed: int, data: ExerciseCases) -> bytes:
        """The cases as the worker reads them, encoded once per (exercise, seed)."""
        key = (exercise.id, seed)
        with self._lock:
            if key not in self._encoded:
                self._encoded[key] = encode_cases([(c.args, c.kwargs) for c in data.cases])
            return self._encoded[key]

    def _run(self, job: Job, limits: Limits, cancel: threading.Event | None) -> RunResult:
        """A warm pool worker in its allow-listed jail. Never a weaker sandbox silently: a cold
        interpreter (with fewer layers) only when weak sandboxes were allowed."""
        pool = shared_pool()
        try:
            return pool.run(job, limits, cancel)
        except WeakSandbox as exc:
            raise SandboxError(str(exc)) from exc
        except ZygoteError as exc:
            if cancel is not None and cancel.is_set():
                raise Cancelled("grading was cancelled") from exc
            if not pool.allow_weak:
                raise SandboxError(f"the sandbox failed: {exc}") from exc
            return run_job(job, limits, cancel)

    def _invalid(
        self,
        submission: str,
        exercise: Exercise,
        learner: str | None,
        message: str,
        seed: int | None = None,
    ) -> GradeResult:
        check = Check(
            "submission is valid Python defining " + exercise.function + "()",
            "invalid",
            printable(message),
        )
        return GradeResult(
            submission=submission,
            exercise=exercise.id,
            status="invalid",
            score=0.0,
            seed=self.seed if seed is None else seed,
            checks=(check,),
            learner=learner,
        )

    def _checks(
        self, exercise: Exercise, data: ExerciseCases, run: RunResult, limits: Limits
    ) -> list[Check]:
        if run.load_error is not None:
            status, message = _error_status(run.load_error)
            message = f"importing the file failed: {message}"
            return [Check(_case_name(i, c), status, message) for i, c in enumerate(data.cases)]
        stopped = _why_stopped(run, limits)
        checks = []
        for index, case in enumerate(data.cases):
            name = _case_name(index, case)
            outcome = run.outcomes.get(index)
            if outcome is None:
                status, message = stopped
                checks.append(Check(name, status, message))
            else:
                checks.append(self._check(exercise, case, data.expected[index], outcome, name))
        return checks

    def _check(
        self, exercise: Exercise, case: Case, expected: Any, outcome: CaseOutcome, name: str
    ) -> Check:
        error = outcome.error
        if error is not None and _not_attempted(error):
            return Check(name, "error", NOT_ATTEMPTED)
        if case.raises:
            if error is not None and error.is_a(case.raises):
                return Check(name, "pass")
            got = f"raised {error.type}" if error else "returned a value"
            return Check(name, "fail", f"should raise {case.raises} for these inputs; it {got}")
        if error is not None:
            status, message = _error_status(error)
            return Check(name, status, message)
        mismatch = compare(
            expected,
            outcome.value,
            exercise.tolerance,
            names=exercise.returns,
            sizes=input_sizes(case),
        )
        changed = changed_inputs(exercise, outcome.modified)
        if changed:
            text = modified_message(changed)
            return Check(name, "fail", text + (f"; also {mismatch.message}" if mismatch else ""))
        if mismatch is None:
            return Check(name, "pass")
        return Check(name, "fail", mismatch.message)

    def _advice(
        self, exercise: Exercise, data: ExerciseCases, run: RunResult, status: Status, seed: int
    ) -> str:
        if status == "pass":
            return ""
        mutant = self.matching_mutant(exercise, data, run, seed)
        if mutant is not None:
            return f"This looks like a known mistake: {mutant}"
        return ""

    def mutant_outputs(self, exercise: Exercise, seed: int, name: str) -> list[Any]:
        """A mutant's output on every case (an exception's type name where it raised)."""
        key = (exercise.id, seed, name)
        with self._lock:
            return self._mutant_outputs_locked(exercise, seed, name, key)

    def _mutant_outputs_locked(
        self, exercise: Exercise, seed: int, name: str, key: tuple[str, int, str]
    ) -> list[Any]:
        if key in self._mutant_failures:  # a mutant that overran is not run again
            raise self._mutant_failures[key]
        if key not in self._mutant_outputs:
            path = self.pack.mutant_file(exercise, name)

            def compute() -> list[Any]:
                data = self.cases(exercise, seed)
                encoded = self._encoded_cases(exercise, seed, data)
                outcomes = self._module(exercise, path).outcomes(exercise.function, encoded)
                return [
                    _behaviour(exercise, how, value, case, expected)
                    for (how, value), case, expected in zip(
                        outcomes, data.cases, data.expected, strict=True
                    )
                ]

            reference = self.pack.reference_module(exercise)
            try:
                check_file(path)
                self._mutant_outputs[key] = self.disk_cache.get_or_compute(
                    self.disk_cache.key(self.pack, exercise, seed, reference, path),
                    compute,
                    _outputs_to_data,
                    _outputs_from_data,
                )
            except GradingError as exc:
                self._mutant_failures[key] = exc
                raise
        return self._mutant_outputs[key]

    def matching_mutant(
        self, exercise: Exercise, data: ExerciseCases, run: RunResult, seed: int
    ) -> str | None:
        """The explanation of the shipped mutant that behaves like the submission (same value,
        or same exception) on every case the submission got wrong, if there is one."""
        wrong: list[tuple[int, Any]] = []
        for index, outcome in sorted(run.outcomes.items()):
            if not 0 <= index < len(data.cases):
                continue
            case = data.cases[index]
            error = outcome.error
            if error is not None:
                if _not_attempted(error):
                    return None
                if not (case.raises and error.is_a(case.raises)):
                    wrong.append((index, _Raised(error.type, error.bases, error.raised_here)))
            elif (
                case.raises
                or compare(data.expected[index], outcome.value, exercise.tolerance) is not None
            ):
                wrong.append((index, outcome.value))
            elif changed := changed_inputs(exercise, outcome.modified):
                wrong.append((index, _Modified(changed)))
        if all(isinstance(b, _Raised) and not b.deliberate for _, b in wrong):
            return None  # nothing wrong, or only crashes: no mutant explains a crash
        # (a `raise ValueError` of the learner's own is a decision, like a mutant's: a check
        # that is too strict is a known mistake that a mutant can explain)
        for mutant in exercise.mutants:
            try:
                outputs = self.mutant_outputs(exercise, seed, mutant.name)
            except (GradingError, AttributeError):
                continue
            if all(_same(outputs[i], behaviour, exercise) for i, behaviour in wrong):
                return mutant.explanation
        return None


def _same(mutant_output: Any, behaviour: Any, exercise: Exercise) -> bool:
    if isinstance(mutant_output, _Raised | _Modified) or isinstance(behaviour, _Raised | _Modified):
        # Never `==` with an array on one side: NumPy would compare element-wise.
        if isinstance(mutant_output, _Raised) and isinstance(behaviour, _Raised):
            return behaviour.is_a(mutant_output.type)
        if isinstance(mutant_output, _Modified) and isinstance(behaviour, _Modified):
            return mutant_output.names == behaviour.names
        return False
    return matches(mutant_output, behaviour, exercise.tolerance)


@dataclass(frozen=True)
class _Raised:
    """An exception (its type, and the names along its MRO), as a mutant's or a learner's
    behaviour on a case."""

    type: str
    bases: tuple[str, ...] = ()
    deliberate: bool = field(default=False, compare=False)
    """Raised by a `raise` line of the learner's own (not a crash inside a library)."""

    def is_a(self, name: str | None) -> bool:
        return name is not None and (name == self.type or name in self.bases)


@dataclass(frozen=True)
class _Modified:
    """The right value, from a call that changed the inputs `names` in place."""

    names: tuple[str, ...]


def _behaviour(exercise: Exercise, how: str, value: Any, case: Case, expected: Any) -> Any:
    """A mutant's outcome on a case, as `matching_mutant` compares it with a submission's."""
    if how == "raised":
        return _Raised(*value)
    if how == "not data":
        return _Raised(f"<returned {value}>")
    if how == "modified":
        result, changes = value
        changed = changed_inputs(exercise, changes)
        right = not case.raises and compare(expected, result, exercise.tolerance) is None
        return _Modified(changed) if changed and right else result
    return value


_parameters = functools.lru_cache(maxsize=512)(starter_parameters)


def changed_inputs(exercise: Exercise, changes: Sequence[tuple[int | str, str]]) -> tuple[str, ...]:
    """The inputs a call changed in place, named as the exercise names them ("m", "grads[0]"),
    without those its contract lets it change (`modifies`)."""
    parameters = _parameters(exercise.starter, exercise.function)
    names: list[str] = []
    for key, path in changes:
        if isinstance(key, int):
            base = parameters[key] if key < len(parameters) else f"argument {key + 1}"
        else:
            base = key
        name = base + path
        if base not in exercise.modifies and name not in names:
            names.append(name)
    return tuple(names)


def modified_message(names: Sequence[str]) -> str:
    """What a learner reads when their function changed the caller's inputs."""
    quoted = [f"`{n}`" for n in names[:4]] + ([f"{len(names) - 4} more"] if len(names) > 4 else [])
    shown = " and ".join(", ".join(quoted).rsplit(", ", 1))
    return (
        f"modified its input{'s' * (len(names) > 1)} {shown} in place: the caller's arrays must "
        "not change. Build new ones (x = x * 2, not x *= 2; or work on a copy)"
    )


def _not_attempted(error: WorkerError) -> bool:
    """The learner's own `raise NotImplementedError` (the starter's), not one from a library."""
    return error.type == "NotImplementedError" and error.raised_here


def _cases_to_data(data: ExerciseCases) -> dict[str, Any]:
    cases = [
        {"name": c.name, "args": c.args, "kwargs": c.kwargs, "raises": c.raises} for c in data.cases
    ]
    return {"cases": cases, "expected": data.expected}


def _cases_from_data(data: Any) -> ExerciseCases:
    cases = [
        Case(name=c["name"], args=tuple(c["args"]), kwargs=dict(c["kwargs"]), raises=c["raises"])
        for c in data["cases"]
    ]
    if len(cases) != len(data["expected"]):
        raise ValueError("a cache entry with a case count that does not match")
    return ExerciseCases(cases, list(data["expected"]))


def _outputs_to_data(outputs: list[Any]) -> list[dict[str, Any]]:
    def one(output: Any) -> dict[str, Any]:
        if isinstance(output, _Raised):
            return {"raised": output.type, "bases": list(output.bases)}
        if isinstance(output, _Modified):
            return {"modified": list(output.names)}
        return {"value": output}

    return [one(o) for o in outputs]


def _outputs_from_data(data: Any) -> list[Any]:
    def one(item: Any) -> Any:
        if "raised" in item:
            return _Raised(item["raised"], tuple(item.get("bases", ())))
        if "modified" in item:
            return _Modified(tuple(item["modified"]))
        return item["value"]

    return [one(o) for o in data]


def call_trusted(function: Any, case: Case) -> Any:
    """Call a reference or mutant on copies of the case's inputs (so it cannot change them for
    the next caller), with numpy's warnings silenced."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return normalise(function(*args, **kwargs))


def _case_name(index: int, case: Case) -> str:
    return f"case {index + 1}: {case.name}"


def _error_status(error: WorkerError) -> tuple[Status, str]:
    where = (
        f" (line {error.line}: {error.code.strip()})"
        if error.line and error.code
        else (f" (line {error.line})" if error.line else "")
    )
    if error.line and re.search(rf"\bline {error.line}\b", error.message):
        where = f" ({error.code.strip()})" if error.code else ""  # the message says the line
    if _not_attempted(error):
        return "error", NOT_ATTEMPTED
    if error.type == "MemoryError":
        return "memory", f"ran out of memory{where}: the limit is per submission; avoid huge arrays"
    if error.type == "SystemExit":
        return "error", f"called sys.exit(){where}: return the result instead of exiting"
    message = (
        f"raised {error.type}: {error.message}{where}"
        if error.message
        else (f"raised {error.type}{where}")
    )
    if error.type == "ModuleNotFoundError":
        message += (
            ": the sandbox has only Python's standard library, numpy and torch (with what "
            "they need), and the libraries the pack allows"
        )
    return "error", message


_SIGNALS: dict[int, tuple[Status, str]] = {
    signal.SIGSEGV: ("error", "crashed with a segmentation fault"),
    signal.SIGABRT: ("error", "aborted (SIGABRT)"),
    signal.SIGXCPU: ("timeout", "used up its CPU time limit"),
    signal.SIGKILL: (
        "error",
        "was killed with SIGKILL (out of memory, or it killed its own process)",
    ),
    signal.SIGBUS: ("error", "crashed with a bus error"),
    signal.SIGFPE: ("error", "crashed with a floating-point exception"),
}


def _why_stopped(run: RunResult, limits: Limits) -> tuple[Status, str]:
    """Status and message for the cases a run never answered."""
    if run.memory_exceeded:
        return "memory", f"stopped: the submission {run.problem}; avoid huge arrays"
    if run.problem:
        return "error", f"stopped: the submission {run.problem}"
    if run.timed_out and run.timed_out_case is not None and limits.case_timeout:
        return "timeout", (
            f"case {run.timed_out_case + 1} did not finish within {limits.case_timeout:g} s "
            "(the per-case limit; an endless loop?)"
        )
    if run.timed_out:
        return "timeout", f"did not finish within {limits.timeout:g} s (an endless loop?)"
    signal_number = run.crash_signal
    if signal_number is not None:
        status, text = _SIGNALS.get(
            signal_number, ("error", f"was killed by signal {signal_number}")
        )
        return status, f"the worker {text}"
    if run.finished:
        return "error", "no result was reported for this case"
    if run.exit_code == 0 and not run.loaded:
        return "error", "the worker exited before loading the submission (os._exit or sys.exit?)"
    return "error", (
        "the submission ended the worker before this case finished (os._exit, "
        "sys.exit in a thread, or killing its own process?)"
    )

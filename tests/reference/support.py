"""What the checks of one shipped exercise share: its reference module, its spec from the
question YAML, its mutants and alternative solutions, the cases the grader draws, and ways to
call a function and compare what it returns.

Two comparisons are offered, because the test files use two:

* `ExerciseUnderTest.close` compares *outcomes* (see `outcome`): results as numpy data, or
  ("raises", exception name); tuples and dicts are compared item by item and numbers with
  `np.allclose` (equal infinities match, NaN never does); where integers are wanted, only
  integers (of any width) match.
* `ExerciseUnderTest.within_tolerance` compares raw results (an array, or a dict of arrays) with
  |got - want| <= atol + rtol * |want| element by element, so NaN and infinities never match.

Asserts in this module are not rewritten by pytest, so each carries its own message.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from quizprep.bank.schema import Exercise, Question, Tolerance
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.grading.cases import Case, ReferenceModule, load_python_file, load_reference
from quizprep.sandbox.worker import changed_arguments

ROOT = Path(__file__).resolve().parents[2]
MODERN = ROOT / "packs" / "modern"
"""The second built-in pack: `questions/` and `reference/` laid out as the classic bank's."""
SEEDS = range(20)


def uses_torch(path: Path) -> bool:
    """Whether a solution file imports torch (then the grader hands it tensors)."""
    return "import torch" in path.read_text(encoding="utf-8")


def as_torch(value: Any, dtype: Any = None) -> Any:
    """numpy arrays become CPU tensors (float arrays cast to `dtype` when given), as the grader
    hands them to a submission that imports torch."""
    import torch

    if isinstance(value, np.ndarray):
        tensor = torch.from_numpy(value)
        return tensor.to(dtype) if dtype is not None and tensor.is_floating_point() else tensor
    if isinstance(value, tuple):
        return tuple(as_torch(v, dtype) for v in value)
    if isinstance(value, list):  # the worker converts lists too
        return [as_torch(v, dtype) for v in value]
    if isinstance(value, dict):
        return {k: as_torch(v, dtype) for k, v in value.items()}
    return value


def as_numpy(value: Any) -> Any:
    """Tensors, numpy scalars and arrays become numpy arrays; containers are walked."""
    if type(value).__module__.startswith("torch"):
        tensor = value.detach().cpu()
        return (tensor.double() if tensor.is_floating_point() else tensor).numpy()
    if isinstance(value, tuple | list):
        return tuple(as_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: as_numpy(v) for k, v in value.items()}
    return value


def outcome(function: Callable[..., Any], case: Case, torch_inputs: bool = False) -> Any:
    """What a call returns (as numpy data), or ("raises", exception type name), or
    ("modifies", input positions) for a call that changed its inputs in place (the grader fails
    that case whatever it returns). The call gets copies: the case's inputs never change."""
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    if torch_inputs:
        args, kwargs = as_torch(args), as_torch(kwargs)
    before = copy.deepcopy((args, kwargs))
    try:
        with np.errstate(all="ignore"):  # mutants overflow on purpose
            result = as_numpy(function(*args, **kwargs))
    except Exception as exc:
        return ("raises", type(exc).__name__)
    changed = changed_arguments(args, kwargs, before)
    if changed:
        return ("modifies", ", ".join(f"{key}{path}" for key, path in changed))
    return result


def raised(value: Any) -> bool:
    """Whether an outcome is ("raises", name) or ("modifies", inputs) rather than a result."""
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)


@dataclass(frozen=True)
class ExerciseUnderTest:
    """One exercise of a built-in pack (the classic bank at ROOT, or `modern` at MODERN), as its
    reference tests see it. Its alternative solutions are in tests/solutions/<id>/ for both."""

    id: str
    reference: ReferenceModule
    spec: Exercise
    seeds: range = SEEDS
    base: Path = ROOT

    @classmethod
    def load(cls, exercise_id: str, question_file: str, base: Path = ROOT) -> ExerciseUnderTest:
        """Load `<base>/reference/<exercise_id>.py` and the exercise of
        `<base>/questions/<question_file>`."""
        reference = load_reference(base / "reference" / f"{exercise_id}.py")
        spec = validate(load_yaml(base / "questions" / question_file), Question).exercise
        assert spec is not None and spec.id == exercise_id, f"{question_file}: not {exercise_id}"
        return cls(exercise_id, reference, spec, base=base)

    @property
    def tolerance(self) -> Tolerance:
        return self.spec.tolerance

    @property
    def mutant_dir(self) -> Path:
        return self.base / "reference" / "mutants" / self.id

    def mutant_path(self, name: str) -> Path:
        return self.mutant_dir / f"{name}.py"

    @property
    def solution_dir(self) -> Path:
        return ROOT / "tests" / "solutions" / self.id

    @property
    def solutions(self) -> list[Path]:
        """The alternative solution files, sorted."""
        return sorted(self.solution_dir.glob("*.py"))

    def entry_of(self, path: Path, prefix: str = "test") -> Callable[..., Any]:
        """The exercise's entry function defined in a mutant or solution file (`prefix` goes
        into the private module name the file is imported under)."""
        return getattr(load_python_file(path, prefix), self.spec.function)

    def random_cases(self, seed: int) -> list[Case]:
        """The random cases the grader draws for `seed`."""
        edge_count = len(self.reference.edge_cases())
        return self.reference.cases(seed, self.spec.random_cases)[edge_count:]

    def every_case(self, seeds: range | None = None) -> list[Case]:
        """The edge cases, then the random cases of every seed in `seeds` (default: all)."""
        seeds = self.seeds if seeds is None else seeds
        return [*self.reference.edge_cases(), *(c for s in seeds for c in self.random_cases(s))]

    def expected(self, case: Case) -> Any:
        """The reference outcome, checked against the case's declared exception."""
        result = outcome(self.reference.reference, case)
        if case.raises is not None:
            assert result == ("raises", case.raises), f"{case.name}: reference gives {result}"
        return result

    def close(self, actual: Any, wanted: Any) -> bool:
        """Same structure, and every number within the exercise tolerance (NaN never
        matches); both are outcomes."""
        if raised(wanted) or raised(actual):
            return raised(wanted) and raised(actual) and actual == wanted
        if isinstance(wanted, tuple):
            return (
                isinstance(actual, tuple)
                and len(actual) == len(wanted)
                and all(self.close(a, w) for a, w in zip(actual, wanted, strict=True))
            )
        if isinstance(wanted, dict):
            return (
                isinstance(actual, dict)
                and actual.keys() == wanted.keys()
                and all(self.close(actual[k], wanted[k]) for k in wanted)
            )
        try:
            actual_array = np.asarray(actual, dtype=np.float64)
        except (TypeError, ValueError):
            return False
        if np.asarray(wanted).dtype.kind in "iu" and np.asarray(actual).dtype.kind not in "iu":
            return False  # integers are wanted (any width), as the grader wants them
        wanted_array = np.asarray(wanted, dtype=np.float64)
        tol = self.tolerance
        return actual_array.shape == wanted_array.shape and bool(
            np.allclose(actual_array, wanted_array, rtol=tol.rtol, atol=tol.atol)
        )

    def within_tolerance(self, result: Any, expected: Any) -> bool:
        """True when `result` (an array or tensor, or a dict of them) matches `expected` in
        keys and shapes, and within the exercise tolerance element by element."""
        result, expected = as_numpy(result), as_numpy(expected)
        if isinstance(expected, dict):
            if set(result) != set(expected):
                return False
            return all(self._leaf_within(result[key], want) for key, want in expected.items())
        return self._leaf_within(result, expected)

    def _leaf_within(self, result: Any, expected: Any) -> bool:
        got = np.asarray(result, dtype=np.float64)
        want = np.asarray(expected)
        tol = self.tolerance
        return got.shape == want.shape and bool(
            np.all(np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want))
        )

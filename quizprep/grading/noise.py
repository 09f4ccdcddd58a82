"""Is an exercise's tolerance looser than the float noise of a correct answer?

`pack check` runs the trusted reference on float32 copies of each case's float64 inputs, and,
where CUDA is the device, the PyTorch oracle on the GPU, and compares both with the float64
reference outputs under the exercise's own tolerance. A tolerance a correct float32 (or GPU)
answer cannot meet is reported, with the largest relative difference seen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from quizprep.bank.schema import Exercise
from quizprep.grading.cases import Case
from quizprep.grading.compare import compare
from quizprep.grading.grader import ExerciseCases, call_trusted


@dataclass(frozen=True)
class Noise:
    """How a variant of the reference computation (float32, CUDA) compares with float64."""

    variant: str
    cases: int
    failing: int
    max_rel_diff: float
    error: str | None = None

    def too_tight(self, exercise: Exercise) -> str | None:
        """The report line when some case fails the tolerance, else None."""
        if self.error is not None or not self.failing:
            return None
        if "float32" in self.variant and FLOAT64_REQUIRED in " ".join(exercise.task.split()):
            return None  # the task says a float32 answer is wrong
        tolerance = exercise.tolerance
        return (
            f"tolerance rtol={tolerance.rtol:g}, atol={tolerance.atol:g} is tighter than the "
            f"reference's own {self.variant} noise (max rel diff {self.max_rel_diff:.2g}; "
            f"{self.failing} of {self.cases} cases fail): a correct answer computed in "
            f"{self.variant} fails; loosen it, or say {FLOAT64_REQUIRED!r} in the task"
        )


FLOAT64_REQUIRED = "float64 is required"
"""The words of a task that makes float32 noise a wrong answer (pack check then does not warn)."""


def cast_floats(value: Any, dtype: type[np.floating[Any]]) -> Any:
    """A copy of `value` with every float64 array (inside tuples, lists and dicts) as `dtype`."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        with np.errstate(over="ignore"):  # values beyond float32's range become inf, on purpose
            return value.astype(dtype)
    if isinstance(value, tuple | list):
        return type(value)(cast_floats(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: cast_floats(v, dtype) for k, v in value.items()}
    return value


def has_floats(value: Any) -> bool:
    """Whether `value` holds a float64 array anywhere."""
    if isinstance(value, np.ndarray):
        return bool(value.dtype == np.float64)
    if isinstance(value, tuple | list):
        return any(has_floats(v) for v in value)
    if isinstance(value, dict):
        return any(has_floats(v) for v in value.values())
    return False


def max_rel_diff(expected: Any, actual: Any) -> float:
    """The largest |actual - expected| / |expected| over the numbers both hold (0 where the
    structures differ: `compare` explains those)."""
    if isinstance(expected, tuple | list) and isinstance(actual, tuple | list):
        return max(
            (max_rel_diff(e, a) for e, a in zip(expected, actual, strict=False)), default=0.0
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return max(
            (max_rel_diff(expected[k], actual[k]) for k in expected if k in actual), default=0.0
        )
    try:
        e = np.asarray(expected, dtype=np.float64)
        a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return 0.0
    if e.shape != a.shape or e.size == 0:
        return 0.0
    nonzero = np.isfinite(e) & np.isfinite(a) & (e != 0)
    if not nonzero.any():
        return 0.0
    return float(np.max(np.abs(a[nonzero] - e[nonzero]) / np.abs(e[nonzero])))


def measure(
    exercise: Exercise,
    data: ExerciseCases,
    variant: str,
    function: Callable[..., Any],
    *,
    dtype: type[np.floating[Any]] | None = np.float32,
) -> Noise:
    """Run `function` on each case (inputs cast to `dtype`) and compare with the reference."""
    cases = failing = 0
    worst = 0.0
    for case, expected in zip(data.cases, data.expected, strict=True):
        if case.raises or not has_floats((case.args, case.kwargs)):
            continue
        if dtype is not None:
            case = Case(case.name, cast_floats(case.args, dtype), cast_floats(case.kwargs, dtype))
        try:
            got = call_trusted(function, case)
        except Exception as exc:
            return Noise(variant, cases, failing, worst, f"{type(exc).__name__}: {exc}")
        cases += 1
        worst = max(worst, max_rel_diff(expected, got))
        failing += compare(expected, got, exercise.tolerance, names=exercise.returns) is not None
    return Noise(variant, cases, failing, worst)


@contextlib.contextmanager
def torch_on(device: str) -> Iterator[None]:
    """Make an oracle written for CPU tensors run on `device`: `torch.from_numpy` moves its
    tensor there, factories default to it, and `Tensor.numpy()` copies back first. For pack
    check only (one thread), never while learners are graded."""
    import torch

    from_numpy, to_numpy = torch.from_numpy, torch.Tensor.numpy
    previous = torch.get_default_device()

    def moved(ndarray: Any) -> torch.Tensor:
        return from_numpy(ndarray).to(device)

    def copied_back(self: Any, *, force: bool = False) -> np.ndarray:
        return to_numpy(self.detach().cpu(), force=force)

    torch.from_numpy = moved
    torch.Tensor.numpy = copied_back  # type: ignore[method-assign]
    torch.set_default_device(device)
    try:
        yield
    finally:
        torch.from_numpy = from_numpy
        torch.Tensor.numpy = to_numpy  # type: ignore[method-assign]
        torch.set_default_device(previous)


def on_device(oracle: Callable[..., Any], device: str) -> Callable[..., Any]:
    """`oracle`, called under `torch_on(device)`."""

    def call(*args: Any, **kwargs: Any) -> Any:
        with torch_on(device):
            return oracle(*args, **kwargs)

    return call

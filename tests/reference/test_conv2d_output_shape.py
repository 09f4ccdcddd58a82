"""Checks of the conv2d_output_shape reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.bank.schema import Question
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.grading.cases import Case, load_python_file, load_reference

EXERCISE = "conv2d_output_shape"
QUESTION_FILE = "q42_conv_output_shape.yaml"
ROOT = Path(__file__).resolve().parents[2]
SEEDS = range(20)
REFERENCE = load_reference(ROOT / "reference" / f"{EXERCISE}.py")
SPEC = validate(load_yaml(ROOT / "questions" / QUESTION_FILE), Question).exercise
assert SPEC is not None and SPEC.id == EXERCISE
TOLERANCE = SPEC.tolerance
SOLUTIONS = sorted((ROOT / "tests" / "solutions" / EXERCISE).glob("*.py"))


def random_cases(seed: int) -> list[Case]:
    """The random cases the grader draws for `seed`."""
    return REFERENCE.cases(seed, SPEC.random_cases)[len(REFERENCE.edge_cases()) :]


def every_case() -> list[Case]:
    """The edge cases, then the random cases of every seed in SEEDS."""
    return [*REFERENCE.edge_cases(), *(c for seed in SEEDS for c in random_cases(seed))]


def entry_of(path: Path) -> Callable[..., Any]:
    """The exercise's entry function defined in a mutant or solution file."""
    return getattr(load_python_file(path, "test"), SPEC.function)


def uses_torch(path: Path) -> bool:
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
    if isinstance(value, dict):
        return {k: as_torch(v, dtype) for k, v in value.items()}
    return value


def as_numpy(value: Any) -> Any:
    """Tensors, numpy scalars and arrays become numpy arrays; containers are walked."""
    if type(value).__module__.startswith("torch"):
        return value.detach().cpu().double().numpy()
    if isinstance(value, tuple | list):
        return tuple(as_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: as_numpy(v) for k, v in value.items()}
    return value


def outcome(function: Callable[..., Any], case: Case, torch_inputs: bool = False) -> Any:
    """What a call returns (as numpy data), or ("raises", exception type name)."""
    args, kwargs = case.args, case.kwargs
    if torch_inputs:
        args, kwargs = as_torch(args), as_torch(kwargs)
    try:
        return as_numpy(function(*args, **kwargs))
    except Exception as exc:
        return ("raises", type(exc).__name__)


def expected(case: Case) -> Any:
    """The reference outcome, checked against the case's declared exception."""
    result = outcome(REFERENCE.reference, case)
    if case.raises is not None:
        assert result == ("raises", case.raises), case.name
    return result


def raised(value: Any) -> bool:
    """Whether an outcome is ("raises", name) rather than a result."""
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)


def close(actual: Any, wanted: Any) -> bool:
    """Same structure, and every number within the exercise tolerance (NaN never matches)."""
    if raised(wanted) or raised(actual):
        return raised(wanted) and raised(actual) and actual == wanted
    if isinstance(wanted, tuple):
        return (
            isinstance(actual, tuple)
            and len(actual) == len(wanted)
            and all(close(a, w) for a, w in zip(actual, wanted, strict=True))
        )
    if isinstance(wanted, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == wanted.keys()
            and all(close(actual[k], wanted[k]) for k in wanted)
        )
    try:
        actual_array = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    wanted_array = np.asarray(wanted, dtype=np.float64)
    return actual_array.shape == wanted_array.shape and bool(
        np.allclose(actual_array, wanted_array, rtol=TOLERANCE.rtol, atol=TOLERANCE.atol)
    )


@pytest.mark.parametrize("case", REFERENCE.edge_cases(), ids=lambda c: c.name)
def test_oracle_agrees_on_edge_case(case: Case) -> None:
    assert REFERENCE.oracle is not None
    assert close(outcome(REFERENCE.oracle, case), expected(case))


@pytest.mark.parametrize("seed", SEEDS)
def test_oracle_agrees_on_random_cases(seed: int) -> None:
    assert REFERENCE.oracle is not None
    for case in random_cases(seed):
        assert close(outcome(REFERENCE.oracle, case), expected(case)), case.name


def test_random_cases_are_reproducible() -> None:
    first, second = random_cases(3), random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        close(outcome(REFERENCE.reference, c), expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_mutant_files_match_the_yaml() -> None:
    on_disk = {p.stem for p in (ROOT / "reference" / "mutants" / EXERCISE).glob("*.py")}
    assert on_disk == {m.name for m in SPEC.mutants}
    assert len(on_disk) >= 3


@pytest.mark.parametrize("name", [m.name for m in SPEC.mutants])
def test_mutant_is_caught_by_an_edge_case(name: str) -> None:
    mutant = entry_of(ROOT / "reference" / "mutants" / EXERCISE / f"{name}.py")
    caught = [c.name for c in REFERENCE.edge_cases() if not close(outcome(mutant, c), expected(c))]
    assert caught, f"{name} passes every edge case"


def test_mutants_are_distinguishable() -> None:
    cases = every_case()
    signatures = {}
    for mutant in SPEC.mutants:
        function = entry_of(ROOT / "reference" / "mutants" / EXERCISE / f"{mutant.name}.py")
        signatures[mutant.name] = [outcome(function, c) for c in cases]
    names = list(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert any(
                not close(a, b) or not close(b, a)
                for a, b in zip(signatures[first], signatures[second], strict=True)
            ), f"mutants {first} and {second} behave the same on every case"


def test_there_are_alternative_solutions() -> None:
    assert len(SOLUTIONS) >= 2
    assert any(uses_torch(p) for p in SOLUTIONS)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_alternative_solution_passes(path: Path) -> None:
    function = entry_of(path)
    for case in every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert close(actual, expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


def test_starter_fails() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(SPEC.starter, "starter.py", "exec"), namespace)
    case = REFERENCE.edge_cases()[0]
    assert not close(outcome(namespace[SPEC.function], case), expected(case))


# Facts about convolution shapes.


@pytest.mark.parametrize("stride", [1, 2, 3, (1, 2)])
@pytest.mark.parametrize("dilation", [1, 2, (3, 1)])
@pytest.mark.parametrize("padding", [0, 1, (2, 0), "valid"])
def test_matches_conv2d_shapes(stride: Any, dilation: Any, padding: Any) -> None:
    import torch
    import torch.nn.functional as F

    for size in [(9, 9), (13, 10), (20, 7)]:
        for kernel in [1, 2, 3, (3, 2)]:
            image = torch.zeros(1, 1, *size)
            weight = torch.zeros(1, 1, *((kernel, kernel) if isinstance(kernel, int) else kernel))
            shape = F.conv2d(image, weight, stride=stride, padding=padding, dilation=dilation)
            got = REFERENCE.reference(size, kernel, stride, padding, dilation)
            assert got == tuple(shape.shape[-2:])


def test_floor_when_the_stride_does_not_divide() -> None:
    assert REFERENCE.reference(8, 3, stride=2) == (3, 3)
    assert REFERENCE.reference(224, 7, stride=2, padding=3) == (112, 112)


def test_same_keeps_the_size_even_for_even_or_dilated_kernels() -> None:
    for kernel, dilation in [(4, 1), (2, 3), ((3, 4), (2, 1))]:
        assert REFERENCE.reference((17, 12), kernel, 1, "same", dilation) == (17, 12)
        assert REFERENCE.oracle is not None
        assert REFERENCE.oracle((17, 12), kernel, 1, "same", dilation) == (17, 12)


def test_same_with_a_stride_raises_value_error_like_torch() -> None:
    import torch

    with pytest.raises(ValueError):
        REFERENCE.reference(16, 3, stride=2, padding="same")
    with pytest.raises(ValueError):
        REFERENCE.reference(16, 3, stride=(1, 2), padding="same")
    with pytest.raises(ValueError):
        torch.nn.Conv2d(1, 1, 3, stride=2, padding="same")
    assert any(
        c.raises == "ValueError" and c.kwargs.get("padding") == "same"
        for c in REFERENCE.edge_cases()
    )


def test_kernel_larger_than_the_padded_input_raises_value_error() -> None:
    with pytest.raises(ValueError):
        REFERENCE.reference(6, 3, dilation=3)
    assert REFERENCE.reference(6, 3, padding=1, dilation=3) == (2, 2)


def test_returns_python_ints() -> None:
    for case in REFERENCE.cases(0, 20):
        if case.raises is None:
            result = REFERENCE.reference(*case.args, **case.kwargs)
            assert isinstance(result, tuple) and [type(v) for v in result] == [int, int]

"""Checks of the conv2d_output_shape reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, outcome, uses_torch

EX = ExerciseUnderTest.load("conv2d_output_shape", "q42_conv_output_shape.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("case", REFERENCE.edge_cases(), ids=lambda c: c.name)
def test_oracle_agrees_on_edge_case(case: Case) -> None:
    assert REFERENCE.oracle is not None
    assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case))


@pytest.mark.parametrize("seed", EX.seeds)
def test_oracle_agrees_on_random_cases(seed: int) -> None:
    assert REFERENCE.oracle is not None
    for case in EX.random_cases(seed):
        assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case)), case.name


def test_random_cases_are_reproducible() -> None:
    first, second = EX.random_cases(3), EX.random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        EX.close(outcome(REFERENCE.reference, c), EX.expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_mutant_files_match_the_yaml() -> None:
    on_disk = {p.stem for p in EX.mutant_dir.glob("*.py")}
    assert on_disk == {m.name for m in EX.spec.mutants}
    assert len(on_disk) >= 3


@pytest.mark.parametrize("name", [m.name for m in EX.spec.mutants])
def test_mutant_is_caught_by_an_edge_case(name: str) -> None:
    mutant = EX.entry_of(EX.mutant_path(name))
    caught = [
        c.name for c in REFERENCE.edge_cases() if not EX.close(outcome(mutant, c), EX.expected(c))
    ]
    assert caught, f"{name} passes every edge case"


def test_mutants_are_distinguishable() -> None:
    cases = EX.every_case()
    signatures = {}
    for mutant in EX.spec.mutants:
        function = EX.entry_of(EX.mutant_path(mutant.name))
        signatures[mutant.name] = [outcome(function, c) for c in cases]
    names = list(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert any(
                not EX.close(a, b) or not EX.close(b, a)
                for a, b in zip(signatures[first], signatures[second], strict=True)
            ), f"mutants {first} and {second} behave the same on every case"


def test_there_are_alternative_solutions() -> None:
    assert len(EX.solutions) >= 2
    assert any(uses_torch(p) for p in EX.solutions)


@pytest.mark.parametrize("path", EX.solutions, ids=lambda p: p.stem)
def test_alternative_solution_passes(path: Path) -> None:
    function = EX.entry_of(path)
    for case in EX.every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert EX.close(actual, EX.expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


def test_starter_fails() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(EX.spec.starter, "starter.py", "exec"), namespace)
    case = REFERENCE.edge_cases()[0]
    assert not EX.close(outcome(namespace[EX.spec.function], case), EX.expected(case))


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

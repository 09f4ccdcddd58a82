"""Checks of the device_matmul reference: the cases make a dtype slip visible in the values."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("device_matmul", "q11_gpu.yaml")
REFERENCE = EX.reference


def test_result_keeps_the_input_dtype() -> None:
    for case in EX.every_case(range(3)):
        a, b = case.args
        product = REFERENCE.reference(a, b)
        assert product.dtype == a.dtype and product.shape == (a.shape[0], b.shape[1])


def test_random_cases_are_exact_in_float64_in_any_order() -> None:
    """Sums of 24-bit products: a different summation order (or BLAS) gives the same bits."""
    for case in EX.random_cases(0) + EX.random_cases(1):
        a, b = case.args
        by_rows = np.array(
            [
                [sum(float(x) * float(y) for x, y in zip(row, col, strict=True)) for col in b.T]
                for row in a
            ]
        )
        np.testing.assert_array_equal(REFERENCE.reference(a, b), by_rows)


def test_float32_fails_every_random_case() -> None:
    """24-bit inputs give products float32 cannot hold, so float32 never passes by luck."""
    for case in EX.random_cases(0) + EX.random_cases(1):
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            in_float32 = np.float32(case.args[0]) @ np.float32(case.args[1])
        assert not EX.close(in_float32, EX.expected(case)), case.name


def test_a_torch_float32_learner_fails_and_float64_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    float64_case = next(c for c in REFERENCE.edge_cases() if c.name.startswith("float64 values"))
    assert EX.close(as_numpy(function(*as_torch(float64_case.args))), EX.expected(float64_case))
    downcast = as_numpy(function(*as_torch(float64_case.args, torch.float32)))
    assert not EX.close(downcast, EX.expected(float64_case))

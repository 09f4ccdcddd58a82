"""Case helpers the grader orders and describes cases with."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from quizprep.grading.cases import Case, simplicity


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), (0, 0)),
        ((np.zeros(0),), (0, 0)),
        ((np.array([np.nan, np.nan, 1.0, -0.0, 0.0, np.inf, -np.inf, np.inf]),), (5, 8)),
        ((np.array([[1, 2], [2, 1]]), 2.0, 3), (3, 6)),
        ((np.array([True, False, True]),), (2, 3)),
        ((np.array(["a", "b"]), True, "text"), (0, 0)),
        ((np.arange(200_000.0),), (100_000, 100_000)),
    ],
    ids=["nothing", "empty", "nan-zero-inf", "ints-and-scalars", "bools", "no-numbers", "capped"],
)
def test_simplicity_counts_distinct_numbers_as_numpy_unique_does(
    args: tuple[Any, ...], expected: tuple[int, int]
) -> None:
    """NaNs are one value, -0.0 and 0.0 one, bools and str are not numbers, and at most
    100,000 numbers of an array count (without `np.unique`, which loads numpy.ma)."""
    assert simplicity(Case("case", args, {}, None)) == expected

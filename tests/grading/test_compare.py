"""Comparison diagnostics: each classic mistake gets a message a learner can act on."""

from __future__ import annotations

import numpy as np
import pytest

from quizprep.bank.schema import Tolerance
from quizprep.grading.compare import compare, matches
from quizprep.sandbox.codec import Unsupported

TOL = Tolerance(rtol=1e-5, atol=1e-8)
rng = np.random.default_rng(0)
A = rng.normal(size=(4, 4))


def message(expected: object, actual: object, **kwargs: object) -> str:
    mismatch = compare(expected, actual, TOL, **kwargs)  # type: ignore[arg-type]
    assert mismatch is not None
    return mismatch.message


def test_equal_values_match() -> None:
    assert compare(A, A + 1e-12, TOL) is None
    assert compare((A, 2.0), [A, 2.0], TOL) is None  # a list is fine where a tuple is expected
    assert compare(A, A.tolist(), TOL) is None  # a loop-style answer may return nested lists


@pytest.mark.parametrize(
    ("actual", "cause"),
    [
        (-A, "sign is flipped"),
        (A.T, "transposed"),
        (3 * A, "constant factor of 3 (summed where it should be averaged?)"),
        (A / 4, "constant factor of 0.25 (averaged where it should be summed?)"),
        (A + 0.5, "off by the same 0.5 everywhere"),
    ],
)
def test_likely_causes(actual: np.ndarray, cause: str) -> None:
    text = message(A, actual)
    assert "values differ" in text and "worst at [" in text
    assert cause in text


def test_no_pattern_is_claimed_from_two_values() -> None:
    text = message(np.array([0.5, 0.5]), np.array([1.0, 1.0]))
    assert "Likely cause" not in text
    assert "summed where it should be averaged" in message(1.5, 4.5)  # a loss: factor 3


def test_shape_mismatch_says_transposed() -> None:
    B = rng.normal(size=(2, 3))
    assert "shape (3, 2), expected (2, 3) (transposed?)" in message(B, B.T)


def test_nan_positions_are_reported() -> None:
    actual = A.copy()
    actual[1, 2] = np.nan
    text = message(A, actual)
    assert "NaN at 1 position, first at [1, 2]" in text and "overflow" in text


def test_scalar_expected_but_array_given() -> None:
    assert "use float(...) or .item()" in message(1.5, np.array([1.5]))
    assert "reduce it" in message(1.5, np.ones(3))


def test_int_expected_but_float_given() -> None:
    assert "use // or int(...)" in message(5, 5.0)
    assert compare(5, 5, TOL) is None
    assert "expected 5, got 6" in message(5, 6)


def test_tuple_parts_are_named() -> None:
    text = message((A, 1.0), (A, 2.0), names=["w_new", "b_new"])
    assert text.startswith("b_new: ")


def test_dict_keys() -> None:
    expected = {"loss": 1.0, "dU": A}
    assert "missing key 'dU'" in message(expected, {"loss": 1.0})
    assert message(expected, {"loss": 1.0, "dU": -A}).startswith("dU: ")


def test_foreign_objects_are_refused() -> None:
    assert "returned a Cheat object" in message(A, Unsupported("Cheat"))
    assert "None (did you forget to return?)" in message(A, None)


def test_matches_treats_nan_as_equal() -> None:
    with_nan = np.array([1.0, np.nan])
    assert matches(with_nan, with_nan.copy(), TOL)
    assert not matches(with_nan, np.array([1.0, 2.0]), TOL)

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
        (3 * A, "off by the same factor, 3."),
        (A / 4, "off by the same factor, 0.25."),
        (A + 0.5, "off by the same 0.5."),
    ],
)
def test_likely_causes(actual: np.ndarray, cause: str) -> None:
    text = message(A, actual)
    assert "values differ" in text and "worst at [" in text
    assert cause in text


def test_no_pattern_is_claimed_from_two_values() -> None:
    text = message(np.array([0.5, 0.5]), np.array([1.0, 1.0]))
    assert "guess" not in text


def test_sum_versus_mean_is_guessed_only_when_the_factor_is_a_size_of_the_inputs() -> None:
    """A factor of 4 is "summed instead of averaged" only where 4 is a size of the case's
    inputs (a batch of 4); any single wrong number is "off by a factor" of something."""
    assert "summed where it should be averaged" not in message(A, 3 * A)
    text = message(A, 4 * A, sizes=frozenset({4, 7}))
    assert "summed where it should be averaged" in text and "guess" in text
    assert "averaged where it should be summed" in message(A, A / 7, sizes=frozenset({4, 7}))
    assert "factor" not in message(1.5, 4.5)  # a single number fits any factor: no claim
    assert "summed where it should be averaged" in message(1.5, 4.5, sizes=frozenset({3}))
    assert "factor" not in message(1.5, 4.6, sizes=frozenset({3}))


def test_integer_results_are_shown_as_sequences_without_float_advice() -> None:
    """Token ids and indices: show both (or the first difference), never errors and factors."""
    text = message(np.array([1, 2, 7]), np.array([4, 2, 7]))
    assert "got [4, 2, 7], expected [1, 2, 7]" in text
    assert "first difference at [0]" in text
    for float_talk in ("abs error", "rel ", "factor", "guess", "tolerance"):
        assert float_talk not in text
    long = np.arange(100)
    wrong = long.copy()
    wrong[57] = 3
    text = message(long, wrong)
    assert "1 of 100 values differ; first difference at [57]: got 3, expected 57" in text
    indices = np.array([[0, 1], [2, 3]])
    assert "first difference at [1, 0]" in message(indices, np.array([[0, 1], [3, 2]]))


def test_integer_results_are_integers_of_any_width() -> None:
    """What the exercise texts say: "integers (any integer dtype)", not floats or booleans."""
    expected = np.array([1, 0, 1])
    assert compare(expected, expected.astype(np.int32), TOL) is None
    assert compare(expected, expected.astype(np.uint8), TOL) is None
    assert "got float64" in message(expected, expected.astype(np.float64))
    assert "got booleans" in message(expected, expected.astype(bool))


def test_non_finite_advice_names_every_usual_source() -> None:
    """p = 1 dropout gives 0/0, not an exp overflow: the advice lists the sources of each."""
    nan_text = message(np.zeros(4), np.full(4, np.nan))
    assert "0/0" in nan_text and "guess" not in nan_text
    inf_text = message(np.ones(4), np.full(4, np.inf))
    assert "division by 0" in inf_text and "exp" in inf_text


def test_a_single_number_has_no_position() -> None:
    text = message(1.0, float("nan"))
    assert "[]" not in text and "NaN" in text
    assert "[]" not in message(1.0, 2.0)


def test_an_empty_list_is_the_empty_array_it_spells() -> None:
    assert compare(np.zeros((0, 2)), [], TOL) is None
    assert compare(np.zeros((3, 0)), [[], [], []], TOL) is None
    assert compare(np.zeros((0, 2), dtype=np.int64), (), TOL) is None
    assert compare((np.zeros((0, 4)), np.zeros((0, 4))), ([], []), TOL) is None
    assert compare(np.zeros((0, 2)), np.zeros(0), TOL) is not None  # an array says its shape
    assert compare(np.zeros((2, 2)), [[], []], TOL) is not None
    assert compare(np.zeros((0, 2)), [[]], TOL) is not None  # one row of nothing is (1, 0)


def test_shape_mismatch_says_transposed() -> None:
    B = rng.normal(size=(2, 3))
    assert "shape (3, 2), expected (2, 3) (transposed?)" in message(B, B.T)


def test_nan_positions_are_reported() -> None:
    actual = A.copy()
    actual[1, 2] = np.nan
    text = message(A, actual)
    assert "NaN at 1 position, first at [1, 2]" in text and "0/0" in text


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

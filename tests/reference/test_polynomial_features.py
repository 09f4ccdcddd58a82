"""Checks of the polynomial_features reference: scikit-learn's column order on a worked example,
the C(D + d, d) width, the Vandermonde special case, and what the features buy a linear model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("polynomial_features", "q03_dl_vs_ml.yaml")
REFERENCE = EX.reference


def test_worked_example_in_scikit_learn_order() -> None:
    x = np.array([[2.0, 3.0]])
    # PolynomialFeatures(3).fit(x).get_feature_names_out() lists
    # 1, x0, x1, x0^2, x0 x1, x1^2, x0^3, x0^2 x1, x0 x1^2, x1^3
    np.testing.assert_array_equal(REFERENCE.reference(x, 3), [[1, 2, 3, 4, 6, 9, 8, 12, 18, 27]])
    x3 = np.array([[2.0, 3.0, 5.0]])
    # 1, a, b, c, a^2, ab, ac, b^2, bc, c^2
    np.testing.assert_array_equal(REFERENCE.reference(x3, 2), [[1, 2, 3, 5, 4, 6, 10, 9, 15, 25]])


@pytest.mark.parametrize(("d", "degree"), [(1, 0), (1, 5), (3, 1), (4, 3), (6, 2), (2, 6)])
def test_width_is_the_number_of_multisets(d: int, degree: int) -> None:
    out = REFERENCE.reference(np.ones((2, d)), degree)
    assert out.shape == (2, math.comb(d + degree, degree))
    np.testing.assert_array_equal(out, 1.0)  # every monomial of ones is 1


def test_one_feature_is_the_increasing_vandermonde_matrix() -> None:
    x = np.array([-1.5, 0.5, 2.0, 3.0])
    np.testing.assert_allclose(
        REFERENCE.reference(x[:, None], 4), np.vander(x, 5, increasing=True), rtol=1e-12
    )


def test_each_degree_block_is_homogeneous() -> None:
    """Scaling x by t scales a degree-k column by t**k: the degrees come in increasing order."""
    rng = np.random.default_rng(1)
    x, t, degree = rng.normal(size=(3, 3)), 1.7, 3
    base, scaled = REFERENCE.reference(x, degree), REFERENCE.reference(t * x, degree)
    degrees = [k for k in range(degree + 1) for _ in range(math.comb(3 + k - 1, k))]
    np.testing.assert_allclose(scaled, base * t ** np.array(degrees), rtol=1e-12)


def test_degree_two_features_make_a_quadratic_target_exactly_linear() -> None:
    """y = 1 - 2 x0 + 3 x0 x1 - x1^2 is linear in the degree-2 features: least squares recovers
    its coefficients, while a model on the raw features cannot fit it."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(50, 2))
    y = 1 - 2 * x[:, 0] + 3 * x[:, 0] * x[:, 1] - x[:, 1] ** 2
    features = REFERENCE.reference(x, 2)  # [1, x0, x1, x0^2, x0 x1, x1^2]
    w, *_ = np.linalg.lstsq(features, y, rcond=None)
    np.testing.assert_allclose(w, [1, -2, 0, 0, 3, -1], atol=1e-10)
    linear = REFERENCE.reference(x, 1)
    w1, *_ = np.linalg.lstsq(linear, y, rcond=None)
    assert np.mean((linear @ w1 - y) ** 2) > 1.0


def test_negative_degree_raises() -> None:
    with pytest.raises(ValueError):
        REFERENCE.reference(np.ones((1, 2)), -1)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

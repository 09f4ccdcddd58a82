"""Checks of the softmax_gradient_check reference: its numeric gradient is autograd's, its verdicts
are far from the threshold (so no correct learner fails on rounding), and the bug signatures."""

from __future__ import annotations

import math

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("softmax_gradient_check", "q29_debugging_training.yaml", MODERN)
REFERENCE = EX.reference


def _true_gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    import torch
    import torch.nn.functional as F

    w = torch.from_numpy(W.copy()).requires_grad_()
    F.cross_entropy(torch.from_numpy(X) @ w, torch.from_numpy(y)).backward()
    assert w.grad is not None
    return w.grad.numpy()


def test_numeric_gradient_is_autograds() -> None:
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        W, X, y = case.args[:3]
        numeric = REFERENCE.reference(*case.args)["numeric"]
        np.testing.assert_allclose(numeric, _true_gradient(W, X, y), rtol=1e-6, atol=1e-8)


def test_loss_at_zero_weights_is_log_k() -> None:
    rng = np.random.default_rng(1)
    for k in (2, 4, 10):
        W, X, y = np.zeros((3, k)), rng.normal(size=(5, 3)), rng.integers(0, k, size=5)
        result = REFERENCE.reference(W, X, y, np.zeros((3, k)), 1e-5, 1e-6)
        assert math.isclose(result["loss"], math.log(k), rel_tol=1e-12)


def test_verdicts_are_far_from_the_threshold() -> None:
    """A correct candidate stays 10x below the threshold and a buggy one 2x above, on every
    case of every seed: rounding differences between correct solutions never flip `passed`."""
    for case in EX.every_case():
        if case.raises:
            continue
        W, X, y, analytic, _, threshold = case.args
        worst = REFERENCE.reference(*case.args)["rel_error"].max()
        if np.allclose(analytic, _true_gradient(W, X, y), rtol=1e-9, atol=1e-12):
            assert worst < threshold / 10, case.name
        else:
            assert worst > 2 * threshold, case.name


def test_a_candidate_missing_the_mean_scores_one_minus_one_over_n() -> None:
    rng = np.random.default_rng(2)
    W, X, y = rng.normal(size=(3, 4)), rng.normal(size=(8, 3)), rng.integers(0, 4, size=8)
    result = REFERENCE.reference(W, X, y, 8 * _true_gradient(W, X, y), 1e-5, 1e-6)
    np.testing.assert_allclose(result["rel_error"], 1 - 1 / 8, rtol=1e-7)
    assert result["passed"] is False


def test_inputs_are_left_alone() -> None:
    case = REFERENCE.edge_cases()[3]
    before = [np.copy(a) for a in case.args[:4]]
    REFERENCE.reference(*case.args)
    for old, new in zip(before, case.args[:4], strict=True):
        assert np.array_equal(old, new)

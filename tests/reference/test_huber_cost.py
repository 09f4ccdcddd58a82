"""Checks of the huber_cost reference: agreement with nn.HuberLoss, its two regimes, the smooth
L1 relation, continuity at |r| = delta, and its gradient by finite differences."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("huber_cost", "q14_cost_function.yaml")
REFERENCE = EX.reference


def test_hand_worked_values() -> None:
    # delta = 2: r = 1 is quadratic (0.5), r = -4 linear (2 * (4 - 1) = 6); mean over 2.
    cost, grad = REFERENCE.reference(np.array([1.0, -4.0]), np.zeros(2), 2.0, "mean")
    assert np.isclose(cost, 3.25)
    np.testing.assert_allclose(grad, [0.5, -1.0])


def test_agrees_with_the_huber_loss_module() -> None:
    import torch

    rng = np.random.default_rng(0)
    for delta in (0.3, 1.0, 2.5):
        p, t = rng.normal(scale=3.0, size=(4, 5)), rng.normal(size=(4, 5))
        for reduction in ("mean", "sum", "none"):
            module = torch.nn.HuberLoss(reduction=reduction, delta=delta)
            want = module(torch.from_numpy(p), torch.from_numpy(t)).numpy()
            np.testing.assert_allclose(REFERENCE.reference(p, t, delta, reduction)[0], want)


def test_regimes_half_mse_and_shifted_l1() -> None:
    rng = np.random.default_rng(1)
    p, t = rng.normal(size=20), rng.normal(size=20)
    r = p - t
    big = 1.0 + np.abs(r).max()
    np.testing.assert_allclose(REFERENCE.reference(p, t, big, "mean")[0], 0.5 * np.mean(r**2))
    tiny = 0.5 * np.abs(r).min()
    losses, slopes = REFERENCE.reference(p, t, tiny, "none")
    np.testing.assert_allclose(losses, tiny * (np.abs(r) - tiny / 2))
    np.testing.assert_allclose(slopes, tiny * np.sign(r))


def test_smooth_l1_is_huber_over_delta() -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(2)
    p, t = rng.normal(scale=2.0, size=30), rng.normal(size=30)
    for delta in (0.5, 1.0, 3.0):
        smooth = F.smooth_l1_loss(torch.from_numpy(p), torch.from_numpy(t), beta=delta).item()
        huber = REFERENCE.reference(p, t, delta, "mean")[0]
        assert np.isclose(smooth * delta, huber)
        assert np.isclose(smooth, huber) == (delta == 1.0)


def test_continuous_value_and_slope_at_the_threshold() -> None:
    delta, eps = 1.7, 1e-9
    r = np.array([delta - eps, delta, delta + eps, -delta - eps, -delta, -delta + eps])
    losses, slopes = REFERENCE.reference(r, np.zeros(6), delta, "none")
    np.testing.assert_allclose(losses, 0.5 * delta**2, rtol=1e-8)
    np.testing.assert_allclose(slopes, [delta] * 3 + [-delta] * 3, rtol=1e-8)


def test_gradient_matches_finite_differences() -> None:
    for case in EX.every_case(range(3)):
        p, t, delta, reduction = case.args
        if case.raises or reduction == "none":
            continue
        _, grad = REFERENCE.reference(*case.args)
        h = 1e-6
        numeric = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            up, down = p.copy(), p.copy()
            up[index] += h
            down[index] -= h
            numeric[index] = (
                REFERENCE.reference(up, t, delta, reduction)[0]
                - REFERENCE.reference(down, t, delta, reduction)[0]
            ) / (2 * h)
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7, err_msg=case.name)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_autograd.py")
    for case in EX.every_case(range(5)):
        if case.raises is None:
            actual = as_numpy(function(*as_torch(case.args, torch.float32)))
            assert EX.close(actual, EX.expected(case)), case.name

"""Checks of the ddpm_forward_and_loss reference: the closed form against running the one-step
chain, variance preservation, the 0-based indexing, and the loss."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("ddpm_forward_and_loss", "q26_diffusion_models.yaml", MODERN)
REFERENCE = EX.reference


def test_closed_form_matches_running_the_chain_step_by_step() -> None:
    rng = np.random.default_rng(0)
    betas = np.linspace(0.05, 0.3, 6)
    x0 = rng.normal(size=(1, 4))
    # Compose x_s = sqrt(1 - beta_s) x_{s-1} + sqrt(beta_s) e_s for s = 0..t: the result is
    # sqrt(alpha_bar_t) x0 plus Gaussian noise of variance 1 - alpha_bar_t.
    for t in range(6):
        coef, var = 1.0, 0.0
        for s in range(t + 1):
            coef, var = np.sqrt(1 - betas[s]) * coef, (1 - betas[s]) * var + betas[s]
        unit = np.ones((1, 4))
        x_t, _ = REFERENCE.reference(x0, np.array([t]), unit, betas, unit)
        np.testing.assert_allclose(x_t, coef * x0 + np.sqrt(var) * unit)


def test_t0_uses_one_minus_beta0_and_the_last_step_is_nearly_pure_noise() -> None:
    betas = np.linspace(1e-4, 0.02, 1000)
    x0, noise = np.array([[2.0]]), np.array([[0.0]])
    x_t, loss = REFERENCE.reference(x0, np.array([0]), noise, betas, noise)
    assert np.isclose(x_t[0, 0], 2.0 * np.sqrt(1 - 1e-4)) and loss == 0.0
    x_t, _ = REFERENCE.reference(x0, np.array([999]), noise, betas, noise)
    assert abs(x_t[0, 0]) < 2.0 * 0.01  # sqrt(alpha_bar) ~ 0.006


def test_variance_preserving_for_unit_variance_data() -> None:
    rng = np.random.default_rng(1)
    x0, noise = rng.normal(size=(4, 50_000)), rng.normal(size=(4, 50_000))
    x_t, _ = REFERENCE.reference(
        x0, np.array([0, 3, 6, 9]), noise, np.linspace(0.1, 0.5, 10), noise
    )
    np.testing.assert_allclose(x_t.var(axis=1), 1.0, atol=0.02)


def test_loss_is_the_elementwise_mean_like_mse_loss() -> None:
    import torch

    rng = np.random.default_rng(2)
    shape = (3, 2, 4, 4)
    noise, predicted = rng.normal(size=shape), rng.normal(size=shape)
    _, loss = REFERENCE.reference(
        rng.normal(size=shape), np.array([0, 1, 2]), noise, np.full(3, 0.1), predicted
    )
    want = torch.nn.functional.mse_loss(torch.from_numpy(predicted), torch.from_numpy(noise))
    assert np.isclose(loss, float(want))


def test_random_cases_cover_both_layouts_and_both_schedules() -> None:
    cases = EX.random_cases(0)
    assert {c.args[0].ndim for c in cases} == {2, 4}
    assert any("cosine" in c.name for c in cases) and any("linear" in c.name for c in cases)

"""Checks of the gan_losses reference: textbook formulas, saturation, huge logits, float32."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("gan_losses", "q52_gan.yaml")
REFERENCE = EX.reference


def test_matches_the_probability_formulas_where_they_are_safe() -> None:
    rng = np.random.default_rng(2)
    real, fake = rng.normal(size=7), rng.normal(size=4)
    d_real, d_fake = 1 / (1 + np.exp(-real)), 1 / (1 + np.exp(-fake))
    d_loss, g_loss = REFERENCE.reference(real, fake)
    assert d_loss == pytest.approx(-np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake)))
    assert g_loss == pytest.approx(-np.mean(np.log(d_fake)))


def test_equilibrium_and_huge_logits() -> None:
    d_loss, g_loss = REFERENCE.reference(np.zeros(3), np.zeros(5))
    assert d_loss == pytest.approx(np.log(4)) and g_loss == pytest.approx(np.log(2))
    d_loss, g_loss = REFERENCE.reference(np.array([1000.0]), np.array([-1000.0]))
    assert d_loss == 0.0 and g_loss == pytest.approx(1000.0, rel=1e-12)


def test_the_generator_loss_keeps_its_gradient_when_d_wins() -> None:
    """d g_loss / d logit is (sigmoid(l) - 1) / M, about -1/M when D rejects the fakes."""
    fake = np.array([-20.0, -15.0])
    step = 1e-6
    shifted = fake.copy()
    shifted[0] += step
    slope = REFERENCE.reference(np.ones(1), shifted)[1] - REFERENCE.reference(np.ones(1), fake)[1]
    assert slope / step == pytest.approx(-0.5, rel=1e-4)


def test_returns_python_floats() -> None:
    for case in EX.every_case(range(2)):
        assert all(type(x) is float for x in REFERENCE.reference(*case.args)), case.name


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

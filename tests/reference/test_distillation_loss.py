"""Checks of the distillation_loss reference: its two terms, the T^2 factor that keeps the soft
gradients the same size at high temperature, and its KL's direction and reduction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("distillation_loss", "q15_knowledge_distillation.yaml", MODERN)
REFERENCE = EX.reference.reference


def _log_softmax(z: np.ndarray) -> np.ndarray:
    return z - np.logaddexp.reduce(z, axis=1, keepdims=True)


def test_matching_teacher_leaves_only_the_hard_term() -> None:
    logits, labels = np.array([[2.0, 0.0, -1.0], [0.5, 1.5, 0.0]]), np.array([0, 2])
    hard = -_log_softmax(logits)[[0, 1], [0, 2]].mean()
    assert math.isclose(REFERENCE(logits, logits, labels, 3.0, 0.4), 0.6 * hard)
    assert math.isclose(REFERENCE(logits, logits, labels, 3.0, 1.0), 0.0, abs_tol=1e-15)


def test_alpha_one_is_t_squared_times_the_batchmean_kl() -> None:
    rng = np.random.default_rng(0)
    s, t = rng.normal(size=(5, 7)), 3 * rng.normal(size=(5, 7))
    labels = rng.integers(0, 7, size=5)
    temperature = 2.5
    log_p, log_q = _log_softmax(t / temperature), _log_softmax(s / temperature)
    kl_per_sample = (np.exp(log_p) * (log_p - log_q)).sum(axis=1)
    want = temperature**2 * kl_per_sample.mean()
    assert math.isclose(REFERENCE(s, t, labels, temperature, 1.0), want)
    reverse = (np.exp(log_q) * (log_q - log_p)).sum(axis=1).mean() * temperature**2
    assert not math.isclose(want, reverse, rel_tol=1e-3)


def test_t_squared_keeps_the_soft_gradient_size() -> None:
    import torch

    rng = np.random.default_rng(1)
    s = rng.normal(size=(1, 6))
    t = rng.normal(size=(1, 6))
    labels = np.array([0])
    norms = []
    for temperature in (50.0, 100.0, 200.0):
        student = torch.tensor(s, requires_grad=True)
        loss = EX.reference.oracle(s, t, labels, temperature, 1.0)  # value check only
        assert math.isclose(loss, REFERENCE(s, t, labels, temperature, 1.0), rel_tol=1e-9)
        log_q = torch.log_softmax(student / temperature, dim=1)
        p = torch.softmax(torch.from_numpy(t) / temperature, dim=1)
        soft = temperature**2 * (p * (p.log() - log_q)).sum()
        (grad,) = torch.autograd.grad(soft, student)
        norms.append(float(grad.norm()))
    assert max(norms) / min(norms) < 1.02  # without T^2: a factor of 16


def test_a_saturated_teacher_is_finite() -> None:
    s = np.array([[1.0, 0.0, -1.0]])
    t = np.array([[1000.0, -1000.0, 0.0]])
    value = REFERENCE(s, t, np.array([0]), 1.0, 1.0)
    assert math.isclose(value, -_log_softmax(s)[0, 0])


@pytest.mark.parametrize("temperature", [0.0, -1.0])
def test_nonpositive_temperature_raises(temperature: float) -> None:
    with pytest.raises(ValueError):
        REFERENCE(np.zeros((1, 2)), np.zeros((1, 2)), np.array([0]), temperature, 0.5)


def test_random_cases_use_several_temperatures() -> None:
    temperatures = {c.args[3] for seed in range(3) for c in EX.random_cases(seed)}
    assert {1.0, 2.0, 4.0, 10.0} <= temperatures

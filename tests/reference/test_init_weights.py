"""Checks of the init_weights reference: the weights have the mean and variance the schemes
promise, equal torch.nn.init's own draws for the same random numbers (conv fans computed by
torch), and a float32 learner passes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("init_weights", "q32_weight_initialization.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize(
    ("scheme", "nonlinearity", "variance"),
    [
        ("xavier_uniform", "linear", 2 / (200 + 100)),
        ("xavier_normal", "tanh", (5 / 3) ** 2 * 2 / (200 + 100)),
        ("he_uniform", "relu", 2 / 200),
        ("he_normal", "relu", 2 / 200),
        ("he_normal", "leaky_relu", 2 / (1 + 0.01**2) / 200),
    ],
)
def test_weights_have_the_promised_mean_and_variance(
    scheme: str, nonlinearity: str, variance: float
) -> None:
    rng = np.random.default_rng(0)
    shape = (100, 200, 20)  # many draws of a (fan_out=100, fan_in=200) layer
    noise = rng.random(shape) if scheme.endswith("uniform") else rng.normal(size=shape)
    w = REFERENCE.reference(noise, 200, 100, scheme, nonlinearity)
    assert w.shape == shape
    assert abs(w.mean()) < 0.01 * np.sqrt(variance)
    assert abs(w.var() / variance - 1) < 0.01
    if scheme.endswith("uniform"):  # U(-a, a) with a = sqrt(3 variance), nearly reached
        bound = np.sqrt(3 * variance)
        assert np.abs(w).max() <= bound and np.abs(w).max() > 0.999 * bound


@pytest.mark.parametrize("scheme", ["xavier_uniform", "xavier_normal", "he_uniform", "he_normal"])
def test_equals_torch_init_for_the_same_random_numbers(scheme: str) -> None:
    import torch

    shape, fan_in, fan_out = (16, 8, 3, 3), 8 * 9, 16 * 9  # torch derives the fans itself
    weight = torch.empty(shape, dtype=torch.float64)
    generator = torch.Generator().manual_seed(1)
    if scheme.startswith("xavier"):
        init = getattr(torch.nn.init, f"{scheme}_")
        init(weight, gain=torch.nn.init.calculate_gain("tanh"), generator=generator)
        nonlinearity = "tanh"
    else:
        init = getattr(torch.nn.init, f"kaiming_{scheme.split('_')[1]}_")
        init(weight, a=0.2, nonlinearity="leaky_relu", generator=generator)
        nonlinearity = "leaky_relu"
    draw = torch.rand if scheme.endswith("uniform") else torch.randn
    noise = draw(shape, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    ours = REFERENCE.reference(noise.numpy(), fan_in, fan_out, scheme, nonlinearity, 0.2)
    np.testing.assert_allclose(ours, weight.numpy(), rtol=1e-12, atol=1e-15)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name

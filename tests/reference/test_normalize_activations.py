"""Checks of the normalize_activations reference (modern pack): the statistics of each kind,
RMSNorm vs LayerNorm, BatchNorm's batch dependence, and PyTorch's modules."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("normalize_activations", "q02_layer_batch_rms_norm.yaml", MODERN)
REFERENCE = EX.reference


def _x(seed: int = 0, shape: tuple[int, int, int] = (3, 4, 6)) -> np.ndarray:
    return np.random.default_rng(seed).normal(loc=2.0, scale=1.5, size=shape)


def test_layer_output_has_zero_mean_unit_variance_per_token() -> None:
    x = _x()
    y = REFERENCE.reference(x, "layer", np.ones(6), np.zeros(6), eps=0.0)
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, rtol=1e-12)


def test_batch_output_has_zero_mean_unit_variance_per_feature() -> None:
    x = _x(1)
    y = REFERENCE.reference(x, "batch", np.ones(6), None, eps=0.0)
    np.testing.assert_allclose(y.mean(axis=(0, 1)), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 1)), 1.0, rtol=1e-12)


def test_rms_output_has_unit_root_mean_square_and_keeps_the_mean_sign() -> None:
    x = _x(2)
    y = REFERENCE.reference(x, "rms", np.ones(6), eps=0.0)
    np.testing.assert_allclose(np.sqrt((y**2).mean(axis=-1)), 1.0, rtol=1e-12)
    assert (y.mean(axis=-1) > 0).all()  # not centred: the inputs' positive mean survives


def test_rms_equals_layer_on_zero_mean_tokens() -> None:
    x = _x(3)
    x = x - x.mean(axis=-1, keepdims=True)
    gamma = np.linspace(0.5, 2.0, 6)
    np.testing.assert_allclose(
        REFERENCE.reference(x, "rms", gamma), REFERENCE.reference(x, "layer", gamma), rtol=1e-12
    )


def test_layer_and_rms_are_batch_independent_but_batch_is_not() -> None:
    x, gamma = _x(4), np.ones(6)
    for kind in ("layer", "rms"):
        np.testing.assert_allclose(
            REFERENCE.reference(x[:1], kind, gamma), REFERENCE.reference(x, kind, gamma)[:1]
        )
    assert not np.allclose(
        REFERENCE.reference(x[:1], "batch", gamma), REFERENCE.reference(x, "batch", gamma)[:1]
    )


def test_matches_torch_modules() -> None:
    import torch

    x, gamma, beta = _x(5, (2, 5, 4)), np.array([1.0, 2.0, 0.5, -1.0]), np.arange(4.0)
    xt = torch.from_numpy(x)
    ln = torch.nn.LayerNorm(4, eps=1e-6, dtype=torch.float64)
    rms = torch.nn.RMSNorm(4, eps=1e-6, dtype=torch.float64)
    bn = torch.nn.BatchNorm1d(4, eps=1e-6, dtype=torch.float64)
    with torch.no_grad():
        for module in (ln, rms, bn):
            module.weight.copy_(torch.from_numpy(gamma))
        ln.bias.copy_(torch.from_numpy(beta))
        bn.bias.copy_(torch.from_numpy(beta))
        got_bn = bn(xt.transpose(1, 2)).transpose(1, 2).numpy()
        np.testing.assert_allclose(REFERENCE.reference(x, "layer", gamma, beta, 1e-6), ln(xt))
        np.testing.assert_allclose(REFERENCE.reference(x, "rms", gamma, None, 1e-6), rms(xt))
    np.testing.assert_allclose(REFERENCE.reference(x, "batch", gamma, beta, 1e-6), got_bn)


def test_every_refusal_has_an_edge_case() -> None:
    raising = [c for c in REFERENCE.edge_cases() if c.raises]
    assert {c.args[1] for c in raising} == {"rms", "batch", "group"}
    for case in raising:
        assert EX.expected(case) == ("raises", "ValueError")

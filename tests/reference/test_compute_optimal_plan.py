"""Checks of the compute_optimal_plan reference: the optimum is a minimum on the budget curve, the
published constants and the Epoch refit give the numbers the answer quotes, and the FLOPs per
token are what torch counts in a real layer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("compute_optimal_plan", "q30_scaling_laws.yaml", MODERN)
REFERENCE = EX.reference


def _fit(n: float, d: float, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28) -> float:
    return E + A / n**alpha + B / d**beta


@pytest.mark.parametrize("compute", [1e19, 5.76e23, 1e26])
def test_optimum_is_a_minimum_on_the_budget_curve(compute: float) -> None:
    plan = REFERENCE.reference(compute, 12, 768, 1024)
    assert math.isclose(6 * plan["n_opt"] * plan["d_opt"], compute, rel_tol=1e-12)
    for factor in (0.9, 0.99, 1.01, 1.1):
        n = plan["n_opt"] * factor
        assert _fit(n, compute / (6 * n)) > plan["loss_opt"]


def test_published_constants_and_refit_at_chinchillas_budget() -> None:
    published = REFERENCE.reference(5.76e23, 80, 8192, 2048)
    assert 31e9 < published["n_opt"] < 33e9
    assert 90 < published["d_opt"] / published["n_opt"] < 95
    refit = REFERENCE.reference(
        5.76e23, 80, 8192, 2048, E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658
    )
    assert 70e9 < refit["n_opt"] < 75e9
    assert 17 < refit["d_opt"] / refit["n_opt"] < 20


def test_equal_exponents_split_the_budget_evenly() -> None:
    plan = REFERENCE.reference(6e20, 2, 64, 64, E=2.0, A=400.0, B=400.0, alpha=0.3, beta=0.3)
    assert math.isclose(plan["n_opt"], 1e10, rel_tol=1e-12)
    assert math.isclose(plan["d_opt"], 1e10, rel_tol=1e-12)


def test_a_given_shape_never_beats_the_optimum() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        plan = REFERENCE.reference(*case.args, **case.kwargs)
        assert plan["loss"] >= plan["loss_opt"] - 1e-12, case.name


def test_flops_per_token_match_torchs_count_of_a_real_layer() -> None:
    """FlopCounterMode on an actual (small, real-valued) layer, forward and backward."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    d, t = 32, 24
    x = torch.randn(1, t, d, requires_grad=True)
    w_qkv, w_out = torch.randn(d, 3 * d), torch.randn(d, d)
    w_up, w_down = torch.randn(d, 4 * d), torch.randn(4 * d, d)
    for w in (w_qkv, w_out, w_up, w_down):
        w.requires_grad_()
    with FlopCounterMode(display=False) as counter:
        q, k, v = (x @ w_qkv).split(d, dim=-1)
        h = x + ((q @ k.transpose(-1, -2)).softmax(-1) @ v) @ w_out
        (h + torch.relu(h @ w_up) @ w_down).sum().backward()
    plan = REFERENCE.reference(1e18, 3, d, t)
    assert plan["params"] == 3 * sum(w.numel() for w in (w_qkv, w_out, w_up, w_down))
    assert plan["flops_per_token"] == 3 * counter.get_total_flops() / t


def test_params_is_an_int_and_the_attention_share_is_t_over_6d() -> None:
    plan = REFERENCE.reference(1e21, 8, 4096, 8192)
    assert isinstance(plan["params"], int)
    attention = plan["flops_per_token"] - 6 * plan["params"]
    assert np.isclose(attention / (6 * plan["params"]), 8192 / (6 * 4096))

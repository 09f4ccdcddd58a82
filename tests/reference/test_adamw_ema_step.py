"""Checks of the adamw_ema_step reference: it is torch.optim.AdamW over many steps, it differs
from Adam with L2, and its EMA is AveragedModel's."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("adamw_ema_step", "q19_adamw_and_ema.yaml", MODERN)
REFERENCE = EX.reference


def test_a_run_of_steps_matches_adamw_and_averaged_model() -> None:
    import torch
    from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

    rng = np.random.default_rng(3)
    model = torch.nn.Linear(4, 1, bias=False).double()
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.05, weight_decay=0.2)
    averaged = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.8))
    averaged.update_parameters(model)  # the first call copies the weights
    param = model.weight.detach().numpy().copy()
    m, v, ema = np.zeros_like(param), np.zeros_like(param), param.copy()
    for t in range(1, 30):
        grad = rng.normal(size=param.shape)
        model.weight.grad = torch.tensor(grad)
        optimizer.step()
        averaged.update_parameters(model)
        param, m, v, ema = REFERENCE.reference(param, grad, m, v, ema, t, 0.05, 0.2, 0.8)
    np.testing.assert_allclose(param, model.weight.detach().numpy(), rtol=1e-10)
    np.testing.assert_allclose(ema, averaged.module.weight.detach().numpy(), rtol=1e-10)


def test_decoupled_decay_is_not_adam_with_l2() -> None:
    import torch

    case = REFERENCE.edge_cases()[2]  # large weights, tiny gradients
    param, grad, m, v, _, t, lr, weight_decay, _ = case.args
    p = torch.nn.Parameter(torch.tensor(param))
    adam = torch.optim.Adam([p], lr=lr, weight_decay=weight_decay)
    adam.state[p] = {
        "step": torch.tensor(float(t - 1)),
        "exp_avg": torch.tensor(m),
        "exp_avg_sq": torch.tensor(v),
    }
    p.grad = torch.tensor(grad)
    adam.step()
    ours = REFERENCE.reference(*case.args)[0]
    assert not np.allclose(ours, p.detach().numpy(), rtol=EX.tolerance.rtol, atol=EX.tolerance.atol)
    l2 = EX.entry_of(EX.mutant_path("l2_coupled_decay"))
    np.testing.assert_allclose(l2(*case.args)[0], p.detach().numpy(), rtol=1e-10)


def test_zero_gradient_is_pure_shrinkage() -> None:
    case = REFERENCE.edge_cases()[0]
    param, *_, lr, weight_decay, _ = case.args
    np.testing.assert_allclose(
        REFERENCE.reference(*case.args)[0], param * (1 - lr * weight_decay), rtol=1e-12
    )


def test_ema_warmup_decay() -> None:
    param, ema = np.array([1.0]), np.array([0.0])
    zero = np.zeros(1)
    for t, want in ((1, 2 / 11), (10, 0.55), (10**6, 0.999)):
        out = REFERENCE.reference(param, zero, zero, zero, ema, t, 0.0, 0.0, 0.999, ema_warmup=True)
        np.testing.assert_allclose(out[3], 1 - want, rtol=1e-12)

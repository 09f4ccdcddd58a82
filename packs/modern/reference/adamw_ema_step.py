"""Reference for `adamw_ema_step`: one step of torch.optim.AdamW (decoupled weight decay), then
an exponential moving average (EMA) of the updated weights, with an optional warm-up of the
EMA decay as tf.train.ExponentialMovingAverage(num_updates=t) does it."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _ema_decay(ema_decay: float, t: int, ema_warmup: bool) -> float:
    return min(ema_decay, (1 + t) / (10 + t)) if ema_warmup else ema_decay


def reference(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    ema: np.ndarray,
    t: int,
    lr: float,
    weight_decay: float,
    ema_decay: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    ema_warmup: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """AdamW: shrink the weights by (1 - lr * weight_decay), independently of the gradient, then
    the Adam step on the raw gradient; the EMA follows the new weights."""
    decayed = param * (1.0 - lr * weight_decay)
    m_new = beta1 * m + (1.0 - beta1) * grad
    v_new = beta2 * v + (1.0 - beta2) * grad**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    param_new = decayed - lr * m_hat / (np.sqrt(v_hat) + eps)
    decay = _ema_decay(ema_decay, t, ema_warmup)
    ema_new = decay * ema + (1.0 - decay) * param_new
    return param_new, m_new, v_new, ema_new


def oracle(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    ema: np.ndarray,
    t: int,
    lr: float,
    weight_decay: float,
    ema_decay: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    ema_warmup: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """torch.optim.AdamW.step() with its state set to (step t - 1, m, v); then the EMA update of
    torch.optim.swa_utils.get_ema_avg_fn (what AveragedModel applies after its first copy)."""
    import torch
    from torch.optim.swa_utils import get_ema_avg_fn

    p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))
    optimizer = torch.optim.AdamW(
        [p], lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=weight_decay
    )
    optimizer.state[p] = {
        "step": torch.tensor(float(t - 1)),
        "exp_avg": torch.tensor(m, dtype=torch.float64),
        "exp_avg_sq": torch.tensor(v, dtype=torch.float64),
    }
    p.grad = torch.tensor(grad, dtype=torch.float64)
    optimizer.step()
    state = optimizer.state[p]
    average = get_ema_avg_fn(_ema_decay(ema_decay, t, ema_warmup))
    ema_new = average(torch.tensor(ema, dtype=torch.float64), p.detach(), torch.tensor(t))
    return (
        p.detach().numpy(),
        state["exp_avg"].numpy(),
        state["exp_avg_sq"].numpy(),
        ema_new.numpy(),
    )


def _a(values: list[float] | list[list[float]]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: the pure decay of a zero gradient, the first step, large weights with small
    gradients (where the L2 and decoupled decays differ most), a late step, the EMA's corners
    (decay 0 and 1) and its warm-up."""
    z2, z3 = np.zeros(2), np.zeros(3)
    return [
        Case(
            "zero gradient, zero moments (t=1): only the decoupled decay acts, "
            "param * (1 - lr * weight_decay)",
            (_a([2.0, -4.0]), z2, z2, z2, _a([2.0, -4.0]), 1, 0.1, 0.5, 0.9),
        ),
        Case(
            "first step (t=1) from m = v = 0: the Adam step is lr * sign(grad), the decay "
            "lr * weight_decay * param comes on top",
            (
                _a([1.0, -2.0, 0.5]),
                _a([0.3, -1.5, 2.0]),
                z3,
                z3,
                _a([1.0, -2.0, 0.5]),
                1,
                0.05,
                0.1,
                0.9,
            ),
        ),
        Case(
            "large weights (10, -20), tiny gradients: decoupled decay shrinks them by "
            "lr * wd * param; an L2 term in the gradient would be normalised away by sqrt(v)",
            (
                _a([10.0, -20.0]),
                _a([1e-3, -2e-3]),
                _a([1e-3, -1e-3]),
                _a([1e-6, 4e-6]),
                _a([9.0, -19.0]),
                10,
                0.01,
                0.1,
                0.99,
            ),
        ),
        Case(
            "step t=5 with running moments: bias-correct by 1 - beta**5",
            (
                _a([1.0, 2.0, -1.0]),
                _a([0.5, -0.5, 0.1]),
                _a([0.1, 0.2, -0.05]),
                _a([0.01, 0.02, 0.001]),
                _a([0.9, 2.1, -1.2]),
                5,
                0.1,
                0.01,
                0.999,
            ),
        ),
        Case(
            "lr = 1e-3, weight_decay = 0.1: the decay is lr * weight_decay = 1e-4 per step, not "
            "weight_decay",
            (
                _a([3.0, -1.0]),
                _a([0.2, 0.4]),
                _a([0.1, 0.3]),
                _a([0.05, 0.1]),
                _a([3.0, -1.0]),
                100,
                1e-3,
                0.1,
                0.999,
            ),
        ),
        Case(
            "ema_decay 0: the EMA is exactly the new weights",
            (
                _a([1.0, -1.0]),
                _a([1.0, 1.0]),
                z2,
                z2,
                _a([5.0, 5.0]),
                1,
                0.1,
                0.1,
                0.0,
            ),
        ),
        Case(
            "ema_decay 0.75, the EMA far from the weights: 0.75 * ema + 0.25 * new weights",
            (
                _a([1.0, -1.0]),
                _a([0.5, -0.5]),
                _a([0.2, -0.2]),
                _a([0.1, 0.1]),
                _a([5.0, -5.0]),
                3,
                0.1,
                0.1,
                0.75,
            ),
        ),
        Case(
            "EMA warm-up at t=1: the decay is min(0.999, (1 + 1) / (10 + 1)) = 2/11",
            (
                _a([1.0, -1.0, 0.5]),
                _a([0.4, 0.2, -0.1]),
                z3,
                z3,
                _a([0.0, 0.0, 0.0]),
                1,
                0.01,
                0.05,
                0.999,
            ),
            {"ema_warmup": True},
        ),
        Case(
            "EMA warm-up at t=100000: (1 + t) / (10 + t) > 0.999, so the decay is 0.999",
            (
                _a([1.0, -1.0]),
                _a([0.4, 0.2]),
                _a([0.3, 0.1]),
                _a([0.2, 0.05]),
                _a([0.0, 0.0]),
                100000,
                0.01,
                0.05,
                0.999,
            ),
            {"ema_warmup": True},
        ),
        Case(
            "other betas (0.8, 0.95) and eps 1e-6 on a (2, 3) matrix",
            (
                _a([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]]),
                _a([[1.0, 0.5, -0.25], [-2.0, 0.0, 0.75]]),
                _a([[0.1, 0.0, 0.0], [-0.2, 0.1, 0.05]]),
                _a([[0.5, 0.1, 0.01], [0.3, 0.02, 0.2]]),
                _a([[0.0, 0.0, 0.0], [0.5, -0.5, 0.5]]),
                4,
                0.003,
                0.1,
                0.9,
            ),
            {"beta1": 0.8, "beta2": 0.95, "eps": 1e-6},
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes, moments consistent with the gradient's scale, settings and EMA."""
    shape = (int(rng.integers(1, 9)),) if rng.random() < 0.6 else tuple(rng.integers(1, 5, size=2))
    scale = float(10.0 ** rng.uniform(-3, 0))
    param = rng.normal(scale=2.0, size=shape)
    grad = rng.normal(scale=scale, size=shape)
    t = int(rng.integers(1, 500))
    m = np.zeros(shape) if t == 1 else rng.normal(scale=scale, size=shape) * 0.5
    v = np.zeros(shape) if t == 1 else (rng.normal(scale=scale, size=shape) ** 2) * 0.5 + 1e-12
    ema = param + rng.normal(scale=0.5, size=shape)
    lr = float(rng.choice([1e-3, 1e-2, 0.05, 0.1]))
    weight_decay = float(rng.choice([0.0, 0.05, 0.1, 0.5]))
    ema_decay = float(rng.choice([0.5, 0.9, 0.99, 0.999]))
    beta1, beta2 = [(0.9, 0.999), (0.9, 0.95), (0.8, 0.99)][int(rng.integers(0, 3))]
    kwargs = {"beta1": beta1, "beta2": beta2, "ema_warmup": bool(rng.random() < 0.4)}
    return Case(
        f"random AdamW + EMA step #{index} (shape={shape}, t={t}, lr={lr}, "
        f"weight_decay={weight_decay}, ema_decay={ema_decay}, ema_warmup={kwargs['ema_warmup']})",
        (param, grad, m, v, ema, t, lr, weight_decay, ema_decay),
        kwargs,
    )

"""Reference for `adam_step`: one update of Adam exactly as torch.optim.Adam computes it."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Step t (1-based) of Adam; weight decay is the L2 kind, added to the gradient."""
    grad = grad + weight_decay * param  # torch.optim.Adam: L2 in the gradient (not AdamW)
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    param_new = param - lr * m_hat / (np.sqrt(v_hat) + eps)  # eps outside the square root
    return param_new, m_new, v_new


def oracle(
    param: np.ndarray,
    grad: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """torch.optim.Adam.step() with its state set to (step t - 1, exp_avg m, exp_avg_sq v)."""
    import torch

    p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))
    optimizer = torch.optim.Adam(
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
    return p.detach().numpy(), state["exp_avg"].numpy(), state["exp_avg_sq"].numpy()


def _a(values: list[float] | list[list[float]]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: the first step (bias correction matters most), tiny gradients (where eps
    sits matters), L2 weight decay, zero gradients with momentum, a late step, a matrix."""
    beta = (0.9, 0.999)
    zeros3 = np.zeros(3)
    return [
        Case(
            "first step (t=1) from m = v = 0: bias correction makes the step lr*sign(grad)",
            (_a([1.0, -2.0, 0.5]), _a([0.3, -1.5, 2.0]), zeros3, zeros3, 1, 0.01, *beta, 1e-8),
        ),
        Case(
            "step t=5 with running moments: m, v updated then bias-corrected by 1 - beta**5",
            (
                _a([1.0, 2.0, -1.0]),
                _a([0.5, -0.5, 0.1]),
                _a([0.1, 0.2, -0.05]),
                _a([0.01, 0.02, 0.001]),
                5,
                0.1,
                *beta,
                1e-8,
            ),
        ),
        Case(
            "tiny gradients (1e-5) at t=1: eps must be added after sqrt(v_hat), not inside it",
            (_a([0.5, -0.5]), _a([1e-5, -3e-6]), np.zeros(2), np.zeros(2), 1, 0.001, *beta, 1e-8),
        ),
        Case(
            "small v late in training (t=20) with eps=1e-6: eps is added to sqrt(v_hat) itself",
            (
                _a([0.2, -0.3]),
                _a([2e-6, -1e-6]),
                _a([1e-6, -1e-6]),
                _a([1e-12, 2e-12]),
                20,
                0.01,
                *beta,
                1e-6,
            ),
        ),
        Case(
            "weight_decay=0.1: L2 decay is added to the gradient before the moments (not AdamW)",
            (
                _a([3.0, -2.0, 1.0]),
                _a([0.1, 0.2, -0.3]),
                _a([0.05, -0.1, 0.0]),
                _a([0.02, 0.01, 0.05]),
                3,
                0.01,
                *beta,
                1e-8,
            ),
            {"weight_decay": 0.1},
        ),
        Case(
            "zero gradient with non-zero moments: the parameter still moves (momentum)",
            (
                _a([1.0, 1.0]),
                np.zeros(2),
                _a([0.2, -0.4]),
                _a([0.04, 0.16]),
                10,
                0.01,
                *beta,
                1e-8,
            ),
        ),
        Case(
            "late step t=10000: the bias corrections are ~1",
            (
                _a([0.5, -1.5, 2.5]),
                _a([0.4, 0.1, -0.2]),
                _a([0.3, 0.05, -0.1]),
                _a([0.1, 0.01, 0.04]),
                10000,
                0.001,
                *beta,
                1e-8,
            ),
        ),
        Case(
            "beta1 = 0 (no momentum, RMSProp-like) at t=2, beta2 = 0.99",
            (
                _a([1.0, -1.0]),
                _a([2.0, 0.5]),
                _a([1.0, 1.0]),
                _a([1.0, 0.25]),
                2,
                0.05,
                0.0,
                0.99,
                1e-8,
            ),
        ),
        Case(
            "a (2, 3) weight matrix: everything is element-wise",
            (
                _a([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]]),
                _a([[1.0, 0.5, -0.25], [-2.0, 0.0, 0.75]]),
                _a([[0.1, 0.0, 0.0], [-0.2, 0.1, 0.05]]),
                _a([[0.5, 0.1, 0.01], [0.3, 0.02, 0.2]]),
                4,
                0.003,
                *beta,
                1e-8,
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes, moments consistent in scale with the gradient, and settings."""
    shape = (int(rng.integers(1, 9)),) if rng.random() < 0.6 else tuple(rng.integers(1, 5, size=2))
    scale = float(10.0 ** rng.uniform(-3, 1))
    param = rng.normal(size=shape)
    grad = rng.normal(scale=scale, size=shape)
    t = int(rng.integers(1, 200))
    first = t == 1
    m = np.zeros(shape) if first else rng.normal(scale=scale, size=shape) * 0.5
    v = np.zeros(shape) if first else (rng.normal(scale=scale, size=shape) ** 2) * 0.5
    lr = float(rng.choice([1e-4, 1e-3, 1e-2, 0.1]))
    beta1 = float(rng.choice([0.0, 0.5, 0.9, 0.95]))
    beta2 = float(rng.choice([0.9, 0.99, 0.999]))
    eps = float(rng.choice([1e-8, 1e-6, 1e-3]))
    weight_decay = float(rng.choice([0.0, 0.0, 0.01, 0.1]))
    return Case(
        f"random Adam step #{index} (shape={shape}, t={t}, |grad|~{scale:.2g}, "
        f"weight_decay={weight_decay})",
        (param, grad, m, v, t, lr, beta1, beta2, eps),
        {"weight_decay": weight_decay},
    )

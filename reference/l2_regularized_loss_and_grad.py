"""Reference for `l2_regularized_loss_and_grad`: linear regression with MSE + (lam/2)||w||^2."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float
) -> tuple[float, np.ndarray, float]:
    """loss = mean((X w + b - y)^2) + lam/2 * ||w||^2; the bias is not penalised.

    Returns (loss, dloss/dw, dloss/db)."""
    residual = X @ w + b - y
    n = X.shape[0]
    loss = float(np.mean(residual**2) + 0.5 * lam * np.dot(w, w))
    grad_w = 2.0 / n * (X.T @ residual) + lam * w  # the penalty adds lam * w: weight decay
    grad_b = float(2.0 / n * np.sum(residual))
    return loss, grad_w, grad_b


def oracle(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float
) -> tuple[float, np.ndarray, float]:
    """The same loss written with F.mse_loss, differentiated by autograd."""
    import torch
    import torch.nn.functional as F

    w_t = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    b_t = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    prediction = torch.from_numpy(X) @ w_t + b_t
    loss = F.mse_loss(prediction, torch.from_numpy(y)) + lam / 2 * (w_t**2).sum()
    loss.backward()
    assert w_t.grad is not None and b_t.grad is not None
    return loss.item(), w_t.grad.numpy(), b_t.grad.item()


def _case(
    name: str, w: list[float], b: float, X: list[list[float]], y: list[float], lam: float
) -> Case:
    return Case(
        name,
        (
            np.array(w, dtype=np.float64),
            float(b),
            np.array(X, dtype=np.float64),
            np.array(y, dtype=np.float64),
            float(lam),
        ),
    )


def edge_cases() -> list[Case]:
    """Fixed cases: no penalty, only the penalty, a perfect fit, the bias, batch of one, shapes."""
    return [
        _case(
            "a small problem: N=3 samples, D=2 features, lam=0.5",
            [0.5, -1.0],
            0.25,
            [[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]],
            [1.0, 2.0, -1.0],
            0.5,
        ),
        _case(
            "lam=0: plain MSE, the gradient is (2/N) X^T (X w + b - y)",
            [1.0, 2.0],
            -0.5,
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]],
            [0.0, 1.0, 2.0, 3.0],
            0.0,
        ),
        _case(
            "perfect fit (X w + b = y): only the penalty is left, grad_w = lam * w, grad_b = 0",
            [2.0, -3.0, 1.0],
            0.5,
            [[1.0, 1.0, 1.0], [0.0, 2.0, -1.0]],
            [0.5, -6.5],
            0.1,
        ),
        _case(
            "X = 0 and y = b: loss = lam/2 ||w||^2 = 0.5 * 25 with lam = 1",
            [3.0, 4.0],
            1.0,
            [[0.0, 0.0], [0.0, 0.0]],
            [1.0, 1.0],
            1.0,
        ),
        _case(
            "a large bias and a large lam: the bias is not penalised",
            [0.1, 0.2],
            5.0,
            [[1.0, -1.0], [2.0, 0.5], [-1.0, 1.0]],
            [4.0, 6.0, 5.0],
            10.0,
        ),
        _case(
            "w = 0: the penalty and its gradient vanish",
            [0.0, 0.0, 0.0],
            0.0,
            [[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]],
            [1.0, -2.0],
            3.0,
        ),
        _case(
            "one sample (N=1): the mean is over one residual",
            [1.0, -1.0],
            0.5,
            [[2.0, 3.0]],
            [4.0],
            0.2,
        ),
        _case(
            "more features than samples (N=2, D=5)",
            [0.5, -0.5, 1.0, 0.0, 2.0],
            -1.0,
            [[1.0, 0.0, 2.0, -1.0, 0.5], [0.0, 1.0, -1.0, 3.0, 1.0]],
            [1.0, 0.0],
            0.05,
        ),
        _case(
            "one feature (D=1), many samples",
            [1.5],
            0.0,
            [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]],
            [0.2, 1.1, 2.9, 4.2, 6.1, 7.4],
            0.3,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random data, weights, bias and penalty strength."""
    n = int(rng.integers(1, 33))
    d = int(rng.integers(1, 9))
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    b = float(rng.normal())
    y = X @ rng.normal(size=d) + rng.normal(scale=0.5, size=n)
    lam = float(rng.choice([0.0, 0.01, 0.1, 1.0, 5.0]))
    return Case(f"random #{index} (N={n}, D={d}, lam={lam})", (w, b, X, y, lam))

"""Reference for `mlp_backward`: the loss and gradients of a 2-layer ReLU MLP, by hand.

Z1 = X W1^T + b1,  A1 = relu(Z1),  Y_hat = A1 W2^T + b2        (weights as in nn.Linear)
loss = mean over all N * K entries of (Y_hat - Y)**2          (F.mse_loss, reduction="mean")
ReLU'(0) is taken as 0, as PyTorch does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def reference(
    X: np.ndarray,
    Y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> dict[str, Any]:
    """Forward pass keeping what the backward pass needs, then the chain rule layer by layer."""
    Z1 = X @ W1.T + b1  # (N, H)
    A1 = np.maximum(Z1, 0.0)
    Y_hat = A1 @ W2.T + b2  # (N, K)
    residual = Y_hat - Y
    loss = float(np.mean(residual**2))

    dY_hat = 2.0 * residual / residual.size  # the mean runs over N * K entries
    dW2 = dY_hat.T @ A1  # (K, H)
    db2 = dY_hat.sum(axis=0)  # the 1/N is already in dY_hat: sum, do not average again
    dA1 = dY_hat @ W2  # (N, H)
    dZ1 = dA1 * (Z1 > 0)  # ReLU passes the gradient only where it was active
    dW1 = dZ1.T @ X  # (H, D)
    db1 = dZ1.sum(axis=0)
    return {"loss": loss, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def oracle(
    X: np.ndarray,
    Y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> dict[str, Any]:
    """The same network in PyTorch (float64): F.linear, F.relu, F.mse_loss, then autograd."""
    import torch
    import torch.nn.functional as F

    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in (W1, b1, W2, b2)]
    tW1, tb1, tW2, tb2 = params
    inputs = torch.from_numpy(np.asarray(X, dtype=np.float64))
    targets = torch.from_numpy(np.asarray(Y, dtype=np.float64))
    output = F.linear(F.relu(F.linear(inputs, tW1, tb1)), tW2, tb2)
    loss = F.mse_loss(output, targets)
    loss.backward()
    grads = {
        name: p.grad.numpy() for name, p in zip(("dW1", "db1", "dW2", "db2"), params, strict=True)
    }
    return {"loss": loss.item(), **grads}


def _arrays(*values: Any) -> tuple[np.ndarray, ...]:
    return tuple(np.array(v, dtype=np.float64) for v in values)


def edge_cases() -> list[Case]:
    """Several outputs (the mean over N*K), dead units, ReLU at exactly 0, N=1, a perfect fit."""
    W1 = [[1.0, -2.0, 0.5], [-1.0, 0.5, 1.5], [0.5, 1.0, -1.0], [2.0, 0.0, 0.25]]
    b1 = [0.1, -0.2, 0.3, -0.1]
    W2 = [[1.0, -0.5, 0.25, 2.0], [-1.0, 1.5, 0.5, -0.25]]
    b2 = [0.5, -0.5]
    X = [[1.0, 0.5, -1.0], [-0.5, 1.0, 2.0], [2.0, -1.0, 0.5], [0.0, 1.5, -0.5], [1.0, 1.0, 1.0]]
    Y = [[1.0, 0.0], [0.0, 1.0], [-1.0, 2.0], [0.5, -0.5], [2.0, 1.0]]
    fitted_X, fitted_W1, fitted_b1, fitted_W2, fitted_b2 = _arrays(X, W1, b1, W2, b2)
    fitted_Y = np.maximum(fitted_X @ fitted_W1.T + fitted_b1, 0.0) @ fitted_W2.T + fitted_b2
    return [
        Case(
            "every hidden unit dead (big negative bias): only b2 gets a gradient",
            _arrays(
                [[1.0, -1.0], [0.5, 0.5], [-1.0, 2.0], [0.0, 1.0]],
                [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]],
                [[1.0, 1.0], [-1.0, 0.5], [0.5, -0.5]],
                [-10.0, -10.0, -10.0],
                [[1.0, 2.0, -1.0], [0.5, -0.5, 1.0]],
                [0.5, -1.0],
            ),
        ),
        Case(
            "pre-activations exactly 0 (zero input row, zero bias): ReLU'(0) = 0 as in PyTorch",
            _arrays(
                [[0.0, 0.0], [1.0, -0.5], [0.0, 0.0]],
                [[1.0, -1.0, 0.5], [0.0, 2.0, 1.0], [-1.0, 0.5, 0.0]],
                [[1.0, 2.0], [-1.0, 1.0], [0.5, -0.5]],
                [0.0, 0.0, 0.0],
                [[1.0, -1.0, 0.5], [0.5, 2.0, -1.0], [-1.0, 0.5, 1.0]],
                [0.25, -0.25, 0.0],
            ),
        ),
        Case(
            "one output (K=1), one hidden unit off for some samples",
            _arrays(
                [[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5]],
                [[1.0], [-1.0], [0.5]],
                [[1.0, -1.0], [0.5, 0.5]],
                [0.0, -0.25],
                [[1.5, -2.0]],
                [0.1],
            ),
        ),
        Case(
            "batch of one (N=1): no averaging over the batch to get wrong",
            _arrays(
                [[0.5, -1.0, 2.0, 1.0]],
                [[1.0, -2.0, 0.5]],
                [[1.0, 0.5, -0.5, 0.25], [-1.0, 1.0, 0.5, 0.5]],
                [0.1, 0.2],
                [[1.0, -1.0], [0.5, 0.5], [-2.0, 1.0]],
                [0.0, 0.5, -0.5],
            ),
        ),
        Case(
            "5 samples, 3 features, 4 hidden units, 2 outputs: the mean is over all 5*2 entries",
            _arrays(X, Y, W1, b1, W2, b2),
        ),
        Case(
            "the network already fits Y exactly: zero loss and zero gradients",
            (fitted_X, fitted_Y, fitted_W1, fitted_b1, fitted_W2, fitted_b2),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random network and batch, redrawn until no pre-activation is within 1e-3 of 0 (so a
    float32 learner and the float64 reference agree on which units are active)."""
    n, d, h, k = (int(rng.integers(1, high)) for high in (9, 6, 7, 5))
    while True:
        X = rng.normal(size=(n, d))
        W1 = rng.normal(size=(h, d)) / np.sqrt(d)
        b1 = rng.normal(scale=0.5, size=h)
        if np.abs(X @ W1.T + b1).min() > 1e-3:
            break
    W2 = rng.normal(size=(k, h)) / np.sqrt(h)
    b2 = rng.normal(scale=0.5, size=k)
    Y = rng.normal(size=(n, k))
    return Case(
        f"random #{index}: N={n}, D={d}, H={h}, K={k}",
        (X, Y, W1, b1, W2, b2),
    )

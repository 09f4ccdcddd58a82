"""Reference for `fit_linear_regression_sgd`: mini-batch SGD on linear regression with a given
sample order, so the result is deterministic."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    X: np.ndarray, y: np.ndarray, lr: float, batch_size: int, order: np.ndarray
) -> tuple[np.ndarray, float]:
    """Start from w = 0, b = 0. Epoch e visits the samples in the order order[e], in consecutive
    batches of batch_size (the last may be smaller); each batch takes one step on the mean
    squared error over that batch."""
    w = np.zeros(X.shape[1])
    b = 0.0
    for epoch_order in order:
        for start in range(0, len(epoch_order), batch_size):
            batch = epoch_order[start : start + batch_size]
            residual = X[batch] @ w + b - y[batch]
            size = len(batch)  # the last batch may be short: average over what it holds
            grad_w = 2.0 / size * (X[batch].T @ residual)
            grad_b = 2.0 / size * residual.sum()
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, float(b)


def oracle(
    X: np.ndarray, y: np.ndarray, lr: float, batch_size: int, order: np.ndarray
) -> tuple[np.ndarray, float]:
    """nn.Linear (zero-initialised), F.mse_loss and torch.optim.SGD, batches cut from `order`."""
    import torch
    import torch.nn.functional as F

    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    model = torch.nn.Linear(X.shape[1], 1, dtype=torch.float64)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for epoch_order in torch.from_numpy(order):
        for batch in epoch_order.split(batch_size):
            optimizer.zero_grad()
            loss = F.mse_loss(model(X_t[batch]).squeeze(1), y_t[batch])
            loss.backward()
            optimizer.step()
    return model.weight.detach()[0].numpy().copy(), float(model.bias.detach()[0])


def _case(
    name: str,
    X: list[list[float]],
    y: list[float],
    lr: float,
    batch_size: int,
    order: list[list[int]],
) -> Case:
    order_array = np.array(order, dtype=np.int64).reshape(-1, len(y))
    return Case(
        name,
        (np.array(X, dtype=np.float64), np.array(y, dtype=np.float64), lr, batch_size, order_array),
    )


_X4 = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]]
_Y4 = [1.0, -1.0, 0.5, 3.0]
_X5 = [[1.0, 2.0], [0.5, -1.0], [-1.0, 0.0], [2.0, 1.0], [0.0, -2.0]]
_Y5 = [3.0, -1.0, -2.0, 4.0, -3.0]


def edge_cases() -> list[Case]:
    """Fixed cases: batch size 1 and N, a short last batch, the order, epochs, convergence."""
    x_line = np.linspace(-1.0, 1.0, 8)
    X_line = np.stack([x_line, x_line**2], axis=1)
    y_line = 2.0 * X_line[:, 0] - 1.0 * X_line[:, 1] + 0.5
    rng = np.random.default_rng(17)
    line_order = np.stack([rng.permutation(8) for _ in range(300)])
    return [
        _case(
            "batch_size=1 (classic SGD), samples in index order, one epoch: 4 updates",
            _X4,
            _Y4,
            0.1,
            1,
            [[0, 1, 2, 3]],
        ),
        _case(
            "batch_size=N: one full-batch gradient step per epoch (gradient descent), 3 epochs",
            _X4,
            _Y4,
            0.1,
            4,
            [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]],
        ),
        _case(
            "N=5, batch_size=2: the last batch holds 1 sample and is averaged over 1, not 2",
            _X5,
            _Y5,
            0.05,
            2,
            [[0, 1, 2, 3, 4]],
        ),
        _case(
            "the order matters: the same data visited in reverse, batch_size=1",
            _X4,
            _Y4,
            0.1,
            1,
            [[3, 2, 1, 0]],
        ),
        _case(
            "a new permutation every epoch: row e of order is epoch e (batch_size=2, 3 epochs)",
            _X5,
            _Y5,
            0.05,
            2,
            [[4, 2, 0, 1, 3], [1, 0, 3, 4, 2], [2, 4, 3, 0, 1]],
        ),
        _case(
            "zero epochs (order has shape (0, N)): no update, w = 0 and b = 0",
            _X4,
            _Y4,
            0.1,
            2,
            [],
        ),
        _case(
            "batch_size larger than N: each epoch is one batch of all N samples",
            _X5,
            _Y5,
            0.05,
            8,
            [[0, 1, 2, 3, 4], [2, 3, 4, 0, 1]],
        ),
        _case(
            "one feature (D=1), batch_size=3 over N=4",
            [[1.0], [2.0], [-1.0], [0.5]],
            [2.0, 3.0, -1.0, 1.0],
            0.1,
            3,
            [[0, 1, 2, 3], [1, 3, 2, 0]],
        ),
        Case(
            "noise-free data y = 2 x - x^2 + 0.5, 300 epochs: converges to w = (2, -1), b = 0.5",
            (X_line, y_line, 0.2, 2, line_order),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random data, a stable learning rate, random batch size and one permutation per epoch."""
    n = int(rng.integers(1, 41))
    d = int(rng.integers(1, 6))
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + float(rng.normal()) + rng.normal(scale=0.3, size=n)
    batch_size = int(rng.choice([1, 2, 4, 8, 16, max(n, 1), n + 3]))
    epochs = int(rng.integers(0, 6))
    order = np.array([rng.permutation(n) for _ in range(epochs)], dtype=np.int64).reshape(epochs, n)
    largest = float(np.max(np.sum(X**2, axis=1))) + 1.0  # one sample's curvature is 2 * this
    lr = float(rng.uniform(0.1, 0.8) / largest)
    return Case(
        f"random #{index} (N={n}, D={d}, batch_size={batch_size}, epochs={epochs}, lr={lr:.3g})",
        (X, y, lr, batch_size, order),
    )

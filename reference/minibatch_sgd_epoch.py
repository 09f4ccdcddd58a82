"""Reference for `minibatch_sgd_epoch`: one epoch of mini-batch SGD on least squares, with the
shuffle order given, so batch GD (B = N), mini-batch and stochastic GD (B = 1) are one function."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    lr: float,
    batch_size: int,
    order: np.ndarray,
    drop_last: bool = False,
) -> np.ndarray:
    """Walk `order` in chunks of `batch_size`; per chunk, w -= lr * grad of the batch's mean
    squared error. Returns w before the epoch and after every update: (updates + 1, D)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    w = np.array(w, dtype=np.float64)
    path = [w.copy()]
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            break
        residual = X[batch] @ w - y[batch]
        gradient = 2.0 * X[batch].T @ residual / len(batch)  # mean over the batch it really has
        w = w - lr * gradient
        path.append(w)
    return np.stack(path)


def oracle(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    lr: float,
    batch_size: int,
    order: np.ndarray,
    drop_last: bool = False,
) -> np.ndarray:
    """torch's BatchSampler over the given order, F.mse_loss, autograd and optim.SGD."""
    import torch
    import torch.nn.functional as F
    from torch.utils.data import BatchSampler

    batches = BatchSampler(order.tolist(), batch_size=batch_size, drop_last=drop_last)
    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    weights = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=lr)
    path = [weights.detach().clone()]
    for batch in batches:
        optimizer.zero_grad()
        F.mse_loss(X_t[batch] @ weights, y_t[batch]).backward()
        optimizer.step()
        path.append(weights.detach().clone())
    return torch.stack(path).numpy()


def _data(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    return X, y, rng.normal(scale=0.5, size=d)


def _case(
    name: str, n: int, d: int, lr: float, batch_size: int, order: list[int], **kwargs: bool
) -> Case:
    X, y, w = _data(n, d, seed=n * 10 + d)
    return Case(name, (X, y, w, lr, batch_size, np.array(order, dtype=np.int64)), kwargs)


def edge_cases() -> list[Case]:
    """Fixed cases: the three regimes, a short last batch, drop_last, the shuffle order."""
    shuffled10 = [3, 7, 0, 9, 4, 1, 8, 2, 6, 5]
    return [
        _case(
            "mini-batch: N=10, B=4 in a shuffled order: 3 updates, the last on 2 samples",
            10,
            3,
            0.1,
            4,
            shuffled10,
        ),
        _case(
            "batch gradient descent: B = N = 10, one update on the mean gradient of all samples",
            10,
            3,
            0.1,
            10,
            shuffled10,
        ),
        _case(
            "stochastic gradient descent: B = 1, one update per sample (10), in the given order",
            10,
            3,
            0.05,
            1,
            shuffled10,
        ),
        _case(
            "N=10, B=5 divides evenly: 2 updates of 5 samples",
            10,
            3,
            0.1,
            5,
            shuffled10,
        ),
        _case(
            "drop_last=True, N=10, B=4: the short last batch is skipped (2 updates)",
            10,
            3,
            0.1,
            4,
            shuffled10,
            drop_last=True,
        ),
        _case(
            "drop_last=True but B=5 divides N: nothing is dropped",
            10,
            3,
            0.1,
            5,
            shuffled10,
            drop_last=True,
        ),
        _case(
            "B > N (B=16, N=10): a single batch of all 10 samples",
            10,
            3,
            0.1,
            16,
            shuffled10,
        ),
        _case(
            "B > N with drop_last=True: no full batch, no update; the path is just w",
            10,
            3,
            0.1,
            16,
            shuffled10,
            drop_last=True,
        ),
        _case(
            "the order is the identity (no shuffling), N=7, B=3",
            7,
            2,
            0.1,
            3,
            list(range(7)),
        ),
        _case(
            "reversed order, N=7, B=2, one feature (D=1)",
            7,
            1,
            0.1,
            2,
            list(range(6, -1, -1)),
        ),
        Case(
            "batch_size=0 is invalid: raise ValueError",
            (*_data(4, 2, seed=0), 0.1, 0, np.arange(4, dtype=np.int64)),
            raises="ValueError",
        ),
        Case(
            "a negative batch_size (-2) is invalid: raise ValueError",
            (*_data(4, 2, seed=0), 0.1, -2, np.arange(4, dtype=np.int64)),
            raises="ValueError",
        ),
        Case(
            "a negative batch_size with drop_last=True: raise ValueError too",
            (*_data(4, 2, seed=0), 0.1, -2, np.arange(4, dtype=np.int64)),
            {"drop_last": True},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random regression problem, batch size, shuffle order and a stable learning rate."""
    n = int(rng.integers(1, 41))
    d = int(rng.integers(1, 6))
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.1 * rng.normal(size=n)
    w = rng.normal(scale=0.5, size=d)
    batch_size = int(rng.integers(1, n + 3))
    order = rng.permutation(n).astype(np.int64)
    drop_last = bool(rng.random() < 0.3)
    lr = float(rng.choice([0.01, 0.02, 0.05])) / d  # stable even at B = 1: 2 lr |x|^2 < 1
    return Case(
        f"random epoch #{index} (N={n}, D={d}, B={batch_size}, drop_last={drop_last})",
        (X, y, w, lr, batch_size, order),
        {"drop_last": drop_last},
    )

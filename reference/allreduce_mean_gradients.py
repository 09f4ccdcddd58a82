"""Reference for `allreduce_mean_gradients`: data-parallel training of linear regression.

The batch (X, y) is split into K contiguous shards, one per worker (GPU), of sizes n_1 .. n_K.
Each worker computes the gradient of ITS mean squared error,

    g_k = d/dw [ (1/n_k) sum_{i in shard k} (x_i . w - y_i)^2 ] = (2/n_k) X_k^T (X_k w - y_k),

and the workers all-reduce them. The full-batch gradient is the average weighted by shard size,

    g = sum_k (n_k / N) g_k,

which is the plain mean (1/K) sum_k g_k (what DistributedDataParallel computes) only when every
shard has the same size.
"""

from __future__ import annotations

import itertools

import numpy as np

from quizprep.grading.cases import Case


def _check_sizes(shard_sizes: list[int], n: int) -> None:
    if any(int(size) < 1 for size in shard_sizes):
        raise ValueError(f"every shard needs at least one sample, got sizes {list(shard_sizes)}")
    if sum(int(size) for size in shard_sizes) != n:
        raise ValueError(f"shard sizes {list(shard_sizes)} do not add up to the batch size {n}")


def reference(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, shard_sizes: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """(per-shard gradients (K, D), the size-weighted average (D,) = full-batch gradient)."""
    N = X.shape[0]
    _check_sizes(shard_sizes, N)
    bounds = np.cumsum([0, *shard_sizes])
    shard_grads = []
    for start, stop in itertools.pairwise(bounds):
        residual = X[start:stop] @ w - y[start:stop]
        shard_grads.append(2.0 / (stop - start) * X[start:stop].T @ residual)
    grads = np.stack(shard_grads)  # (K, D)
    weights = np.asarray(shard_sizes, dtype=np.float64) / N
    return grads, weights @ grads


def oracle(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, shard_sizes: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Autograd on F.mse_loss of each shard, and on the full batch for the averaged gradient."""
    import torch
    import torch.nn.functional as F

    _check_sizes(shard_sizes, X.shape[0])

    def gradient(inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        weights = torch.from_numpy(w).clone().requires_grad_()
        F.mse_loss(inputs @ weights, targets).backward()
        assert weights.grad is not None
        return weights.grad

    X_t, y_t = torch.from_numpy(X), torch.from_numpy(y)
    sizes = [int(size) for size in shard_sizes]
    shards = zip(X_t.split(sizes), y_t.split(sizes), strict=True)
    per_shard = torch.stack([gradient(inputs, targets) for inputs, targets in shards])
    return per_shard.numpy(), gradient(X_t, y_t).numpy()


def _case(
    name: str, rng: np.random.Generator, sizes: list[int], D: int, exact: bool = False
) -> Case:
    """Gaussian features, a random w, and targets w_true . x + noise (or exactly w . x)."""
    N = sum(max(size, 0) for size in sizes)
    X = rng.normal(size=(N, D))
    w = rng.normal(size=D)
    y = X @ w if exact else X @ rng.normal(size=D) + 0.1 * rng.normal(size=N)
    return Case(name, (X, y, w, sizes))


def edge_cases() -> list[Case]:
    """Fixed cases: equal and unequal shards, one shard, one sample per shard, a perfect fit,
    w = 0, and shard sizes that are not a split of the batch."""
    rng = np.random.default_rng(56)
    cases = [
        _case(
            "two equal shards (4 + 4): the plain mean of the shard gradients is right",
            rng,
            [4, 4],
            3,
        ),
        _case("unequal shards (6 + 2): weight each shard's gradient by n_k / N", rng, [6, 2], 3),
        _case("a shard of 1 beside a shard of 9: the plain mean is far off", rng, [1, 9], 4),
        _case(
            "three shards 3 + 3 + 2 (N=8 does not divide by 3): the last worker gets fewer",
            rng,
            [3, 3, 2],
            2,
        ),
        _case("one shard (K=1): its gradient is the full-batch gradient", rng, [7], 3),
        _case("one sample per shard (K=N=5)", rng, [1, 1, 1, 1, 1], 2),
        _case(
            "targets fitted exactly (y = X w): every gradient is zero", rng, [5, 2], 3, exact=True
        ),
    ]
    X = rng.normal(size=(6, 2))
    y = rng.normal(size=6)
    cases.append(
        Case("w = 0: each shard gradient is -(2/n_k) X_k^T y_k", (X, y, np.zeros(2), [2, 4]))
    )
    X, y, w = rng.normal(size=(8, 3)), rng.normal(size=8), rng.normal(size=3)
    cases += [
        Case(
            "shard sizes 3 + 3 for a batch of 8 do not add up: raise ValueError",
            (X, y, w, [3, 3]),
            raises="ValueError",
        ),
        Case(
            "shard sizes 5 + 5 for a batch of 8 add up to more than N: raise ValueError",
            (X, y, w, [5, 5]),
            raises="ValueError",
        ),
        Case(
            "an empty shard (8 + 0): its mean gradient is undefined, raise ValueError",
            (X, y, w, [8, 0]),
            raises="ValueError",
        ),
        Case(
            "a negative shard size (10 + -2 = 8 = N): every size must be at least 1, ValueError",
            (X, y, w, [10, -2]),
            raises="ValueError",
        ),
    ]
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (4, 7, 6, 0, 1, 2, 3, 5, 8, 9, 10, 11)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """2 to 6 shards of 1 to 12 samples each, 1 to 6 features."""
    K = int(rng.integers(2, 7))
    sizes = [int(v) for v in rng.integers(1, 13, size=K)]
    D = int(rng.integers(1, 7))
    return _case(f"random #{index}: shard sizes {sizes}, D={D}", rng, sizes, D)

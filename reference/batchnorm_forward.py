"""Reference for `batchnorm_forward`: the forward pass of nn.BatchNorm1d on (N, D) inputs,
in training and in evaluation mode, with its running-statistics update.

    training:  mu = mean over the batch, var = biased variance (divide by N)
               y = gamma * (x - mu) / sqrt(var + eps) + beta
               running_mean <- (1 - momentum) * running_mean + momentum * mu
               running_var  <- (1 - momentum) * running_var + momentum * var * N / (N - 1)
    eval:      y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta (stats unchanged)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    momentum: float = 0.1,
    eps: float = 1e-5,
    training: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(y, new_running_mean, new_running_var) for x of shape (N, D)."""
    if not training:
        y = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
        return y, running_mean.copy(), running_var.copy()
    n = x.shape[0]
    if n < 2:
        raise ValueError("expected more than 1 value per channel when training")
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)  # biased: this is what normalises the batch
    y = gamma * (x - mean) / np.sqrt(var + eps) + beta
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)  # unbiased
    return y, new_mean, new_var


def oracle(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    momentum: float = 0.1,
    eps: float = 1e-5,
    training: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """nn.BatchNorm1d with the given affine parameters and running statistics."""
    import torch

    layer = torch.nn.BatchNorm1d(x.shape[1], eps=eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(gamma))
        layer.bias.copy_(torch.from_numpy(beta))
        layer.running_mean.copy_(torch.from_numpy(running_mean))
        layer.running_var.copy_(torch.from_numpy(running_var))
        layer.train(training)
        y = layer(torch.from_numpy(x))  # raises ValueError for N = 1 in training
    return y.numpy(), layer.running_mean.numpy(), layer.running_var.numpy()


def _case(
    name: str,
    x: object,
    gamma: object,
    beta: object,
    running_mean: object,
    running_var: object,
    raises: str | None = None,
    **kwargs: object,
) -> Case:
    arrays = tuple(
        np.array(a, dtype=np.float64) for a in (x, gamma, beta, running_mean, running_var)
    )
    return Case(name, arrays, dict(kwargs), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: gamma = 0 (y = beta), the simplest eval, biased variance to normalise,
    unbiased for the running variance, the momentum convention, eval mode, a tiny and a zero
    variance (where eps goes), a batch of one (refused in training, fine in eval)."""
    x = [[1.0, -2.0, 0.5], [3.0, 0.0, 0.5], [2.0, 4.0, -1.5], [6.0, 2.0, 2.5]]
    ones, zeros = np.ones(3), np.zeros(3)
    return [
        _case(
            "gamma = 0, beta = (1, -2): y is beta in every row; the running stats still update",
            [[1.0, 2.0], [3.0, -1.0], [0.0, 0.5]], [0.0, 0.0], [1.0, -2.0], [0.0, 0.0], [1.0, 1.0],
        ),
        _case(
            "eval mode, running mean 0 and variance 1, gamma 1, beta 0: y = x / sqrt(1 + eps)",
            [[1.0, -2.0], [0.5, 4.0]], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0],
            training=False,
        ),
        _case(
            "training, N=4: normalise with the biased batch variance (divide by N)",
            x, ones, zeros, zeros, ones,
        ),
        _case(
            "N=2: the running variance takes the UNBIASED batch variance "
            "(N/(N-1) = 2 times the biased one)",
            [[1.0, 10.0], [3.0, -2.0]], [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0],
        ),
        _case(
            "momentum=0.3 from non-trivial running stats: new = 0.7*old + 0.3*batch "
            "(PyTorch's convention)",
            x, [2.0, 0.5, -1.0], [0.1, -0.2, 0.3], [5.0, -1.0, 0.5], [2.0, 0.25, 4.0],
            momentum=0.3,
        ),
        _case(
            "eval mode: normalise with running_mean and running_var; they come back unchanged",
            x, [1.5, 1.0, 0.5], [0.0, 1.0, -1.0], [2.0, 1.0, 0.0], [4.0, 9.0, 0.25],
            training=False,
        ),
        _case(
            "tiny variance (values about 1e-3 apart): eps=1e-5 goes inside the square root",
            [[0.001, -0.002], [-0.001, 0.0], [0.0015, 0.002], [0.0, 0.001]],
            [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0],
        ),
        _case(
            "a constant feature (batch variance 0): y = beta there, no division by zero",
            [[2.0, 1.0], [2.0, -1.0], [2.0, 3.0]], [3.0, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0],
        ),
        _case(
            "gamma and beta per feature, eps=1e-3 and momentum=0.05",
            x, [0.5, -2.0, 3.0], [1.0, 0.0, -0.5], [0.5, 0.5, 0.5], [1.5, 0.5, 2.0],
            momentum=0.05, eps=1e-3,
        ),
        _case(
            "training with a batch of one (N=1): batch statistics are undefined, raise ValueError",
            [[1.0, 2.0, 3.0]], ones, zeros, zeros, ones, raises="ValueError",
        ),
        _case(
            "training with a batch of one and one feature: raise ValueError",
            [[4.0]], [2.0], [1.0], [0.5], [2.0], raises="ValueError", momentum=0.5,
        ),
        _case(
            "eval mode with a batch of one: fine, the running statistics are used",
            [[1.0, 2.0, 3.0]], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0], [0.5, 1.0, 2.0], [2.0, 0.5, 1.0],
            training=False,
        ),
    ]  # fmt: skip


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch (features with their own offsets and scales), affine parameters, running
    statistics and settings; mostly training mode."""
    training = bool(rng.random() < 0.75)
    n = int(rng.integers(2, 17)) if training else int(rng.integers(1, 17))
    d = int(rng.integers(1, 7))
    scale = 10.0 ** rng.uniform(-1, 1, size=d)
    x = (rng.normal(size=(n, d)) + rng.normal(scale=2, size=d)) * scale
    gamma = rng.normal(size=d)
    beta = rng.normal(size=d)
    running_mean = rng.normal(size=d)
    running_var = rng.uniform(0.1, 5.0, size=d)
    momentum = float(rng.choice([0.01, 0.1, 0.2, 0.9]))
    eps = float(rng.choice([1e-5, 1e-3]))
    return Case(
        f"random #{index}: x of shape ({n}, {d}), training={training}, "
        f"momentum={momentum}, eps={eps}",
        (x, gamma, beta, running_mean, running_var),
        {"momentum": momentum, "eps": eps, "training": training},
    )

"""Reference for `mlp_forward`: the forward pass of a two-layer MLP (Linear, ReLU, Linear)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """relu(x W1^T + b1) W2^T + b2; weights are (out_features, in_features) as in nn.Linear."""
    hidden = np.maximum(x @ W1.T + b1, 0.0)
    return hidden @ W2.T + b2


def oracle(
    x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> np.ndarray:
    """nn.Sequential(nn.Linear, nn.ReLU, nn.Linear) with the case's weights copied in."""
    import torch
    from torch import nn

    hidden_size, in_features = W1.shape
    out_features = W2.shape[0]
    model = nn.Sequential(
        nn.Linear(in_features, hidden_size), nn.ReLU(), nn.Linear(hidden_size, out_features)
    ).double()
    with torch.no_grad():
        for layer, weight, bias in ((model[0], W1, b1), (model[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(weight))
            layer.bias.copy_(torch.from_numpy(bias))
        return model(torch.from_numpy(x)).numpy()


def _case(
    name: str,
    x: list[list[float]],
    W1: list[list[float]],
    b1: list[float],
    W2: list[list[float]],
    b2: list[float],
) -> Case:
    return Case(name, tuple(np.array(a, dtype=np.float64) for a in (x, W1, b1, W2, b2)))


def edge_cases() -> list[Case]:
    """Fixed cases, simplest first: zero weights, the ReLU's two sides, biases, a batch of one,
    transposition traps."""
    rng = np.random.default_rng(1)
    return [
        _case(
            "zero weights, non-zero biases: every sample gets the output biases b2",
            [[1.0, 1.0], [-1.0, -1.0]],
            [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]],
            [0.5, -1.5, 0.5],
            [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
            [0.5, -1.5],
        ),
        _case(
            "hidden bias goes inside the ReLU: relu(x W1^T + b1), not relu(x W1^T) + b1",
            [[1.0, -1.0], [0.0, 2.0]],
            [[1.0, 0.0], [0.0, 1.0]],
            [-2.0, 1.5],
            [[1.0, 1.0]],
            [0.0],
        ),
        _case(
            "hidden pre-activations of both signs: ReLU zeroes the negative ones only",
            [[1.0, 2.0], [-1.0, 0.5]],
            [[1.0, -1.0], [0.5, 0.5], [-2.0, 1.0]],
            [0.0, -0.25, 0.5],
            [[1.0, 2.0, -1.0]],
            [0.5],
        ),
        _case(
            "batch of one (N=1): the output is still 2-D, shape (1, K)",
            [[0.5, -1.5, 2.0]],
            [[1.0, 0.0, 1.0], [0.0, -1.0, 0.5]],
            [0.0, 0.5],
            [[1.0, -1.0], [2.0, 0.5]],
            [0.1, -0.2],
        ),
        _case(
            "no ReLU on the output layer: the outputs (logits) can be negative",
            [[1.0, 0.0, 2.0], [0.5, 1.5, -1.0]],
            [[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]],
            [0.5, 0.0],
            [[-2.0, -1.0], [1.0, -3.0], [0.5, 0.5]],
            [-1.0, 0.0, -0.5],
        ),
        _case(
            "every hidden unit negative: the hidden layer is all zeros, so the output is b2",
            [[1.0, 1.0], [2.0, 0.5], [0.25, 3.0]],
            [[-1.0, -1.0], [-2.0, -0.5]],
            [-0.5, -1.0],
            [[3.0, -2.0], [1.0, 4.0]],
            [0.25, -0.75],
        ),
        _case(
            "square weights (D=H=K=3): x @ W1.T, not x @ W1 (the shapes fit, the values do not)",
            [[1.0, -2.0, 0.5], [0.5, 1.0, -1.0], [-1.0, 0.0, 2.0], [2.0, 1.5, 1.0]],
            [[1.0, 2.0, 0.0], [-1.0, 0.5, 3.0], [0.0, -2.0, 1.0]],
            [0.5, 0.25, -1.0],
            [[2.0, -1.0, 0.5], [0.0, 1.0, 2.0], [1.0, 1.0, -3.0]],
            [0.0, -0.5, 0.25],
        ),
        Case(
            "non-square shapes (N=5, D=3, H=7, K=2): W1 is (H, D), W2 is (K, H)",
            (
                rng.normal(size=(5, 3)),
                rng.normal(size=(7, 3)),
                rng.normal(size=7),
                rng.normal(size=(2, 7)),
                rng.normal(size=2),
            ),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes; weights scaled like PyTorch's default init so some units are dead."""
    n, d, h, k = (int(rng.integers(lo, hi)) for lo, hi in ((1, 17), (1, 9), (1, 17), (1, 7)))
    x = rng.normal(scale=2.0, size=(n, d))
    W1 = rng.uniform(-1, 1, size=(h, d)) / np.sqrt(d)
    b1 = rng.uniform(-1, 1, size=h) / np.sqrt(d)
    W2 = rng.uniform(-1, 1, size=(k, h)) / np.sqrt(h)
    b2 = rng.uniform(-1, 1, size=k) / np.sqrt(h)
    return Case(f"random MLP #{index} (N={n}, D={d}, H={h}, K={k})", (x, W1, b1, W2, b2))

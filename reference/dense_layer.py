"""Reference for `dense_layer`: a fully connected (nn.Linear) layer, y = x W^T + b."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x (..., D) times the transpose of W (M, D), plus b (M,): the last axis goes D -> M."""
    return x @ W.T + b


def oracle(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """torch.nn.Linear(D, M) with the case's weight and bias copied in."""
    import torch
    from torch import nn

    out_features, in_features = W.shape
    layer = nn.Linear(in_features, out_features).double()
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(W))
        layer.bias.copy_(torch.from_numpy(b))
        return layer(torch.from_numpy(x)).numpy()


def _case(
    name: str, x: list[float] | list[list[float]], W: list[list[float]], b: list[float]
) -> Case:
    return Case(name, tuple(np.array(a, dtype=np.float64) for a in (x, W, b)))


def edge_cases() -> list[Case]:
    """Fixed cases: the (out, in) weight layout, odd input ranks, negative outputs, zeros."""
    rng = np.random.default_rng(2)
    return [
        _case(
            "zero weights, non-zero bias: every sample gets b",
            [[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]],
            [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
            [1.5, -2.5],
        ),
        _case(
            "a single sample of shape (D,) gives shape (M,)",
            [1.0, -2.0, 0.5],
            [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]],
            [0.5, 0.5],
        ),
        _case(
            "one output unit (M=1): the result is (N, 1), not (N,)",
            [[1.0, 2.0], [3.0, 4.0], [-1.0, 0.5]],
            [[0.5, -0.25]],
            [1.0],
        ),
        _case(
            "W is (out_features, in_features): 4 inputs -> 2 outputs, so W has shape (2, 4)",
            [[1.0, 0.0, -1.0, 2.0], [0.5, 0.5, 0.5, 0.5], [-1.0, 2.0, 0.0, 1.0]],
            [[1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1.0, 0.5]],
            [0.0, 1.0],
        ),
        _case(
            "a dense layer has no activation: outputs can be negative",
            [[1.0, 1.0], [2.0, -1.0]],
            [[-1.0, -2.0], [0.5, -3.0], [1.0, 1.0]],
            [-1.0, 0.0, -0.5],
        ),
        _case(
            "square W (N=D=M=3): y = x @ W.T + b; x @ W fits the shapes but gives other values",
            [[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [-2.0, 0.0, 1.0]],
            [[1.0, -2.0, 0.5], [3.0, 0.0, -1.0], [0.25, 1.0, 2.0]],
            [0.5, -1.0, 0.25],
        ),
        Case(
            "more outputs than inputs (D=2, M=6), batch of one",
            (rng.normal(size=(1, 2)), rng.normal(size=(6, 2)), rng.normal(size=6)),
        ),
        Case(
            "a batch of sequences (B=2, T=3, D=4): the layer acts on the last axis only",
            (rng.normal(size=(2, 3, 4)), rng.normal(size=(5, 4)), rng.normal(size=5)),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes; one case in four is a 3-D batch of sequences."""
    d, m = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    if rng.random() < 0.25:
        leading: tuple[int, ...] = (int(rng.integers(1, 4)), int(rng.integers(1, 6)))
    else:
        leading = (int(rng.integers(1, 17)),)
    x = rng.normal(scale=2.0, size=(*leading, d))
    W = rng.uniform(-1, 1, size=(m, d)) / np.sqrt(d)
    b = rng.uniform(-1, 1, size=m) / np.sqrt(d)
    shape = "x".join(map(str, x.shape))
    return Case(f"random layer #{index} (x {shape}, W {m}x{d})", (x, W, b))

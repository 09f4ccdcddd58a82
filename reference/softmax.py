"""Reference for `softmax`: a numerically stable softmax along one axis."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(x - max) / sum exp(x - max) along `axis`; the shift leaves the result unchanged."""
    shifted = x - x.max(axis=axis, keepdims=True)  # every exponent <= 0, the largest exactly 0
    exps = np.exp(shifted)
    return exps / exps.sum(axis=axis, keepdims=True)


def oracle(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """torch.nn.functional.softmax along dim=axis."""
    import torch
    import torch.nn.functional as F

    return F.softmax(torch.from_numpy(x), dim=axis).numpy()


def _case(name: str, x: list[float] | list[list[float]], **kwargs: int) -> Case:
    return Case(name, (np.array(x, dtype=np.float64),), kwargs)


def edge_cases() -> list[Case]:
    """Fixed cases: overflow, underflow, rows of different scales, axes, odd shapes, masks."""
    rng = np.random.default_rng(16)
    return [
        _case("a single value: probability 1", [42.0]),
        _case("equal values: uniform 1/4", [[7.0, 7.0, 7.0, 7.0]]),
        _case("values of 1000 (exp overflows without the max shift)", [1000.0, 999.0, 990.0]),
        _case(
            "every value -1000 (exp underflows to 0/0): uniform",
            [[-1000.0] * 4, [-1000.0, -1001.0, -1002.0, -1003.0]],
        ),
        _case(
            "rows on very different scales: shift each row by its own max, not the global one",
            [[1000.0, 998.0, 995.0], [-1000.0, -1001.0, -1005.0]],
        ),
        _case(
            "axis=0 on a (3, 4) array: each column sums to 1",
            rng.normal(size=(3, 4)).tolist(),
            axis=0,
        ),
        Case(
            "3-D input (2, 3, 4) along axis=1",
            (rng.normal(size=(2, 3, 4)),),
            {"axis": 1},
        ),
        _case(
            "square (4, 4) input along the last axis: a max without keepdims broadcasts wrongly",
            (3.0 * rng.normal(size=(4, 4))).tolist(),
        ),
        _case("axis=-2 on a (2, 5) array", rng.normal(size=(2, 5)).tolist(), axis=-2),
        _case(
            "a -inf entry (a masked position) gets probability 0",
            [[1.0, -np.inf, 2.0], [0.0, 0.0, -np.inf]],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random 1-D to 3-D shapes and axes, values from gentle to overflowing."""
    ndim = int(rng.integers(1, 4))
    shape = tuple(int(v) for v in rng.integers(1, 7, size=ndim))
    axis = int(rng.integers(-ndim, ndim))
    scale = float(rng.choice([0.1, 1.0, 10.0, 100.0]))
    shift = float(rng.choice([0.0, 0.0, 1000.0, -1000.0]))
    x = shift + scale * rng.normal(size=shape)
    name = f"random #{index}: shape {shape}, axis={axis}, values ~ {shift:g} + {scale:g} * N(0, 1)"
    return Case(name, (x,), {"axis": axis})

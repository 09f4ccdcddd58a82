"""Reference for `strided_windows`: the windows a 1-D kernel of a given size sees when it moves
by `stride` elements at a time (what Tensor.unfold returns)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(x: np.ndarray, window: int, stride: int) -> np.ndarray:
    """Rows x[i*stride : i*stride + window]; an incomplete last window is dropped."""
    length = x.shape[0]
    if window > length:
        raise ValueError(f"a window of {window} does not fit in {length} elements")
    count = (length - window) // stride + 1  # starts 0, s, 2s, ... while the window fits
    starts = np.arange(count) * stride
    return x[starts[:, None] + np.arange(window)[None, :]]


def oracle(x: np.ndarray, window: int, stride: int) -> np.ndarray:
    """torch.Tensor.unfold(0, window, stride); its RuntimeError becomes ValueError."""
    import torch

    try:
        return torch.from_numpy(x).unfold(0, window, stride).numpy()
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None


def _ramp(length: int) -> np.ndarray:
    """0, 1, 2, ...: every value tells the learner which element it is."""
    return np.arange(length, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: one element, stride 1, strides that do and do not divide, gaps, one window,
    and windows longer than the input."""
    return [
        Case("a single element, window 1: one window [[x0]]", (np.array([2.5]), 1, 1)),
        Case("stride 1: every position, windows overlap by window - 1", (_ramp(6), 3, 1)),
        Case("stride 2 that divides 9 - 3: windows start at 0, 2, 4, 6", (_ramp(9), 3, 2)),
        Case(
            "stride 3 that does not divide 11 - 4: the incomplete last window is dropped",
            (_ramp(11), 4, 3),
        ),
        Case("stride equal to the window: non-overlapping chunks", (_ramp(12), 4, 4)),
        Case(
            "stride larger than the window (5 > 2): elements between windows are skipped",
            (_ramp(13), 2, 5),
        ),
        Case("window as long as the input: exactly one window", (_ramp(7), 7, 2)),
        Case("window of 1 with stride 3: plain subsampling x[::3]", (_ramp(10), 1, 3)),
        Case(
            "stride longer than the input: only the first window",
            (np.array([0.5, -1.0, 2.0, 3.5]), 3, 10),
        ),
        Case(
            "window one longer than the input (5 > 4): ValueError, not an empty array",
            (_ramp(4), 5, 1),
            raises="ValueError",
        ),
        Case(
            "window 6 on 2 elements with stride 3: ValueError",
            (np.array([1.0, -1.0]), 6, 3),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random signal, window and stride (the stride sometimes larger than the window)."""
    length = int(rng.integers(1, 41))
    window = int(rng.integers(1, min(length, 8) + 1))
    stride = int(rng.integers(1, 7))
    x = rng.standard_normal(length)
    return Case(
        f"random #{index}: {length} elements, window {window}, stride {stride}",
        (x, window, stride),
    )

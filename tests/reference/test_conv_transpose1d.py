"""Facts about the conv_transpose1d exercise: it is the transpose of a strided convolution, its
length formula, and a float32 learner passes the tolerance."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("conv_transpose1d", "q44_transposed_convolution.yaml")
REFERENCE = EX.reference


def _conv1d(x: np.ndarray, weight: np.ndarray, stride: int, padding: int) -> np.ndarray:
    """A plain strided convolution (cross-correlation) with weight (C_out, C_in, k)."""
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    k = weight.shape[2]
    starts = range(0, padded.shape[2] - k + 1, stride)
    return np.stack(
        [np.einsum("nck,ock->no", padded[:, :, s : s + k], weight) for s in starts], axis=2
    )


def test_it_is_the_transpose_of_a_convolution() -> None:
    rng = np.random.default_rng(0)
    for stride, padding, length in [(1, 0, 9), (2, 1, 11), (3, 2, 13)]:
        weight = rng.normal(size=(4, 3, 5))  # conv: 3 -> 4 channels; transposed: 4 -> 3
        x = rng.normal(size=(2, 3, length))
        cx = _conv1d(x, weight, stride, padding)
        y = rng.normal(size=cx.shape)
        lost = (length + 2 * padding - 5) % stride  # the conv's floor dropped these positions
        ty = REFERENCE.reference(y, weight, np.zeros(3), stride, padding, lost)
        assert ty.shape == x.shape
        np.testing.assert_allclose(np.sum(cx * y), np.sum(x * ty))


def test_output_length_follows_the_formula() -> None:
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        x, weight, _ = case.args
        out = REFERENCE.reference(*case.args, **case.kwargs)
        L, k = x.shape[2], weight.shape[2]
        s, p, op = case.kwargs["stride"], case.kwargs["padding"], case.kwargs["output_padding"]
        assert out.shape == (x.shape[0], weight.shape[1], (L - 1) * s - 2 * p + k + op)


def test_stride_one_one_channel_is_numpy_full_convolution() -> None:
    case = REFERENCE.edge_cases()[0]
    x, weight, bias = case.args
    expected = np.convolve(x[0, 0], weight[0, 0], mode="full") + bias[0]
    np.testing.assert_allclose(REFERENCE.reference(*case.args, **case.kwargs)[0, 0], expected)


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_via_conv1d.py", "solution")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        result = function(*as_torch(case.args, torch.float32), **case.kwargs)
        expected = REFERENCE.reference(*case.args, **case.kwargs)
        assert EX.within_tolerance(result, expected), case.name

"""Checks of the quantize_dequantize reference: the error bound S/2, zero is exact, integer
ranges, per-channel beats per-tensor, and agreement with PyTorch's quantized tensors."""

from __future__ import annotations

import warnings

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("quantize_dequantize", "q23_quantization.yaml", MODERN)
REFERENCE = EX.reference


def _broadcast(values, W: np.ndarray, axis: int | None) -> np.ndarray:
    if axis is None:
        return np.asarray(values, dtype=np.float64)
    shape = [1] * W.ndim
    shape[axis] = -1
    return np.asarray(values, dtype=np.float64).reshape(shape)


def test_error_is_at_most_half_a_step_and_q_in_range() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        W, scheme, axis = case.args
        q, scale, zero_point, dequantized, max_error = REFERENCE.reference(*case.args)
        step = _broadcast(scale, W, axis)
        assert np.all(np.abs(W - dequantized) <= step / 2 * (1 + 1e-9)), case.name
        assert np.isclose(max_error, np.abs(W - dequantized).max())
        low, high = (-127, 127) if scheme == "symmetric" else (0, 255)
        assert q.min() >= low and q.max() <= high and q.dtype.kind == "i"
        np.testing.assert_allclose((q - _broadcast(zero_point, W, axis)) * step, dequantized)


def test_zero_is_represented_exactly() -> None:
    W = np.array([[0.0, 0.3, 1.9], [0.0, -2.2, -0.1]])
    for scheme in ("symmetric", "asymmetric"):
        _, _, _, dequantized, _ = REFERENCE.reference(W, scheme, 0)
        assert dequantized[0, 0] == 0.0 and dequantized[1, 0] == 0.0


def test_per_channel_error_is_smaller_than_per_tensor() -> None:
    rng = np.random.default_rng(0)
    W = rng.normal(size=(4, 32)) * np.array([[30.0], [1.0], [0.5], [0.1]])
    per_tensor = REFERENCE.reference(W, "symmetric", None)[3]
    per_channel = REFERENCE.reference(W, "symmetric", 0)[3]
    assert np.abs(W - per_channel)[1:].max() < np.abs(W - per_tensor)[1:].max() / 10


def test_matches_torch_quantized_tensors() -> None:
    import torch

    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 10)) * np.array([[2.0], [0.3], [5.0]])
    q, scale, zero_point, dequantized, _ = REFERENCE.reference(W, "asymmetric", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantized = torch.quantize_per_channel(
            torch.from_numpy(W).float(),
            torch.from_numpy(scale),
            torch.from_numpy(zero_point),
            0,
            torch.quint8,
        )
    np.testing.assert_array_equal(quantized.int_repr().numpy(), q)
    np.testing.assert_allclose(quantized.dequantize().numpy(), dequantized, rtol=1e-6, atol=1e-7)


def test_halves_round_to_even() -> None:
    q = REFERENCE.reference(np.array([127.0, 0.5, 1.5, 2.5, -0.5, -2.5]), "symmetric", None)[0]
    np.testing.assert_array_equal(q, [127, 0, 2, 2, 0, -2])

"""Checks of the masked_attention reference (modern pack): the bottom-right causal alignment,
padding, fully masked rows, and decoding one query at a time matching a full prefill."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("masked_attention", "q03_causal_padding_masks.yaml", MODERN)
REFERENCE = EX.reference


def _qkv(seed: int, b: int = 2, h: int = 2, s: int = 6, d: int = 4):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(b, h, s, d)) for _ in range(3))


def test_last_rows_of_a_prefill_equal_a_chunk_of_queries() -> None:
    q, k, v = _qkv(0)
    padding = np.array([[False] * 6, [True, True, False, False, False, False]])
    full = REFERENCE.reference(q, k, v, padding)
    for length in range(1, 7):
        chunk = REFERENCE.reference(q[:, :, -length:], k, v, padding)
        np.testing.assert_allclose(chunk, full[:, :, -length:], rtol=1e-12, atol=1e-12)


def test_future_keys_and_padding_do_not_matter() -> None:
    q, k, v = _qkv(1)
    padding = np.array([[False] * 4 + [True] * 2, [False] * 6])
    out = REFERENCE.reference(q, k, v, padding)
    k2, v2 = k.copy(), v.copy()
    k2[0, :, 4:], v2[0, :, 4:] = 100.0, -100.0  # padding keys of sequence 0
    k2[1, :, 5], v2[1, :, 5] = 7.0, 7.0  # the last key: only the last query sees it
    out2 = REFERENCE.reference(q, k2, v2, padding)
    np.testing.assert_allclose(out2[0], out[0])
    np.testing.assert_allclose(out2[1, :, :5], out[1, :, :5])
    assert not np.allclose(out2[1, :, 5], out[1, :, 5])


def test_fully_masked_rows_are_zero_and_finite() -> None:
    q, k, v = _qkv(2)
    padding = np.array([[True] * 3 + [False] * 3, [True] * 6])  # left padding, an empty row
    out = REFERENCE.reference(q, k, v, padding)
    assert np.isfinite(out).all()
    np.testing.assert_array_equal(out[0, :, :3], 0.0)
    np.testing.assert_array_equal(out[1], 0.0)
    assert (np.abs(out[0, :, 3:]) > 0).all()


def test_matches_sdpa_lower_right_causal_bias_without_padding() -> None:
    import torch
    from torch.nn.attention.bias import causal_lower_right

    q, k, v = _qkv(3)
    q = q[:, :, -2:]
    bias = causal_lower_right(2, 6)
    tensors = [torch.from_numpy(t) for t in (q, k, v)]
    expected = torch.nn.functional.scaled_dot_product_attention(*tensors, attn_mask=bias)
    got = REFERENCE.reference(q, k, v, np.zeros((2, 6), dtype=bool))
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10)


def test_edge_cases_include_fully_masked_rows_and_a_chunk() -> None:
    fully, chunk = False, False
    for case in REFERENCE.edge_cases():
        if case.raises:
            continue
        q, k, _, padding = case.args
        length, keys = q.shape[-2], k.shape[-2]
        causal = np.arange(keys)[None, :] <= np.arange(length)[:, None] + keys - length
        allowed = causal[None] & ~padding[:, None, :]  # (B, L, S)
        fully |= bool((~allowed.any(axis=-1)).any())
        chunk |= 1 < q.shape[-2] < k.shape[-2]
    assert fully and chunk

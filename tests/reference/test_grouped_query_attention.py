"""Checks of the grouped_query_attention reference: MHA and MQA as its ends, the head-to-group
mapping, the bottom-right causal mask as decoding with a KV cache needs it."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("grouped_query_attention", "q06_grouped_query_attention.yaml", MODERN)
gqa = EX.reference.reference


def _qkv(hq: int, hkv: int, t: int, s: int, seed: int = 0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(2, hq, t, 8)),
        rng.normal(size=(2, hkv, s, 8)),
        rng.normal(size=(2, hkv, s, 4)),
    )


def test_it_equals_multi_head_attention_on_repeated_heads() -> None:
    q, k, v = _qkv(6, 2, 4, 4)
    k_rep, v_rep = np.repeat(k, 3, axis=1), np.repeat(v, 3, axis=1)
    for causal in (False, True):
        np.testing.assert_allclose(gqa(q, k, v, causal), gqa(q, k_rep, v_rep, causal))


def test_query_heads_of_a_group_with_equal_queries_give_equal_outputs() -> None:
    q, k, v = _qkv(4, 2, 3, 5)
    q[:, 1] = q[:, 0]  # heads 0 and 1 share KV head 0
    q[:, 2] = q[:, 0]  # head 2 uses KV head 1
    out = gqa(q, k, v, False)
    np.testing.assert_allclose(out[:, 0], out[:, 1])
    assert not np.allclose(out[:, 0], out[:, 2])


def test_decoding_token_by_token_matches_the_full_causal_pass() -> None:
    """The bottom-right alignment is what makes incremental decoding equal the full pass."""
    q, k, v = _qkv(4, 2, 6, 6, seed=1)
    full = gqa(q, k, v, True)
    for t in range(6):
        step = gqa(q[:, :, t : t + 1], k[:, :, : t + 1], v[:, :, : t + 1], True)
        np.testing.assert_allclose(step[:, :, 0], full[:, :, t])
    chunk = gqa(q[:, :, 3:], k, v, True)  # the last 3 tokens as one chunk over the cache
    np.testing.assert_allclose(chunk, full[:, :, 3:])


def test_the_top_left_mask_would_give_another_answer() -> None:
    case = next(c for c in EX.reference.edge_cases() if c.name.startswith("decoding one token"))
    q, k, v, _ = case.args
    mutant = EX.entry_of(EX.mutant_path("causal_upper_left"))
    got = mutant(q, k, v, True)
    np.testing.assert_allclose(got, np.repeat(v[:, :, :1], 2, axis=1))  # only key 0
    np.testing.assert_allclose(gqa(q, k, v, True), gqa(q, k, v, False))  # T = 1: sees all


def test_it_agrees_with_torch_enable_gqa() -> None:
    import torch
    import torch.nn.functional as F

    q, k, v = _qkv(8, 2, 3, 3, seed=2)
    want = F.scaled_dot_product_attention(
        *(torch.from_numpy(a) for a in (q, k, v)), is_causal=True, enable_gqa=True
    )
    np.testing.assert_allclose(gqa(q, k, v, True), want.numpy(), rtol=1e-12)

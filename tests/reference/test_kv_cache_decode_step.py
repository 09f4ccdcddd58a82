"""Checks of the kv_cache_decode_step reference (modern pack): stepping a sequence through the
cache equals full causal attention (F.scaled_dot_product_attention and nn.MultiheadAttention),
and the cache holds exactly the keys and values of the tokens seen."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("kv_cache_decode_step", "q04_kv_cache.yaml", MODERN)
REFERENCE = EX.reference


def _weights(rng: np.random.Generator, embed: int):
    return tuple(rng.normal(scale=1.0 / np.sqrt(embed), size=(embed, embed)) for _ in range(4))


def _decode(x: np.ndarray, weights, heads: int):
    batch, steps, embed = x.shape
    d = embed // heads
    cache_k = np.zeros((batch, heads, 0, d))
    cache_v = np.zeros((batch, heads, 0, d))
    outputs = []
    for t in range(steps):
        y, cache_k, cache_v = REFERENCE.reference(x[:, t], cache_k, cache_v, *weights, heads)
        outputs.append(y)
    return np.stack(outputs, axis=1), cache_k, cache_v


def test_decoding_step_by_step_equals_full_causal_attention() -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    for heads in (1, 2, 4):
        batch, steps, d = 2, 7, 3
        embed = heads * d
        weights = _weights(rng, embed)
        x = rng.normal(size=(batch, steps, embed))
        got, cache_k, cache_v = _decode(x, weights, heads)
        W_q, W_k, W_v, W_o = (torch.from_numpy(w) for w in weights)
        xt = torch.from_numpy(x)
        q = (xt @ W_q).view(batch, steps, heads, d).transpose(1, 2)
        k = (xt @ W_k).view(batch, steps, heads, d).transpose(1, 2)
        v = (xt @ W_v).view(batch, steps, heads, d).transpose(1, 2)
        full = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        expected = full.transpose(1, 2).reshape(batch, steps, embed) @ W_o
        np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(cache_k, k.numpy(), rtol=1e-12)  # the cache is K, in order
        np.testing.assert_allclose(cache_v, v.numpy(), rtol=1e-12)


def test_matches_nn_multihead_attention_with_a_causal_mask() -> None:
    import torch

    rng = np.random.default_rng(1)
    embed, heads, steps = 8, 2, 5
    weights = _weights(rng, embed)
    x = rng.normal(size=(1, steps, embed))
    got, _, _ = _decode(x, weights, heads)
    mha = torch.nn.MultiheadAttention(embed, heads, bias=False, batch_first=True)
    mha = mha.double()
    W_q, W_k, W_v, W_o = (torch.from_numpy(w) for w in weights)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([W_q.T, W_k.T, W_v.T]))  # nn.Linear stores W^T
        mha.out_proj.weight.copy_(W_o.T)
        xt = torch.from_numpy(x)
        future = torch.ones(steps, steps, dtype=torch.bool).triu(1)  # True = masked
        expected, _ = mha(xt, xt, xt, attn_mask=future, need_weights=False)
    np.testing.assert_allclose(got, expected.numpy(), rtol=1e-10, atol=1e-12)


def test_cache_grows_by_one_token_and_keeps_the_past() -> None:
    case = REFERENCE.edge_cases()[1]
    cache_k, cache_v = case.args[1:3]
    _, new_k, new_v = REFERENCE.reference(*case.args)
    assert new_k.shape[2] == cache_k.shape[2] + 1 and new_v.shape == new_k.shape
    np.testing.assert_array_equal(new_k[:, :, :-1], cache_k)
    np.testing.assert_array_equal(new_v[:, :, :-1], cache_v)


def test_first_token_output_is_its_own_value_projected() -> None:
    case = REFERENCE.edge_cases()[0]
    x_t, cache_k, _, _, _, W_v, W_o, heads = case.args
    assert cache_k.shape[2] == 0 and heads == 1
    y, _, _ = REFERENCE.reference(*case.args)
    np.testing.assert_allclose(y, x_t @ W_v @ W_o, rtol=1e-12)


def test_cache_memory_per_token_formula() -> None:
    # 2 (K and V) * layers * KV heads * head dim * bytes: Llama-2-70B-like, 80 layers, 8 KV
    # heads of 128, bf16 -> 320 KiB per token; with 64 KV heads (no GQA) 8 times as much
    per_token, without_gqa = 2 * 80 * 8 * 128 * 2, 2 * 80 * 64 * 128 * 2
    assert per_token == 320 * 1024
    assert without_gqa == 8 * per_token

"""Reference for `grouped_query_attention`: multi-query (Shazeer, 2019) and grouped-query
(Ainslie et al., 2023) attention.

Hq query heads share Hkv key/value heads in consecutive groups of g = Hq / Hkv: query head h
reads KV head h // g (what `repeat_interleave`, Hugging Face's `repeat_kv` and
`F.scaled_dot_product_attention(..., enable_gqa=True)` do). The causal mask is aligned to the
bottom right, as in decoding with a KV cache: the T queries are the last T of the S positions.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool) -> np.ndarray:
    """softmax(q k^T / sqrt(d)) v per query head, with KV head h // g; (B, Hq, T, dv)."""
    batch, hq, t, d = q.shape
    hkv, s = k.shape[1], k.shape[2]
    if hq % hkv != 0:
        raise ValueError(f"Hq = {hq} query heads cannot be split into Hkv = {hkv} groups")
    g = hq // hkv
    # Group the query heads: (B, Hkv, g, T, d); each group meets its own KV head.
    qg = q.reshape(batch, hkv, g, t, d)
    scores = np.einsum("bhgtd,bhsd->bhgts", qg, k) / np.sqrt(d)
    if causal:
        query_pos = (s - t) + np.arange(t)  # the queries are the last T positions
        allowed = np.arange(s)[None, :] <= query_pos[:, None]  # (T, S)
        scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    out = np.einsum("bhgts,bhse->bhgte", weights, v)
    return out.reshape(batch, hq, t, v.shape[-1])


def oracle(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool) -> np.ndarray:
    """F.scaled_dot_product_attention with enable_gqa=True (PyTorch >= 2.5; before that, K and
    V repeated with repeat_interleave) and an explicit bottom-right causal mask: its own
    is_causal=True is aligned to the top left when T != S."""
    import torch
    import torch.nn.functional as F

    hq, hkv = q.shape[1], k.shape[1]
    if hq % hkv != 0:
        raise ValueError("Hq must be a multiple of Hkv")
    qt, kt, vt = (torch.from_numpy(a) for a in (q, k, v))
    t, s = q.shape[2], k.shape[2]
    mask = torch.ones(t, s, dtype=torch.bool).tril(diagonal=s - t) if causal else None
    try:
        out = F.scaled_dot_product_attention(qt, kt, vt, attn_mask=mask, enable_gqa=True)
    except TypeError:  # an older PyTorch without enable_gqa
        g = hq // hkv
        kt, vt = kt.repeat_interleave(g, dim=1), vt.repeat_interleave(g, dim=1)
        out = F.scaled_dot_product_attention(qt, kt, vt, attn_mask=mask)
    return out.numpy()


def _qkv(
    rng: np.random.Generator, b: int, hq: int, hkv: int, t: int, s: int, d: int, dv: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        rng.normal(size=(b, hq, t, d)),
        rng.normal(size=(b, hkv, s, d)),
        rng.normal(size=(b, hkv, s, dv)),
    )


def edge_cases() -> list[Case]:
    """Fixed cases: the scale, the head-to-group mapping, MQA and MHA, the bottom-right causal
    mask for one and several new tokens, and Hq not a multiple of Hkv."""
    rng = np.random.default_rng(6)
    # Two KV heads with very different values, four query heads: which head reads which KV
    # head shows directly in the output.
    q_map = np.zeros((1, 4, 1, 2))
    k_map = np.array([[[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]]])
    v_map = np.array([[[[1.0], [1.0]], [[-1.0], [-1.0]]]])  # KV head 0 gives 1, head 1 gives -1
    return [
        Case(
            "query heads 0, 1 share KV head 0 and heads 2, 3 share KV head 1 (Hq=4, Hkv=2): "
            "outputs [1, 1, -1, -1]",
            (q_map, k_map, v_map, False),
        ),
        Case(
            "one head, d = 4, two keys: the scores are divided by sqrt(d) = 2",
            (
                np.array([[[[1.0, 1.0, 1.0, 1.0]]]]),
                np.array([[[[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]]]]),
                np.array([[[[1.0], [0.0]]]]),
                False,
            ),
        ),
        Case(
            "decoding one token with a KV cache (T = 1, S = 4, causal): it sees all 4 keys",
            (*_qkv(rng, 1, 2, 1, 1, 4, 4, 3), True),
        ),
        Case(
            "3 new tokens after 4 cached (T = 3, S = 7, causal): query t sees keys 0..4+t",
            (*_qkv(rng, 2, 4, 2, 3, 7, 4, 4), True),
        ),
        Case(
            "Hq = 6, Hkv = 3, T = S = 5, causal: a square causal mask",
            (*_qkv(rng, 1, 6, 3, 5, 5, 8, 8), True),
        ),
        Case(
            "multi-query attention (Hkv = 1): all 4 query heads share one K and V",
            (*_qkv(rng, 2, 4, 1, 3, 5, 4, 2), False),
        ),
        Case(
            "Hq = Hkv = 3 is plain multi-head attention",
            (*_qkv(rng, 1, 3, 3, 4, 4, 4, 4), False),
        ),
        Case(
            "Hq = 8, Hkv = 4, cross-length S = 6 > T = 2, no mask",
            (*_qkv(rng, 1, 8, 4, 2, 6, 4, 3), False),
        ),
        Case(
            "Hq = 6 is not a multiple of Hkv = 4: raise ValueError",
            (*_qkv(rng, 1, 6, 4, 2, 2, 4, 4), False),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    hkv = int(rng.integers(1, 4))
    g = int(rng.integers(1, 5))
    b = int(rng.integers(1, 3))
    t = int(rng.integers(1, 7))
    s = t + int(rng.integers(0, 8))
    d = int(rng.choice([2, 4, 8, 16]))
    dv = int(rng.choice([1, 4, 8]))
    causal = bool(rng.integers(0, 2))
    q, k, v = _qkv(rng, b, hkv * g, hkv, t, s, d, dv)
    return Case(
        f"random #{index}: B={b}, Hq={hkv * g}, Hkv={hkv}, T={t}, S={s}, d={d}, dv={dv}, "
        f"causal={causal}",
        (q, k, v, causal),
    )

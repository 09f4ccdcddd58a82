"""Reference for `masked_attention`: causal + key-padding masked attention, in NumPy.

The L queries are the LAST L positions of an S-token sequence (prefill: L = S; decoding with a
KV cache: L = 1; chunked prefill: anything between), so the causal mask is aligned bottom-right:

    query i sits at position S - L + i and may attend key j  iff  j <= S - L + i
                                                          and  key_padding_mask[b, j] is False

key_padding_mask follows nn.MultiheadAttention: True marks a padding key (never attended).
A query row with no allowed key returns zeros (as F.scaled_dot_product_attention since
PyTorch 2.5), never NaN.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def allowed_pairs(num_queries: int, key_padding_mask: np.ndarray) -> np.ndarray:
    """(B, 1, L, S) booleans: True where query i may attend key j."""
    num_keys = key_padding_mask.shape[-1]
    query_position = np.arange(num_queries)[:, None] + (num_keys - num_queries)
    causal = np.arange(num_keys)[None, :] <= query_position  # (L, S), bottom-right aligned
    return causal[None, None] & ~key_padding_mask[:, None, None, :]


def reference(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, key_padding_mask: np.ndarray
) -> np.ndarray:
    """softmax over the allowed keys of q k^T / sqrt(d), times v; (B, H, L, dv)."""
    num_queries, num_keys = q.shape[-2], k.shape[-2]
    if num_queries > num_keys:
        raise ValueError(f"more queries ({num_queries}) than keys ({num_keys})")
    allowed = allowed_pairs(num_queries, np.asarray(key_padding_mask, dtype=bool))
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    scores = np.where(allowed, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    empty = np.isneginf(row_max)  # no key allowed: weights all 0, output 0
    weights = np.exp(scores - np.where(empty, 0.0, row_max))
    weights /= np.where(empty, 1.0, weights.sum(axis=-1, keepdims=True))
    return weights @ v


def oracle(q: np.ndarray, k: np.ndarray, v: np.ndarray, key_padding_mask: np.ndarray) -> np.ndarray:
    """F.scaled_dot_product_attention with a boolean attn_mask (True = may attend) built from
    torch.ones(L, S).tril(S - L) and the inverted padding mask; fully masked rows give zeros
    in PyTorch >= 2.5."""
    import torch
    import torch.nn.functional as F

    num_queries, num_keys = q.shape[-2], k.shape[-2]
    if num_queries > num_keys:
        raise ValueError("more queries than keys")
    causal = torch.ones(num_queries, num_keys, dtype=torch.bool).tril(num_keys - num_queries)
    keep = ~torch.from_numpy(np.asarray(key_padding_mask, dtype=bool))
    mask = causal[None, None] & keep[:, None, None, :]
    out = F.scaled_dot_product_attention(
        torch.from_numpy(q), torch.from_numpy(k), torch.from_numpy(v), attn_mask=mask
    )
    return out.numpy()


def _case(
    name: str,
    rng: np.random.Generator,
    lengths: list[int] | None,
    shape: tuple[int, int, int, int, int, int],
    left: bool = False,
    scale: float = 1.0,
    raises: str | None = None,
) -> Case:
    """shape = (B, H, L, S, d, dv); `lengths` real tokens per sequence (None: no padding),
    right-padded, or left-padded when `left`."""
    b, h, length, keys, d, dv = shape
    q = scale * rng.normal(size=(b, h, length, d))
    k = scale * rng.normal(size=(b, h, keys, d))
    v = rng.normal(size=(b, h, keys, dv))
    lengths = [keys] * b if lengths is None else lengths
    position = np.arange(keys)[None, :]
    real = np.asarray(lengths)[:, None]
    padding = position < keys - real if left else position >= real
    return Case(name, (q, k, v, padding), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases, simplest first: causal only, padding only, the bottom-right alignment,
    left padding (fully masked rows), huge scores, and more queries than keys."""
    rng = np.random.default_rng(3)
    two = Case(
        "L = S = 2, no padding, d = 1: query 0 sees key 0 only, query 1 sees keys 0 and 1",
        (
            np.array([[[[1.0], [2.0]]]]),
            np.array([[[[1.0], [-1.0]]]]),
            np.array([[[[1.0, 0.0], [0.0, 1.0]]]]),
            np.array([[False, False]]),
        ),
    )
    return [
        two,
        _case("prefill L = S = 4, no padding: causal only", rng, None, (1, 1, 4, 4, 3, 2)),
        _case(
            "one decoding step (L = 1, S = 5) with right padding: the query is position 4 and "
            "sees every real key (not just key 0)",
            rng,
            [5, 3],
            (2, 1, 1, 5, 4, 3),
        ),
        _case(
            "a chunk of L = 3 queries over S = 6 keys: query i is position 3 + i and sees keys "
            "0..3+i (causal mask aligned bottom-right)",
            rng,
            None,
            (1, 2, 3, 6, 4, 2),
        ),
        _case(
            "right padding, L = S = 5, lengths 5, 2, 4: padded keys (True) get weight 0",
            rng,
            [5, 2, 4],
            (3, 2, 5, 5, 3, 3),
        ),
        _case(
            "left padding, L = S = 5, lengths 3 and 5: the first queries of sequence 0 see only "
            "padding, so their rows are zeros (no NaN, no uniform average)",
            rng,
            [3, 5],
            (2, 2, 5, 5, 4, 2),
            left=True,
        ),
        _case(
            "a sequence that is all padding: every row of it is zeros",
            rng,
            [0, 4],
            (2, 1, 4, 4, 2, 3),
        ),
        _case(
            "scores above 1000 (exp overflows): subtract the row max of the allowed keys",
            rng,
            [6, 4],
            (2, 2, 3, 6, 4, 2),
            left=True,
            scale=20.0,
        ),
        _case(
            "L = 4 queries but S = 3 keys: more queries than keys, raise ValueError",
            rng,
            None,
            (1, 1, 4, 3, 2, 2),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random B, H, S, L <= S, d, dv and real lengths, left or right padding."""
    b, h = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    keys = int(rng.integers(1, 9))
    length = int(rng.choice([1, keys, int(rng.integers(1, keys + 1))]))
    d, dv = int(rng.integers(1, 9)), int(rng.integers(1, 6))
    lengths = [int(n) for n in rng.integers(0 if index % 3 == 2 else 1, keys + 1, size=b)]
    left = bool(index % 2)
    scale = float(rng.choice([0.5, 1.0, 3.0]))
    side = "left" if left else "right"
    name = (
        f"random #{index}: B={b}, H={h}, L={length}, S={keys}, d={d}, dv={dv}, "
        f"lengths {lengths} ({side}-padded)"
    )
    return _case(name, rng, lengths, (b, h, length, keys, d, dv), left=left, scale=scale)

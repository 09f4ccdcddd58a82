"""Reference for `scaled_dot_product_attention`: softmax(q k^T / sqrt(d)) v with a boolean mask.

The mask follows `F.scaled_dot_product_attention`: True means "this query may attend to this
key". A query row whose keys are all masked returns zeros, as PyTorch does since 2.5 (a plain
softmax over a row of -inf gives NaN there).
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    """Scores (..., L, S), a softmax over the keys (the last axis), then a weighted sum of v."""
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    row_max = scores.max(axis=-1, keepdims=True)
    all_masked = np.isneginf(row_max)  # nothing to attend to: the row's weights are all 0
    weights = np.exp(scores - np.where(all_masked, 0.0, row_max))
    totals = weights.sum(axis=-1, keepdims=True)
    weights = weights / np.where(all_masked, 1.0, totals)
    return weights @ v


def oracle(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> np.ndarray:
    """torch.nn.functional.scaled_dot_product_attention with a boolean attn_mask."""
    import torch
    import torch.nn.functional as F

    attn_mask = None if mask is None else torch.from_numpy(np.asarray(mask, dtype=bool))
    out = F.scaled_dot_product_attention(
        torch.from_numpy(q), torch.from_numpy(k), torch.from_numpy(v), attn_mask=attn_mask
    )
    return out.numpy()


def _arrays(*values: object) -> tuple[np.ndarray, ...]:
    return tuple(np.array(v, dtype=np.float64) for v in values)


def _causal(length: int) -> np.ndarray:
    return np.tril(np.ones((length, length), dtype=bool))


def edge_cases() -> list[Case]:
    """Fixed cases: the scale, the softmax axis, masks of several shapes, a fully masked row,
    huge scores, heads and cross-attention."""
    q4 = [[1.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, -1.0], [1.0, 1.0, 1.0, 1.0]]
    k4 = [[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0], [2.0, -1.0, 0.0, 1.0]]
    v3 = [[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [3.0, -2.0, 0.5]]
    causal_q, causal_k = _arrays(
        [[0.5, -1.0], [1.0, 1.0], [-1.0, 0.5], [2.0, 0.0]],
        [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 2.0]],
    )
    causal_v = np.arange(12, dtype=np.float64).reshape(4, 3)
    rng = np.random.default_rng(53)
    heads_q, heads_k, heads_v = (rng.normal(size=(2, 3, 4, 5)) for _ in range(3))
    padding = np.array([[True, True, True, False, False], [True, True, True, True, True]])
    padding_q = rng.normal(size=(2, 4, 3))
    padding_k = rng.normal(size=(2, 5, 3))
    padding_v = rng.normal(size=(2, 5, 2))
    row_masked = np.array([[True, False, True], [False, False, False], [False, True, True]])
    square_q = rng.normal(size=(2, 3, 2))
    square_k = rng.normal(size=(2, 2, 2))
    square_v = rng.normal(size=(2, 2, 2))
    return [
        Case(
            "one query, one key: its weight is 1, so the output is v",
            _arrays([[0.5, -1.0]], [[2.0, 1.0]], [[3.0, -2.0, 1.0]]),
        ),
        Case(
            "d = 4, dv = 3, no mask: divide the scores by sqrt(d) = 2 (d is q's last dimension)",
            _arrays(q4, k4, v3),
        ),
        Case(
            "one query, three keys: its weights sum to 1 over the keys (softmax on the last axis)",
            _arrays([[1.0, -0.5]], [[1.0, 0.0], [0.0, 1.0], [-1.0, 1.0]], [[1.0], [2.0], [4.0]]),
        ),
        Case(
            "causal mask, True = may attend: query i sees keys 0..i only",
            (causal_q, causal_k, causal_v),
            {"mask": _causal(4)},
        ),
        Case(
            "key padding mask of shape (B, 1, S), broadcast over the queries",
            (padding_q, padding_k, padding_v),
            {"mask": padding[:, None, :]},
        ),
        Case(
            "a query whose keys are all masked: its output row is zeros (PyTorch >= 2.5), no NaN",
            _arrays(q4[:3], k4, v3),
            {"mask": row_masked},
        ),
        Case(
            "scores above 1000 (exp overflows): subtract the row max before exp",
            _arrays(
                [[30.0, 40.0], [-35.0, 20.0]],
                [[30.0, 30.0], [-30.0, 25.0], [35.0, -30.0]],
                [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]],
            ),
        ),
        Case(
            "batch B=2 with S=d=2: transpose only k's last two axes (k.T reverses all three)",
            (square_q, square_k, square_v),
        ),
        Case(
            "batch and heads (B=2, H=3, L=S=4, d=5): work on the last two axes only",
            (heads_q, heads_k, heads_v),
        ),
        Case(
            "cross-attention: 2 queries, 5 keys, dv = 1 (L != S)",
            _arrays(
                [[1.0, 0.5, -1.0], [0.0, -2.0, 1.0]],
                [
                    [1.0, 0.0, 0.0],
                    [0.0, 1.0, 0.0],
                    [0.0, 0.0, 1.0],
                    [1.0, 1.0, 1.0],
                    [-1.0, 0.0, 2.0],
                ],
                [[1.0], [-1.0], [2.0], [0.5], [3.0]],
            ),
        ),
    ]


def _random_mask(
    rng: np.random.Generator, batch: tuple[int, ...], length: int, keys: int
) -> tuple[str, np.ndarray | None]:
    """No mask, a causal (L, S) mask, a random full-shape mask, or a (..., 1, S) padding mask."""
    kind = str(rng.choice(["none", "causal", "random", "padding"]))
    if kind == "none":
        return kind, None
    if kind == "causal":
        return kind, np.tril(np.ones((length, keys), dtype=bool))
    if kind == "random":
        return kind, rng.random(size=(*batch, length, keys)) < 0.7
    lengths = rng.integers(1, keys + 1, size=batch)
    return kind, (np.arange(keys) < np.asarray(lengths)[..., None])[..., None, :]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch and head axes (none, one or two), shapes, scales and mask kinds."""
    batch = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(0, 3))))
    length, keys = (int(n) for n in rng.integers(1, 7, size=2))
    d, dv = (int(n) for n in rng.integers(1, 9, size=2))
    scale = float(rng.choice([0.5, 1.0, 3.0]))
    q = scale * rng.normal(size=(*batch, length, d))
    k = scale * rng.normal(size=(*batch, keys, d))
    v = rng.normal(size=(*batch, keys, dv))
    kind, mask = _random_mask(rng, batch, length, keys)
    name = f"random #{index}: batch {batch}, L={length}, S={keys}, d={d}, dv={dv}, mask {kind}"
    return Case(name, (q, k, v), {} if mask is None else {"mask": mask})

"""Reference for `multi_head_attention`: self-attention as `torch.nn.MultiheadAttention`
(batch_first=True) computes it, with the packed input projection of PyTorch.

    q, k, v = split(x W_in^T + b_in, 3)                  each (N, L, E); W_in = [W_q; W_k; W_v]
    split E into h heads of d = E / h:                   (N, L, E) -> (N, h, L, d)
    head_i  = softmax(q_i k_i^T / sqrt(d)) v_i           softmax over the keys (last axis)
    out     = concat(head_1 .. head_h) W_out^T + b_out   (N, L, E)
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the row maximum so exp cannot overflow."""
    shifted = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    return weights / weights.sum(axis=-1, keepdims=True)


def reference(
    x: np.ndarray,
    W_in: np.ndarray,
    b_in: np.ndarray,
    W_out: np.ndarray,
    b_out: np.ndarray,
    num_heads: int,
) -> np.ndarray:
    """Self-attention of a batch x (N, L, E) with `num_heads` heads; returns (N, L, E)."""
    N, L, E = x.shape
    if num_heads < 1:
        raise ValueError(f"num_heads must be at least 1, got {num_heads}")
    if E % num_heads != 0:
        raise ValueError(f"embed_dim {E} is not divisible by num_heads {num_heads}")
    d = E // num_heads
    q, k, v = np.split(x @ W_in.T + b_in, 3, axis=-1)

    def split_heads(t: np.ndarray) -> np.ndarray:
        # (N, L, E) -> (N, L, h, d) -> (N, h, L, d): head i owns features i*d:(i+1)*d
        return t.reshape(N, L, num_heads, d).transpose(0, 2, 1, 3)

    q, k, v = split_heads(q), split_heads(k), split_heads(v)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)  # (N, h, L_query, L_key)
    heads = _softmax(scores) @ v  # (N, h, L, d)
    concat = heads.transpose(0, 2, 1, 3).reshape(N, L, E)
    return concat @ W_out.T + b_out


def oracle(
    x: np.ndarray,
    W_in: np.ndarray,
    b_in: np.ndarray,
    W_out: np.ndarray,
    b_out: np.ndarray,
    num_heads: int,
) -> np.ndarray:
    """`torch.nn.MultiheadAttention(batch_first=True)` in float64 with the weights copied in."""
    import torch

    E = x.shape[-1]
    try:
        attention = torch.nn.MultiheadAttention(E, num_heads, batch_first=True, dtype=torch.float64)
    except AssertionError as exc:  # PyTorch asserts divisibility; the exercise raises ValueError
        raise ValueError(str(exc)) from exc
    with torch.no_grad():
        attention.in_proj_weight.copy_(torch.from_numpy(W_in))
        attention.in_proj_bias.copy_(torch.from_numpy(b_in))
        attention.out_proj.weight.copy_(torch.from_numpy(W_out))
        attention.out_proj.bias.copy_(torch.from_numpy(b_out))
        tokens = torch.from_numpy(x)
        out, _ = attention(tokens, tokens, tokens, need_weights=False)
    return out.numpy().copy()


def _weights(
    rng: np.random.Generator, E: int, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """W_in (3E, E), b_in (3E,), W_out (E, E), b_out (E,): weights ~ N(0, scale^2 / E)."""
    W_in = rng.normal(scale=scale / np.sqrt(E), size=(3 * E, E))
    b_in = rng.normal(scale=0.5, size=3 * E)
    W_out = rng.normal(scale=1.0 / np.sqrt(E), size=(E, E))
    b_out = rng.normal(scale=0.5, size=E)
    return W_in, b_in, W_out, b_out


def _case(
    name: str, rng: np.random.Generator, N: int, L: int, E: int, heads: int, scale: float = 1.0
) -> Case:
    x = rng.normal(size=(N, L, E))
    return Case(name, (x, *_weights(rng, E, scale), heads))


def edge_cases() -> list[Case]:
    """Fixed cases: one head, head dimension vs embedding dimension in the scale, the head split,
    a single token, uniform attention, saturated softmax, and bad numbers of heads (not dividing
    E, zero, negative)."""
    rng = np.random.default_rng(54)
    cases = [
        _case(
            "one head (num_heads=1): scaled dot-product attention, scale 1/sqrt(E)", rng, 2, 4, 6, 1
        ),
        _case(
            "E=8 in 2 heads of d=4: scores are divided by sqrt(d)=2, not sqrt(E)", rng, 3, 5, 8, 2
        ),
        _case("L=7, E=12, 3 heads: head i owns features 4i:4i+4 of every token", rng, 2, 7, 12, 3),
        _case("num_heads = E = 4: every head has dimension 1", rng, 2, 6, 4, 4),
        _case("a batch of one (N=1), 3 heads", rng, 1, 5, 9, 3),
        _case(
            "a single token (L=1): it attends only to itself, out = out_proj(v_proj(x))",
            rng,
            3,
            1,
            6,
            2,
        ),
        _case(
            "large projections (scores of about ±100): a nearly one-hot softmax",
            rng,
            2,
            6,
            8,
            2,
            scale=6.0,
        ),
        _case(
            "scores in the thousands: exp overflows unless the softmax subtracts the row max",
            rng,
            1,
            4,
            4,
            2,
            scale=60.0,
        ),
    ]
    x = rng.normal(size=(2, 5, 6))
    W_in, b_in, W_out, b_out = _weights(rng, 6)
    W_in[:12], b_in[:12] = 0.0, 0.0  # query and key projections zero: all scores are 0
    cases.append(
        Case(
            "zero query and key weights: uniform attention, outputs are out_proj(mean of values)",
            (x, W_in, b_in, W_out, b_out, 2),
        )
    )
    x = rng.normal(size=(2, 3, 6))
    cases.append(
        Case(
            "E=6 with num_heads=4: 6 is not divisible by 4, raise ValueError",
            (x, *_weights(rng, 6), 4),
            raises="ValueError",
        )
    )
    x = rng.normal(size=(1, 2, 5))
    cases.append(
        Case(
            "E=5 with num_heads=2: 5 is not divisible by 2, raise ValueError",
            (x, *_weights(rng, 5), 2),
            raises="ValueError",
        )
    )
    x = rng.normal(size=(1, 3, 6))
    cases.append(
        Case(
            "num_heads = 0: there are no heads, raise ValueError (not a division by zero)",
            (x, *_weights(rng, 6), 0),
            raises="ValueError",
        )
    )
    x = rng.normal(size=(2, 3, 6))
    cases.append(
        Case(
            "num_heads = -2: fewer than one head, raise ValueError (although 6 % -2 == 0)",
            (x, *_weights(rng, 6), -2),
            raises="ValueError",
        )
    )
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (5, 0, 8, 1, 2, 3, 4, 6, 7, 9, 10, 11, 12)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch (1-4), length (1-8), heads (1-4) and head dimension (1-5)."""
    N = int(rng.integers(1, 5))
    L = int(rng.integers(1, 9))
    heads = int(rng.integers(1, 5))
    d = int(rng.integers(1, 6))
    scale = float(rng.uniform(0.5, 3.0))
    return _case(
        f"random #{index}: N={N}, L={L}, E={heads * d}, {heads} heads",
        rng,
        N,
        L,
        heads * d,
        heads,
        scale,
    )

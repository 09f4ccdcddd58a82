"""Reference for `kv_cache_decode_step`: one decoding step of multi-head self-attention with a
KV cache, in NumPy.

    q, k, v = x_t W_q, x_t W_k, x_t W_v  -> H heads of d = E / H   (B, H, 1, d) each
    new_k = [cache_k ; k], new_v = [cache_v ; v] along the time axis (the new token LAST)
    y_t = concat_h softmax(q_h new_k_h^T / sqrt(d)) new_v_h  W_o   (B, E)

Stepping a sequence through this from an empty cache gives the rows of full causal attention.
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x_t: np.ndarray,
    cache_k: np.ndarray,
    cache_v: np.ndarray,
    W_q: np.ndarray,
    W_k: np.ndarray,
    W_v: np.ndarray,
    W_o: np.ndarray,
    num_heads: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(y_t (B, E), new_k (B, H, T+1, d), new_v (B, H, T+1, d))."""
    batch, embed = x_t.shape
    d = embed // num_heads

    def heads(t: np.ndarray) -> np.ndarray:  # (B, E) -> (B, H, 1, d): head h owns h*d:(h+1)*d
        return t.reshape(batch, num_heads, 1, d)

    q = heads(x_t @ W_q)
    new_k = np.concatenate([cache_k, heads(x_t @ W_k)], axis=2)  # append, then attend
    new_v = np.concatenate([cache_v, heads(x_t @ W_v)], axis=2)
    scores = q @ np.swapaxes(new_k, -1, -2) / np.sqrt(d)  # (B, H, 1, T+1)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    concat = (weights @ new_v).reshape(batch, embed)
    return concat @ W_o, new_k, new_v


def oracle(
    x_t: np.ndarray,
    cache_k: np.ndarray,
    cache_v: np.ndarray,
    W_q: np.ndarray,
    W_k: np.ndarray,
    W_v: np.ndarray,
    W_o: np.ndarray,
    num_heads: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """torch: the new token's row of causal attention, F.scaled_dot_product_attention of its
    query over the grown cache (the last row of a causal mask allows every key; the test file
    checks whole sequences against full causal recomputation)."""
    import torch
    import torch.nn.functional as F

    batch, embed = x_t.shape
    d = embed // num_heads
    x = torch.from_numpy(x_t)[:, None, :]  # (B, 1, E)
    q = (x @ torch.from_numpy(W_q)).view(batch, 1, num_heads, d).transpose(1, 2)
    k = (x @ torch.from_numpy(W_k)).view(batch, 1, num_heads, d).transpose(1, 2)
    v = (x @ torch.from_numpy(W_v)).view(batch, 1, num_heads, d).transpose(1, 2)
    new_k = torch.cat([torch.from_numpy(cache_k), k], dim=2)
    new_v = torch.cat([torch.from_numpy(cache_v), v], dim=2)
    out = F.scaled_dot_product_attention(q, new_k, new_v)  # (B, H, 1, d)
    y = out.transpose(1, 2).reshape(batch, embed) @ torch.from_numpy(W_o)
    return y.numpy(), new_k.numpy(), new_v.numpy()


def make_case(
    name: str,
    rng: np.random.Generator,
    batch: int,
    heads: int,
    d: int,
    past: int,
    scale: float = 1.0,
) -> Case:
    """Weights ~ N(0, scale^2 / E) for W_q and W_k, N(0, 1 / E) for W_v and W_o; the cache holds
    the keys and values of `past` earlier random tokens, projected with the same W_k and W_v (as
    a real cache would)."""
    embed = heads * d
    W_q = rng.normal(scale=scale / np.sqrt(embed), size=(embed, embed))
    W_k = rng.normal(scale=scale / np.sqrt(embed), size=(embed, embed))
    W_v = rng.normal(scale=1.0 / np.sqrt(embed), size=(embed, embed))
    W_o = rng.normal(scale=1.0 / np.sqrt(embed), size=(embed, embed))
    history = rng.normal(size=(batch, past, embed))
    cache_k = (history @ W_k).reshape(batch, past, heads, d).transpose(0, 2, 1, 3)
    cache_v = (history @ W_v).reshape(batch, past, heads, d).transpose(0, 2, 1, 3)
    x_t = rng.normal(size=(batch, embed))
    return Case(name, (x_t, cache_k.copy(), cache_v.copy(), W_q, W_k, W_v, W_o, heads))


def edge_cases() -> list[Case]:
    """Fixed cases, simplest first: the first token (empty cache), one head, several heads, a
    long cache, and large scores."""
    rng = np.random.default_rng(4)
    return [
        make_case(
            "the first token (empty cache, T=0): it attends only to itself, y = x W_v W_o",
            rng,
            1,
            1,
            3,
            0,
        ),
        make_case(
            "one head, E = d = 4, T = 3 cached tokens: the new token attends to all 4 keys, "
            "itself included",
            rng,
            2,
            1,
            4,
            3,
        ),
        make_case(
            "2 heads of d = 3 (E = 6), T = 4: the scale is 1/sqrt(d) = 1/sqrt(3), not 1/sqrt(E)",
            rng,
            1,
            2,
            3,
            4,
        ),
        make_case(
            "4 heads of d = 2 (E = 8), T = 5: head h owns features 2h:2h+2 of q, k and v",
            rng,
            2,
            4,
            2,
            5,
        ),
        make_case("3 heads of d = 4, a longer cache (T = 12)", rng, 1, 3, 4, 12),
        make_case(
            "scores above 1000 (exp overflows): subtract the row max before exp",
            rng,
            2,
            2,
            4,
            5,
            scale=20.0,
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch, heads (1-4), head dimension (1-5) and cache length (0-8)."""
    heads, batch = int(rng.integers(1, 5)), int(rng.integers(1, 4))
    d, past = int(rng.integers(1, 6)), int(rng.integers(0, 9))
    scale = float(rng.uniform(0.5, 3.0))
    name = f"random #{index}: B={batch}, {heads} heads, d={d}, T={past} cached tokens"
    return make_case(name, rng, batch, heads, d, past, scale)

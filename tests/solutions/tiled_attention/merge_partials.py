"""Alternative solution: exact attention on each block alone, giving (out_b, lse_b), then the
partial results merged with their log-sum-exps, as split-KV decoding (Flash-Decoding) does:
lse = logaddexp(lse_a, lse_b), out = e^(lse_a - lse) out_a + e^(lse_b - lse) out_b."""

import numpy as np


def _block(q, kb, vb):
    s = q @ np.swapaxes(kb, -1, -2) / np.sqrt(q.shape[-1])
    top = s.max(axis=-1, keepdims=True)
    e = np.exp(s - top)
    total = e.sum(axis=-1, keepdims=True)
    return (e / total) @ vb, (top + np.log(total))[..., 0]


def tiled_attention(q, k, v, block_size):
    out, lse = None, None
    for start in range(0, k.shape[-2], block_size):
        stop = start + block_size
        out_b, lse_b = _block(q, k[..., start:stop, :], v[..., start:stop, :])
        if out is None:
            out, lse = out_b, lse_b
            continue
        merged = np.logaddexp(lse, lse_b)
        out = np.exp(lse - merged)[..., None] * out + np.exp(lse_b - merged)[..., None] * out_b
        lse = merged
    return out, lse

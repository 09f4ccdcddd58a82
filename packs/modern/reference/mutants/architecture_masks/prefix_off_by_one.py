"""Mutant: the bidirectional block covers one token too many (j <= P instead of j < P):
every query also sees the first target token."""

import numpy as np

KINDS = ("encoder", "decoder", "prefix_lm", "encoder_decoder")


def _causal(n):
    return np.arange(n)[None, :] <= np.arange(n)[:, None]


def architecture_masks(kind, seq_len, prefix_len=None, tgt_len=None):
    if kind not in KINDS:
        raise ValueError("unknown kind")
    L = seq_len
    positions = np.arange(L)
    if kind == "encoder":
        return {"self": np.ones((L, L), dtype=bool)}
    if kind == "decoder":
        return {"self": _causal(L), "loss": positions < L - 1}
    if kind == "prefix_lm":
        P = np.asarray(prefix_len)
        if (P < 0).any() or (P > L).any():
            raise ValueError("prefix length out of range")
        allowed = _causal(L)[None, :, :] | (positions[None, None, :] <= P[:, None, None])
        loss = (positions[None, :] >= P[:, None] - 1) & (positions[None, :] < L - 1)
        return {"self": allowed, "loss": loss}
    T = tgt_len
    return {
        "encoder_self": np.ones((L, L), dtype=bool),
        "decoder_self": _causal(T),
        "cross": np.ones((T, L), dtype=bool),
        "loss": np.ones(T, dtype=bool),
    }

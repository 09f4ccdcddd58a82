"""Alternative solution: the rule of each mask written out entry by entry with plain loops."""

import numpy as np


def architecture_masks(kind, seq_len, prefix_len=None, tgt_len=None):
    if kind not in {"encoder", "decoder", "prefix_lm", "encoder_decoder"}:
        raise ValueError(f"unknown architecture {kind!r}")
    n = seq_len

    def table(rows, cols, rule):
        return np.array([[rule(i, j) for j in range(cols)] for i in range(rows)], dtype=bool)

    if kind == "encoder":
        return {"self": table(n, n, lambda i, j: True)}
    if kind == "decoder":
        return {"self": table(n, n, lambda i, j: j <= i), "loss": np.arange(n) + 1 < n}
    if kind == "prefix_lm":
        prefixes = [int(p) for p in prefix_len]
        if any(p < 0 or p > n for p in prefixes):
            raise ValueError("every prefix length must be between 0 and seq_len")
        masks, losses = [], []
        for p in prefixes:
            masks.append(table(n, n, lambda i, j, p=p: j <= i or j < p))
            # position i predicts token i + 1, which is a target when p <= i + 1 < n
            losses.append([p <= i + 1 < n for i in range(n)])
        return {"self": np.array(masks, dtype=bool), "loss": np.array(losses, dtype=bool)}
    t = tgt_len
    return {
        "encoder_self": table(n, n, lambda i, j: True),
        "decoder_self": table(t, t, lambda i, j: j <= i),
        "cross": table(t, n, lambda i, j: True),
        "loss": np.ones(t, dtype=bool),
    }

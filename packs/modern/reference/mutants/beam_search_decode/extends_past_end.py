"""Mutant: keeps finished hypotheses in the active set, so a beam that produced the end token
is extended further (tokens after the end) and competes until max_len."""

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    t = logits_table - logits_table.max(axis=1, keepdims=True)
    log_probs = t - np.log(np.exp(t).sum(axis=1, keepdims=True))
    active = [([], 0.0)]
    for _ in range(max_len):
        candidates = [
            ([*seq, v], s + log_probs[seq[-1] if seq else start_token, v])
            for seq, s in active
            for v in range(log_probs.shape[0])
        ]
        candidates.sort(key=lambda c: -c[1])
        active = candidates[:beam_width]
    scored = [(seq, s / ((5.0 + len(seq)) / 6.0) ** alpha) for seq, s in active]
    best = max(scored, key=lambda c: c[1])
    return np.array(best[0]), float(best[1])

"""Mutant: at each step extends only the best active hypothesis (its top tokens fill the
beam), so the other beams are never explored: a greedy search in disguise."""

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    t = logits_table - logits_table.max(axis=1, keepdims=True)
    log_probs = t - np.log(np.exp(t).sum(axis=1, keepdims=True))
    active, finished = [([], 0.0)], []
    for _ in range(max_len):
        if not active:
            break
        room = beam_width - len(finished)
        seq, s = active[0]
        candidates = [
            ([*seq, v], s + log_probs[seq[-1] if seq else start_token, v])
            for v in range(log_probs.shape[0])
        ]
        candidates.sort(key=lambda c: -c[1])
        active = []
        for cand, score in candidates[:room]:
            (finished if cand[-1] == end_token else active).append((cand, score))
    finished += active
    scored = [(seq, s / ((5.0 + len(seq)) / 6.0) ** alpha) for seq, s in finished]
    best = max(scored, key=lambda c: c[1])
    return np.array(best[0]), float(best[1])

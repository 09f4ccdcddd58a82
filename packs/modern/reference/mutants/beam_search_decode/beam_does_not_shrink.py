"""Mutant: refills the beam to beam_width active hypotheses at every step instead of giving up
one place per finished hypothesis, so the search keeps going and collects extra finished
hypotheses that the task's beam never considers."""

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    t = logits_table - logits_table.max(axis=1, keepdims=True)
    log_probs = t - np.log(np.exp(t).sum(axis=1, keepdims=True))
    active, finished = [([], 0.0)], []
    for _ in range(max_len):
        if not active:
            break
        candidates = [
            ([*seq, v], s + log_probs[seq[-1] if seq else start_token, v])
            for seq, s in active
            for v in range(log_probs.shape[0])
        ]
        candidates.sort(key=lambda c: -c[1])
        active = []
        for seq, s in candidates[:beam_width]:
            (finished if seq[-1] == end_token else active).append((seq, s))
    finished += active
    scored = [(seq, s / ((5.0 + len(seq)) / 6.0) ** alpha) for seq, s in finished]
    best = max(scored, key=lambda c: c[1])
    return np.array(best[0]), float(best[1])

"""Mutant: adds up the raw logits as if they were log-probabilities (no log_softmax), so a row
with larger logits looks more likely whatever its softmax says."""

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    log_probs = np.asarray(logits_table, dtype=np.float64)
    active, finished = [([], 0.0)], []
    for _ in range(max_len):
        if not active:
            break
        room = beam_width - len(finished)
        candidates = [
            ([*seq, v], s + log_probs[seq[-1] if seq else start_token, v])
            for seq, s in active
            for v in range(log_probs.shape[0])
        ]
        candidates.sort(key=lambda c: -c[1])
        active = []
        for seq, s in candidates[:room]:
            (finished if seq[-1] == end_token else active).append((seq, s))
    finished += active
    scored = [(seq, s / ((5.0 + len(seq)) / 6.0) ** alpha) for seq, s in finished]
    best = max(scored, key=lambda c: c[1])
    return np.array(best[0]), float(best[1])

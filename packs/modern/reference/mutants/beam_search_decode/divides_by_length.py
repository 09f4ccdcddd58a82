"""Mutant: normalises by the length itself, log P / |Y| ** alpha (Hugging Face's
`length_penalty` convention), instead of the GNMT penalty ((5 + |Y|) / 6) ** alpha."""

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    t = logits_table - logits_table.max(axis=1, keepdims=True)
    log_probs = t - np.log(np.exp(t).sum(axis=1, keepdims=True))
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
    scored = [(seq, s / len(seq) ** alpha) for seq, s in finished]
    best = max(scored, key=lambda c: c[1])
    return np.array(best[0]), float(best[1])

"""Alternative solution: tuples and heapq.nlargest (stable for equal keys: earlier items first),
with the log-softmax written out by hand."""

import heapq
import math

import numpy as np


def beam_search_decode(logits_table, start_token, end_token, beam_width, max_len, alpha):
    table = logits_table.tolist()
    log_probs = []
    for row in table:
        top = max(row)
        lse = top + math.log(sum(math.exp(x - top) for x in row))
        log_probs.append([x - lse for x in row])
    beams = [((), 0.0)]
    done = []
    for _ in range(max_len):
        if not beams:
            break
        cands = [
            ((*seq, v), lp + log_probs[seq[-1] if seq else start_token][v])
            for seq, lp in beams
            for v in range(len(table))
        ]
        best = heapq.nlargest(beam_width - len(done), cands, key=lambda c: c[1])
        done.extend(c for c in best if c[0][-1] == end_token)
        beams = [c for c in best if c[0][-1] != end_token]
    done.extend(beams)
    seq, score = max(
        ((seq, lp / ((5 + len(seq)) / 6) ** alpha) for seq, lp in done), key=lambda c: c[1]
    )
    return np.array(seq, dtype=np.int64), score

"""Mutant: picks the token with argsort(...)[-1], which breaks ties towards the highest index."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    tokens = []
    current = start_token
    while len(tokens) < max_len:
        current = int(np.argsort(logits_table[current], kind="stable")[-1])
        tokens.append(current)
        if current == end_token:
            break
    return np.array(tokens, dtype=np.int64)

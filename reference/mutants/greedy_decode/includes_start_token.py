"""Mutant: puts the start token at the front of the output."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    tokens = [start_token]
    current = start_token
    while len(tokens) - 1 < max_len:
        current = int(np.argmax(logits_table[current]))
        tokens.append(current)
        if current == end_token:
            break
    return np.array(tokens, dtype=np.int64)

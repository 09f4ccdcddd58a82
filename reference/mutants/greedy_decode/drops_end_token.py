"""Mutant: stops at the end token but leaves it out of the output."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    tokens = []
    current = start_token
    while len(tokens) < max_len:
        current = int(np.argmax(logits_table[current]))
        if current == end_token:
            break
        tokens.append(current)
    return np.array(tokens, dtype=np.int64)

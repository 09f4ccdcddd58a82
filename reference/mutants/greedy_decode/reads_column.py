"""Mutant: takes the next-token logits from column `current` instead of row `current`."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    tokens = []
    current = start_token
    while len(tokens) < max_len:
        current = int(np.argmax(logits_table[:, current]))
        tokens.append(current)
        if current == end_token:
            break
    return np.array(tokens, dtype=np.int64)

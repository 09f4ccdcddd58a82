"""Mutant: right token ids, but in a float array (filled into np.zeros, which is float64)."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    out = np.zeros(max_len)
    count = 0
    current = start_token
    while count < max_len:
        current = int(np.argmax(logits_table[current]))
        out[count] = current
        count += 1
        if current == end_token:
            break
    return out[:count]

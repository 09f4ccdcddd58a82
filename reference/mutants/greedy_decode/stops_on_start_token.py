"""Mutant: tests the current token against end_token before each step, so a start token equal
to the end token stops decoding before anything is generated."""

import numpy as np


def greedy_decode(logits_table, start_token, end_token, max_len):
    tokens = []
    current = start_token
    while current != end_token and len(tokens) < max_len:
        current = int(np.argmax(logits_table[current]))
        tokens.append(current)
    return np.array(tokens, dtype=np.int64)

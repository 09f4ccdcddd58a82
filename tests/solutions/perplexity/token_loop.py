"""Alternative solution: one token at a time, with math.log and a stable log-sum-exp."""

import math

import numpy as np


def perplexity(logits, targets, ignore_index):
    batch, length, _ = logits.shape
    total_nll, total_count = 0.0, 0
    per_sequence = np.empty(batch)
    for b in range(batch):
        nll, count = 0.0, 0
        for i in range(length - 1):
            target = int(targets[b, i + 1])  # logits[b, i] predicts the next token
            if target == ignore_index:
                continue
            row = logits[b, i]
            top = float(row.max())
            log_sum_exp = top + math.log(float(np.exp(row - top).sum()))
            nll += log_sum_exp - float(row[target])
            count += 1
        if count == 0:
            raise ValueError(f"sequence {b} has no token to score")
        per_sequence[b] = math.exp(nll / count)
        total_nll, total_count = total_nll + nll, total_count + count
    return per_sequence, math.exp(total_nll / total_count)

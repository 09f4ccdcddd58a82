"""Alternative solution: one sample at a time, with math.log / math.exp."""

import math


def cross_entropy(logits, targets):
    total = 0.0
    for row, target in zip(logits, targets, strict=True):
        row = [float(v) for v in row]
        top = max(row)
        log_sum_exp = top + math.log(sum(math.exp(v - top) for v in row))
        total += log_sum_exp - row[int(target)]
    return total / len(logits)

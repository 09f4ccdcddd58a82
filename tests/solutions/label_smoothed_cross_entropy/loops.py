"""Alternative solution: plain Python loops over the rows, with math.log and a max-shift."""

import math


def label_smoothed_cross_entropy(logits, targets, epsilon, ignore_index=-100):
    if not (0.0 <= epsilon <= 1.0):
        raise ValueError("epsilon out of range")
    total, count = 0.0, 0
    for row, target in zip(logits.tolist(), targets.tolist(), strict=True):
        if target == ignore_index:
            continue
        top = max(row)
        log_norm = top + math.log(sum(math.exp(v - top) for v in row))
        log_probs = [v - log_norm for v in row]
        k = len(row)
        total += -(1.0 - epsilon) * log_probs[target] - epsilon * sum(log_probs) / k
        count += 1
    if count == 0:
        raise ValueError("every target is ignored")
    return total / count

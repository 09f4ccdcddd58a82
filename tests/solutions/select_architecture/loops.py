"""Alternative solution: plain Python, the statistics spelled out, and a (parameters, index) key
for the simplest configuration."""

import math


def select_architecture(param_counts, fold_losses):
    rows = [list(map(float, row)) for row in fold_losses]
    if len(rows[0]) < 2:
        raise ValueError("the standard error needs at least two folds")
    if len(param_counts) != len(rows):
        raise ValueError("one parameter count per configuration")
    k = len(rows[0])
    means = [sum(row) / k for row in rows]
    best = min(range(len(rows)), key=lambda c: (means[c], c))
    variance = sum((x - means[best]) ** 2 for x in rows[best]) / (k - 1)
    threshold = means[best] + math.sqrt(variance / k)
    inside = [c for c in range(len(rows)) if means[c] <= threshold]
    chosen = min(inside, key=lambda c: (int(param_counts[c]), c))
    return chosen, threshold

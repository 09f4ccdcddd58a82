"""Alternative solution: one sample at a time with math, branching on the sign of the logit."""

import math


def binary_cross_entropy_with_logits(logits, targets):
    total = 0.0
    for z, y in zip(logits, targets, strict=True):
        z, y = float(z), float(y)
        # log(1 + e^z), written as z + log(1 + e^-z) when z >= 0 so the exponent stays <= 0
        softplus = z + math.log1p(math.exp(-z)) if z >= 0 else math.log1p(math.exp(z))
        total += softplus - z * y  # -[y log s(z) + (1 - y) log(1 - s(z))]
    return total / len(logits)

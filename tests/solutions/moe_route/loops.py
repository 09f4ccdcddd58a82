"""Alternative solution: token by token, selecting the maximum k times with a strict > (which
keeps the lower expert index among equal logits), softmax written with math.exp."""

import math

import numpy as np


def moe_route(x, W_gate, k):
    num_tokens, num_experts = x.shape[0], W_gate.shape[1]
    if not (1 <= k <= num_experts):
        raise ValueError("k must be between 1 and the number of experts")
    indices = np.zeros((num_tokens, k), dtype=np.int64)
    gates = np.zeros((num_tokens, k))
    top1_count = [0] * num_experts
    probability_sum = [0.0] * num_experts
    for t in range(num_tokens):
        logits = [float(np.dot(x[t], W_gate[:, e])) for e in range(num_experts)]
        chosen = []
        for _ in range(k):
            best = None
            for e in range(num_experts):
                if e not in chosen and (best is None or logits[e] > logits[best]):
                    best = e
            chosen.append(best)
        top = max(logits)
        weights = [math.exp(logits[e] - top) for e in chosen]
        indices[t] = chosen
        gates[t] = [w / sum(weights) for w in weights]
        top1_count[chosen[0]] += 1
        total = sum(math.exp(z - top) for z in logits)
        for e in range(num_experts):
            probability_sum[e] += math.exp(logits[e] - top) / total
    loss = num_experts * sum(
        (top1_count[e] / num_tokens) * (probability_sum[e] / num_tokens) for e in range(num_experts)
    )
    return indices, gates, loss

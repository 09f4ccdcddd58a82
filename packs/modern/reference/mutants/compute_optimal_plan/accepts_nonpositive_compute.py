"""Mutant: no check of the budget: a zero or negative compute gives NaN or zero sizes
instead of a ValueError."""

import numpy as np


def compute_optimal_plan(
    compute, n_layer, d_model, seq_len, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28
):
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    n_opt = G * np.float64(compute / 6.0) ** (beta / (alpha + beta))
    d_opt = np.float64(compute) / (6.0 * n_opt)
    params = 12 * n_layer * d_model**2
    flops_per_token = 6.0 * params + 12.0 * n_layer * d_model * seq_len
    tokens = np.float64(compute) / flops_per_token
    return {
        "n_opt": n_opt,
        "d_opt": d_opt,
        "loss_opt": E + A / n_opt**alpha + B / d_opt**beta,
        "params": params,
        "flops_per_token": flops_per_token,
        "tokens": tokens,
        "loss": E + A / params**alpha + B / tokens**beta,
    }

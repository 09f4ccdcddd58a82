"""Alternative solution: the optimality condition alpha A N^-alpha = beta B D^-beta solved in log
space, with D = C / (6N) substituted."""

import math


def compute_optimal_plan(
    compute, n_layer, d_model, seq_len, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28
):
    if compute <= 0:
        raise ValueError("the compute budget must be positive")
    log_budget = math.log(compute / 6)  # log(N D)
    log_n = (math.log(alpha * A) - math.log(beta * B) + beta * log_budget) / (alpha + beta)
    n_opt, d_opt = math.exp(log_n), math.exp(log_budget - log_n)

    def fit(n, d):
        return E + A * n**-alpha + B * d**-beta

    params = 12 * n_layer * d_model * d_model
    attention = 12 * n_layer * d_model * seq_len  # QK^T and AV, forward and backward
    flops_per_token = 6 * params + attention
    tokens = compute / flops_per_token
    return {
        "n_opt": n_opt,
        "d_opt": d_opt,
        "loss_opt": fit(n_opt, d_opt),
        "params": params,
        "flops_per_token": float(flops_per_token),
        "tokens": tokens,
        "loss": fit(params, tokens),
    }

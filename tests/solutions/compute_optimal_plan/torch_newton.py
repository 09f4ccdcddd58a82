"""Alternative solution: PyTorch autograd and Newton's method on the loss along the budget curve,
in u = log N (where the loss is convex), instead of the closed form."""

import torch


def compute_optimal_plan(
    compute, n_layer, d_model, seq_len, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28
):
    if compute <= 0:
        raise ValueError("compute must be positive")
    budget = torch.tensor(compute / 6, dtype=torch.float64)  # N * D on the budget

    def fit(n, d):
        return E + A / n**alpha + B / d**beta

    u = torch.log(budget) / 2  # start at N = D
    for _ in range(100):
        u = u.detach().requires_grad_()
        loss = fit(u.exp(), budget / u.exp())
        (g,) = torch.autograd.grad(loss, u, create_graph=True)
        (h,) = torch.autograd.grad(g, u)
        step = torch.clamp(g / h, -2.0, 2.0)  # damped: the slope is exponential in u
        u = u - step
        if abs(step.item()) < 1e-15:
            break
    n_opt = u.detach().exp()
    d_opt = budget / n_opt
    params = 12 * n_layer * d_model**2
    flops_per_token = torch.tensor(
        6.0 * params + 12.0 * n_layer * d_model * seq_len, dtype=torch.float64
    )
    tokens = compute / flops_per_token
    return {
        "n_opt": n_opt,
        "d_opt": d_opt,
        "loss_opt": fit(n_opt, d_opt),
        "params": params,
        "flops_per_token": flops_per_token,
        "tokens": tokens,
        "loss": fit(torch.tensor(float(params), dtype=torch.float64), tokens),
    }

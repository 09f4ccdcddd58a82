"""Reference for `compute_optimal_plan`: the compute-optimal model size and token count of a
Chinchilla-style loss fit L(N, D) = E + A / N^alpha + B / D^beta under C = 6 N D (Hoffmann et
al., 2022), and the training FLOPs per token, token budget and predicted loss of a given
transformer shape (6N plus the attention matmuls, 12 n_layer d_model seq_len)."""

from __future__ import annotations

import math

import numpy as np

from quizprep.grading.cases import Case

CHINCHILLA = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
"""Hoffmann et al. (2022), eq. 10 (Approach 3), as rounded in the paper's body."""
EPOCH_REFIT = {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}
"""Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt"."""


def reference(compute, n_layer, d_model, seq_len, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    """Closed-form optimum of the fit under C = 6 N D, then the given shape's plan."""
    if not compute > 0:
        raise ValueError(f"compute must be positive, got {compute}")
    G = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    n_opt = G * (compute / 6.0) ** (beta / (alpha + beta))
    d_opt = (compute / 6.0) / n_opt  # = G^-1 (C/6)^(alpha / (alpha + beta))
    params = 12 * n_layer * d_model**2
    flops_per_token = 6.0 * params + 12.0 * n_layer * d_model * seq_len
    tokens = compute / flops_per_token
    return {
        "n_opt": n_opt,
        "d_opt": d_opt,
        "loss_opt": E + A / n_opt**alpha + B / d_opt**beta,
        "params": params,
        "flops_per_token": flops_per_token,
        "tokens": tokens,
        "loss": E + A / params**alpha + B / tokens**beta,
    }


def _flops_per_token_counted(n_layer: int, d_model: int, seq_len: int) -> tuple[int, float]:
    """One transformer layer (QKV, scores, weighted values, output projection, a 4x MLP; no
    biases) on meta tensors: its parameters, and the FLOPs torch's FlopCounterMode counts for a
    forward and a backward pass over seq_len tokens, per token, times n_layer."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    d, t = d_model, seq_len
    x = torch.empty(1, t, d, device="meta", requires_grad=True)  # the layer below needs dx
    weights = [
        torch.empty(d, 3 * d, device="meta", requires_grad=True),
        torch.empty(d, d, device="meta", requires_grad=True),
        torch.empty(d, 4 * d, device="meta", requires_grad=True),
        torch.empty(4 * d, d, device="meta", requires_grad=True),
    ]
    w_qkv, w_out, w_up, w_down = weights
    with FlopCounterMode(display=False) as counter:
        q, k, v = (x @ w_qkv).split(d, dim=-1)
        scores = (q @ k.transpose(-1, -2) / math.sqrt(d)).softmax(dim=-1)
        h = x + (scores @ v) @ w_out
        out = h + torch.relu(h @ w_up) @ w_down
        out.backward(torch.empty_like(out))
    params = sum(w.numel() for w in weights) * n_layer
    return params, counter.get_total_flops() * n_layer / t


def oracle(compute, n_layer, d_model, seq_len, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    """The optimum by bisection on the derivative (from autograd) of the loss along the budget
    curve, u = log N, D = C / (6 e^u); the FLOPs counted by torch on an actual layer."""
    import torch

    if not compute > 0:
        raise ValueError("compute must be positive")
    c6 = torch.tensor(compute / 6.0, dtype=torch.float64)

    def loss(n, d):
        return E + A / n**alpha + B / d**beta

    def slope(u: float) -> float:
        u_t = torch.tensor(u, dtype=torch.float64, requires_grad=True)
        (grad,) = torch.autograd.grad(loss(u_t.exp(), c6 / u_t.exp()), u_t)
        return grad.item()

    low, high = -5.0, math.log(compute) + 5.0  # the loss is convex in u, the slope increasing
    for _ in range(64):  # the bracket is < 70 wide: 64 halvings reach float64 resolution
        mid = (low + high) / 2
        low, high = (mid, high) if slope(mid) < 0 else (low, mid)
    n_opt = math.exp((low + high) / 2)
    d_opt = compute / 6.0 / n_opt
    params, flops_per_token = _flops_per_token_counted(n_layer, d_model, seq_len)
    tokens = compute / flops_per_token
    return {
        "n_opt": n_opt,
        "d_opt": d_opt,
        "loss_opt": float(
            loss(torch.tensor(n_opt, dtype=torch.float64), torch.tensor(d_opt, dtype=torch.float64))
        ),
        "params": int(params),
        "flops_per_token": float(flops_per_token),
        "tokens": tokens,
        "loss": float(
            loss(
                torch.tensor(float(params), dtype=torch.float64),
                torch.tensor(tokens, dtype=torch.float64),
            )
        ),
    }


def _case(name, compute, n_layer, d_model, seq_len, law=None, raises=None) -> Case:
    return Case(name, (compute, n_layer, d_model, seq_len), dict(law or {}), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: alpha = beta (N = D = sqrt(C/6) when A = B), Chinchilla's budget and shape,
    the Epoch refit, a long context where attention dominates, and non-positive budgets."""
    symmetric = {"E": 2.0, "A": 400.0, "B": 400.0, "alpha": 0.3, "beta": 0.3}
    return [
        _case("alpha = beta and A = B: N = D = sqrt(C / 6)", 6e20, 1, 64, 64, symmetric),
        _case(
            "Chinchilla's budget (5.76e23) with the published fit, an 80 x 8192 model",
            5.76e23,
            80,
            8192,
            2048,
        ),
        _case(
            "a GPT-2-small shape (12 x 768, context 1024) on 1e20 FLOPs",
            1e20,
            12,
            768,
            1024,
        ),
        _case(
            "the Epoch AI refit at 1e24 FLOPs: about 20 tokens per parameter",
            1e24,
            32,
            4096,
            4096,
            EPOCH_REFIT,
        ),
        _case(
            "a 32k context on a narrow model: the attention term is most of the FLOPs",
            3e21,
            4,
            256,
            32768,
        ),
        _case("a budget of 0 FLOPs: raise ValueError", 0.0, 12, 768, 1024, raises="ValueError"),
        _case("a negative budget: raise ValueError", -1e21, 12, 768, 1024, raises="ValueError"),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A log-uniform budget, a plausible transformer shape, and the published fit, the Epoch
    refit or a perturbed fit (alpha != beta, so swapped exponents show)."""
    compute = float(10 ** rng.uniform(18, 25))
    n_layer = int(rng.integers(2, 97))
    d_model = 64 * int(rng.integers(4, 129))
    seq_len = int(2 ** rng.integers(9, 16))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        law, label = {}, "the published fit"
    elif kind == 1:
        law, label = dict(EPOCH_REFIT), "the Epoch refit"
    else:
        alpha, beta = (float(v) for v in rng.uniform(0.25, 0.45, size=2))
        law = {
            "E": float(rng.uniform(1.5, 2.0)),
            "A": float(rng.uniform(200, 800)),
            "B": float(rng.uniform(200, 2500)),
            "alpha": alpha,
            "beta": beta if abs(beta - alpha) > 0.02 else alpha + 0.05,
        }
        label = f"alpha={law['alpha']:.3f}, beta={law['beta']:.3f}"
    return _case(
        f"random #{index}: C={compute:.3g}, {n_layer} x {d_model}, context {seq_len}, {label}",
        compute,
        n_layer,
        d_model,
        seq_len,
        law,
    )

"""Reference for `linear_backward`: the gradients of a linear layer y = x W^T + b."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chain rule for y[n, m] = sum_d x[n, d] W[m, d] + b[m], given G = dL/dy of shape (N, M)."""
    dx = grad_out @ W  # (N, M) @ (M, D): each input gets every output's gradient, weighted
    dW = grad_out.T @ x  # (M, N) @ (N, D): summed over the batch
    db = grad_out.sum(axis=0)  # the bias is added to every sample, so its gradient is summed
    return dx, dW, db


def oracle(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """torch autograd through torch.nn.functional.linear, seeded with grad_out."""
    import torch
    import torch.nn.functional as F

    x_t, W_t, b_t = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    F.linear(x_t, W_t, b_t).backward(torch.from_numpy(grad_out))
    return x_t.grad.numpy(), W_t.grad.numpy(), b_t.grad.numpy()


def _case(name: str, rng: np.random.Generator, n: int, d: int, m: int, **given: object) -> Case:
    arrays = {
        "x": rng.normal(size=(n, d)),
        "W": rng.normal(size=(m, d)),
        "b": rng.normal(size=m),
        "grad_out": rng.normal(size=(n, m)),
    }
    arrays |= {key: np.array(value, dtype=np.float64) for key, value in given.items()}
    return Case(name, (arrays["x"], arrays["W"], arrays["b"], arrays["grad_out"]))


def edge_cases() -> list[Case]:
    """Fixed cases: non-square and square weights, a batch of one, the bias gradient's sum."""
    rng = np.random.default_rng(13)
    return [
        _case(
            "small integers you can check by hand",
            rng,
            2,
            2,
            1,
            x=[[1.0, 2.0], [3.0, 4.0]],
            W=[[0.5, -1.0]],
            b=[0.25],
            grad_out=[[1.0], [-2.0]],
        ),
        _case(
            "grad_out all ones over a batch of 6: db is 6 per unit (a sum, not a mean)",
            rng,
            6,
            2,
            3,
            grad_out=np.ones((6, 3)),
        ),
        _case(
            "zero upstream gradient: every gradient is 0", rng, 3, 4, 2, grad_out=np.zeros((3, 2))
        ),
        _case("batch of one (N=1)", rng, 1, 5, 3),
        _case("non-square layer D=3 -> M=2, batch of 4", rng, 4, 3, 2),
        _case(
            "square W (M = D = 3): a transposed dW has the right shape but wrong values",
            rng,
            5,
            3,
            3,
        ),
        _case("more outputs than inputs (D=2 -> M=7)", rng, 3, 2, 7),
        _case("square W (M = D = 4) with N = 4: every shape is the same", rng, 4, 4, 4),
        _case("one output unit (M=1), like a regression head", rng, 8, 6, 1),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random batch size, input and output widths."""
    n, d, m = (int(v) for v in rng.integers(1, 13, size=3))
    return _case(f"random layer #{index}: N={n}, D={d}, M={m}", rng, n, d, m)

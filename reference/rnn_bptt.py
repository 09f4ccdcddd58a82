"""Reference for `rnn_bptt`: the loss and every gradient of a vanilla tanh RNN, by BPTT.

h_t = tanh(U h_{t-1} + W x_t + b)        t = 1..T, starting from h0
o_t = V h_t + c
loss = sum_t cross_entropy(o_t, y_t)    (softmax, then minus the log-probability of y_t)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.grading.cases import Case


def reference(
    xs: np.ndarray,
    ys: np.ndarray,
    h0: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    V: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
) -> dict[str, Any]:
    """Forward through all T steps, then backward from t = T down to 1, summing the
    gradients of the shared weights over time."""
    T = xs.shape[0]
    hs = [h0]
    probs = []
    loss = 0.0
    for t in range(T):
        hs.append(np.tanh(U @ hs[-1] + W @ xs[t] + b))
        logits = V @ hs[-1] + c
        shifted = logits - logits.max()
        log_probs = shifted - np.log(np.exp(shifted).sum())
        loss -= log_probs[ys[t]]
        probs.append(np.exp(log_probs))

    dU, dW, dV = np.zeros_like(U), np.zeros_like(W), np.zeros_like(V)
    db, dc = np.zeros_like(b), np.zeros_like(c)
    dh_next = np.zeros_like(h0)  # dL/dh_t arriving from step t+1 through U
    for t in reversed(range(T)):
        h, h_prev = hs[t + 1], hs[t]
        do = probs[t].copy()
        do[ys[t]] -= 1.0  # d cross_entropy / d logits = softmax - one_hot
        dV += np.outer(do, h)
        dc += do
        dh = V.T @ do + dh_next
        da = (1.0 - h * h) * dh  # through tanh
        dU += np.outer(da, h_prev)
        dW += np.outer(da, xs[t])
        db += da
        dh_next = U.T @ da
    return {"loss": float(loss), "dU": dU, "dW": dW, "dV": dV, "db": db, "dc": dc, "dh0": dh_next}


def oracle(
    xs: np.ndarray,
    ys: np.ndarray,
    h0: np.ndarray,
    U: np.ndarray,
    W: np.ndarray,
    V: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
) -> dict[str, Any]:
    """The same graph built in PyTorch (float64); autograd does the backward pass."""
    import torch
    import torch.nn.functional as F

    def leaf(array: np.ndarray) -> torch.Tensor:
        return torch.tensor(array, dtype=torch.float64, requires_grad=True)

    tU, tW, tV, tb, tc, th0 = (leaf(a) for a in (U, W, V, b, c, h0))
    inputs = torch.tensor(xs, dtype=torch.float64)
    h = th0
    logits = []
    for t in range(inputs.shape[0]):
        h = torch.tanh(tU @ h + tW @ inputs[t] + tb)
        logits.append(tV @ h + tc)
    targets = torch.tensor(ys, dtype=torch.int64)
    loss = F.cross_entropy(torch.stack(logits), targets, reduction="sum")
    loss.backward()

    def grad(tensor: torch.Tensor) -> np.ndarray:
        assert tensor.grad is not None
        return tensor.grad.numpy().copy()

    return {
        "loss": float(loss.item()),
        "dU": grad(tU),
        "dW": grad(tW),
        "dV": grad(tV),
        "db": grad(tb),
        "dc": grad(tc),
        "dh0": grad(th0),
    }


def _case(
    name: str,
    rng: np.random.Generator,
    T: int,
    D: int,
    H: int,
    K: int,
    scale: float = 0.5,
    recurrent_scale: float | None = None,
    ys: np.ndarray | None = None,
) -> Case:
    """Gaussian inputs and weights; `scale` for W, V, biases and h0, `recurrent_scale` for U."""
    u_scale = scale if recurrent_scale is None else recurrent_scale
    xs = rng.normal(size=(T, D))
    targets = rng.integers(0, K, size=T).astype(np.int64) if ys is None else ys
    h0 = rng.uniform(-0.5, 0.5, size=H)
    U = rng.normal(scale=u_scale / np.sqrt(H), size=(H, H))
    W = rng.normal(scale=scale / np.sqrt(D), size=(H, D))
    V = rng.normal(scale=scale, size=(K, H))
    b = rng.normal(scale=scale, size=H)
    c = rng.normal(scale=scale, size=K)
    return Case(name, (xs, targets, h0, U, W, V, b, c))


def edge_cases() -> list[Case]:
    """Fixed cases: each isolates one part of the backward pass."""
    rng = np.random.default_rng(47)
    cases = [
        _case("a single time step (T=1): no gradient flows back through time yet", rng, 1, 3, 4, 3),
        _case(
            "hidden size different from input size (H=5, D=3, K=4): catches transposed matrices",
            rng,
            6,
            3,
            5,
            4,
            scale=1.0,
        ),
        _case("two classes (K=2), T=4", rng, 4, 2, 3, 2, scale=1.0),
        _case(
            "long sequence (T=30), small recurrent matrix: the pull of distant steps vanishes",
            rng,
            30,
            3,
            4,
            3,
            scale=0.8,
            recurrent_scale=0.3,
        ),
        _case(
            "large weights (T=8): tanh saturates, so 1 - h^2 is nearly 0 for many units",
            rng,
            8,
            3,
            4,
            3,
            scale=4.0,
        ),
        _case(
            "the same target at every step (y_t = 1 for all t)",
            rng,
            7,
            3,
            4,
            3,
            scale=1.0,
            ys=np.ones(7, dtype=np.int64),
        ),
    ]

    T, D, H, K = 5, 3, 4, 3
    xs = rng.normal(size=(T, D))
    ys = np.array([0, 2, 1, 2, 0], dtype=np.int64)
    h0 = rng.uniform(-0.5, 0.5, size=H)
    zeros_hh, zeros_hd, zeros_kh = np.zeros((H, H)), np.zeros((H, D)), np.zeros((K, H))
    cases.append(
        Case(
            "all weights and biases zero: uniform predictions, loss = T log K, only dc is non-zero",
            (xs, ys, h0, zeros_hh, zeros_hd, zeros_kh, np.zeros(H), np.zeros(K)),
        )
    )
    V = rng.normal(size=(K, H))
    b = rng.normal(size=H)
    c = rng.normal(size=K)
    cases.append(
        Case(
            "U = W = 0 (every h_t = tanh(b)), yet dU and dW are not zero",
            (xs, ys, h0, zeros_hh, zeros_hd, V, b, c),
        )
    )
    U = rng.normal(scale=0.5, size=(H, H))
    W = rng.normal(scale=0.5, size=(H, D))
    large_c = np.array([900.0, 0.0, -900.0])
    cases.append(
        Case(
            "logits near +-900 (c = [900, 0, -900]): exp overflows unless the softmax subtracts "
            "the max; the loss is about 2700",
            (xs[:3], np.array([0, 1, 2], dtype=np.int64), h0, U, W, V, b, large_c),
        )
    )
    # the simplest, most diagnostic cases first (zero weights, a single step or head)
    order = (0, 6, 7, 2, 5, 1, 3, 4, 8)
    assert sorted(order) == list(range(len(cases)))
    return [cases[i] for i in order]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random sizes (T up to 12, D and H up to 6, K up to 5) and moderate weights."""
    T = int(rng.integers(2, 13))
    D = int(rng.integers(1, 7))
    H = int(rng.integers(1, 7))
    K = int(rng.integers(2, 6))
    scale = float(rng.uniform(0.3, 1.5))
    return _case(f"random #{index}: T={T}, D={D}, H={H}, K={K}", rng, T, D, H, K, scale=scale)

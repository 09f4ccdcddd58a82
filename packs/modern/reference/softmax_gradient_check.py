"""Reference for `softmax_gradient_check`: check a candidate gradient of a softmax-regression
loss against central finite differences, with the relative error |a - n| / max(|a|, |n|)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _loss(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy of the logits X @ W, with the log-sum-exp trick."""
    logits = X @ W
    top = logits.max(axis=1, keepdims=True)
    log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return float(np.mean(log_norm - logits[np.arange(len(y)), y]))


def reference(W, X, y, analytic, eps=1e-5, threshold=1e-6):
    """Loss at W, the central-difference gradient, the elementwise relative error of the
    candidate `analytic`, and whether its largest relative error is at most `threshold`."""
    if analytic.shape != W.shape:
        raise ValueError(f"analytic has shape {analytic.shape}, W has {W.shape}")
    numeric = np.zeros_like(W, dtype=np.float64)
    point = W.astype(np.float64)  # a copy: W itself never changes
    for index in np.ndindex(W.shape):
        saved = point[index]
        point[index] = saved + eps
        plus = _loss(point, X, y)
        point[index] = saved - eps
        minus = _loss(point, X, y)
        point[index] = saved  # restore the saved value, not saved + eps - eps
        numeric[index] = (plus - minus) / (2 * eps)
    a, n = np.abs(analytic), np.abs(numeric)
    scale = np.maximum(a, n)
    rel_error = np.zeros_like(numeric)
    nonzero = scale > 0
    rel_error[nonzero] = np.abs(analytic - numeric)[nonzero] / scale[nonzero]
    return {
        "loss": _loss(W, X, y),
        "numeric": numeric,
        "rel_error": rel_error,
        "passed": bool(rel_error.max() <= threshold),
    }


def oracle(W, X, y, analytic, eps=1e-5, threshold=1e-6):
    """PyTorch: F.cross_entropy on every perturbed copy of W at once (a batch of 2 * D * K
    weight matrices), then the same relative error with torch ops."""
    import torch
    import torch.nn.functional as F

    W_t, X_t, y_t = (torch.as_tensor(v) for v in (W, X, y))
    a = torch.as_tensor(analytic, dtype=torch.float64)
    if a.shape != W_t.shape:
        raise ValueError("shape mismatch")
    count = W_t.numel()
    basis = torch.eye(count, dtype=torch.float64).reshape(count, *W_t.shape)
    points = torch.cat([W_t + eps * basis, W_t - eps * basis])  # (2 * D * K, D, K)
    logits = torch.einsum("nd,bdk->bnk", X_t, points)
    batch = points.shape[0]
    losses = F.cross_entropy(
        logits.reshape(-1, W_t.shape[1]), y_t.repeat(batch), reduction="none"
    ).reshape(batch, -1)
    losses = losses.mean(dim=1)
    numeric = ((losses[:count] - losses[count:]) / (2 * eps)).reshape(W_t.shape)
    scale = torch.maximum(a.abs(), numeric.abs())
    rel_error = torch.where(scale > 0, (a - numeric).abs() / scale.clamp_min(1e-300), 0.0)
    return {
        "loss": F.cross_entropy(X_t @ W_t, y_t).item(),
        "numeric": numeric.numpy(),
        "rel_error": rel_error.numpy(),
        "passed": bool(rel_error.max() <= threshold),
    }


def true_gradient(W: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dW = X^T (softmax(X W) - onehot(y)) / N: the correct analytic gradient."""
    logits = X @ W
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1.0
    return X.T @ p / len(y)


def _case(name, W, X, y, analytic, eps, threshold, raises=None) -> Case:
    arrays = (np.array(W, dtype=np.float64), np.array(X, dtype=np.float64))
    labels = np.array(y, dtype=np.int64)
    candidate = np.array(analytic, dtype=np.float64)
    return Case(name, (*arrays, labels, candidate, eps, threshold), raises=raises)


def edge_cases() -> list[Case]:
    """Fixed cases: W = 0 (loss log K), known bugs in the candidate, a dead feature, large eps,
    huge logits, one wrong entry, and a candidate of the wrong shape."""
    rng = np.random.default_rng(29)
    X = rng.normal(size=(6, 3))
    y = np.array([0, 1, 2, 3, 1, 0])
    W = rng.normal(scale=0.5, size=(3, 4))
    good = true_gradient(W, X, y)

    X0 = np.array([[1.0, 0.0], [2.0, 0.0], [-3.0, 0.0]])  # feature 1 is always 0
    y0 = np.array([0, 1, 1])
    W0 = np.zeros((2, 2))

    Xb = np.array([[20.0, -20.0], [-20.0, 20.0]])  # every sample confidently wrong
    yb = np.array([1, 0])
    Wb = np.array([[20.0, 0.0], [0.0, 20.0]])  # logits of +-800: exp overflows

    one_wrong = good.copy()
    one_wrong[1, 2] *= 1.1
    return [
        _case(
            "W = 0: uniform softmax, loss = log K; candidate all zeros vs a dead feature (0/0)",
            W0,
            X0,
            y0,
            np.zeros((2, 2)),
            1e-5,
            1e-6,
        ),
        _case(
            "W = 0, K = 4, correct candidate: loss = log 4, passes",
            np.zeros((3, 4)),
            X,
            y,
            true_gradient(np.zeros((3, 4)), X, y),
            1e-5,
            1e-6,
        ),
        _case(
            "a correct candidate with a dead feature (gradient exactly 0 in both): passes",
            W0 + 0.3,
            X0,
            y0,
            true_gradient(W0 + 0.3, X0, y0),
            1e-5,
            1e-6,
        ),
        _case(
            "a correct candidate, eps = 1e-3: central differences still pass, one-sided do not",
            W,
            X,
            y,
            good,
            1e-3,
            1e-5,
        ),
        _case(
            "the candidate forgot the 1/N (summed over the batch): relative error 1 - 1/N",
            W,
            X,
            y,
            good * len(y),
            1e-5,
            1e-6,
        ),
        _case(
            "the candidate's sign is flipped: relative error 2 everywhere",
            W,
            X,
            y,
            -good,
            1e-5,
            1e-6,
        ),
        _case(
            "one entry of the candidate is 10% off: the max relative error fails it",
            W,
            X,
            y,
            one_wrong,
            1e-5,
            2e-2,
        ),
        _case(
            "logits of +-800 (exp overflows), correct candidate: needs a stable loss",
            Wb,
            Xb,
            yb,
            true_gradient(Wb, Xb, yb),
            1e-5,
            1e-6,
        ),
        _case(
            "a candidate of shape (K,) broadcasts silently: raise ValueError",
            W,
            X,
            y,
            good[0],
            1e-5,
            1e-6,
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random softmax regression whose true gradient has no entry near 0 (so the relative
    error of a correct candidate is far from any threshold), and a candidate that is correct
    or has one of the classic bugs."""
    while True:
        n, d, k = int(rng.integers(2, 13)), int(rng.integers(1, 6)), int(rng.integers(2, 6))
        X = rng.normal(size=(n, d))
        W = rng.normal(scale=float(rng.choice([0.01, 0.3, 1.0])), size=(d, k))
        y = rng.integers(0, k, size=n)
        good = true_gradient(W, X, y)
        if np.abs(good).min() > 2e-3:
            break
    bug = ["correct", "correct", "sum_over_batch", "sign", "no_onehot", "one_entry", "zeros"][
        int(rng.integers(0, 7))
    ]
    if bug == "correct":
        candidate = good
    elif bug == "sum_over_batch":
        candidate = good * n
    elif bug == "sign":
        candidate = -good
    elif bug == "no_onehot":  # forgot to subtract the one-hot labels: X^T softmax / N
        candidate = good + X.T @ np.eye(k)[y] / n
    elif bug == "one_entry":
        candidate = good.copy()
        candidate[int(rng.integers(0, d)), int(rng.integers(0, k))] *= 1.5
    else:
        candidate = np.zeros_like(good)
    eps = float(rng.choice([1e-6, 1e-5]))
    threshold = float(rng.choice([1e-6, 1e-5]))
    return _case(
        f"random #{index}: N={n}, D={d}, K={k}, candidate {bug.replace('_', ' ')}, eps={eps:g}",
        W,
        X,
        y,
        candidate,
        eps,
        threshold,
    )

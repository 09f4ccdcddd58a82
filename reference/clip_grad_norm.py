"""Reference for `clip_grad_norm`: clipping by the global norm, as torch.nn.utils.clip_grad_norm_.

total_norm = || (||g_1||_p, ..., ||g_k||_p) ||_p      (every gradient flattened, one long vector)
coef       = min(1, max_norm / (total_norm + 1e-6))   (scales down only, never up)
clipped_i  = coef * g_i
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case

EPS = 1e-6  # the constant PyTorch adds to the norm in the denominator


def _norm(values: np.ndarray, norm_type: float) -> float:
    """The p-norm of an array seen as one flat vector (max |v| for p = inf)."""
    flat = np.abs(np.ravel(values))
    if flat.size == 0:
        return 0.0
    if np.isinf(norm_type):
        return float(flat.max())
    return float(np.sum(flat**norm_type) ** (1.0 / norm_type))


def reference(
    grads: tuple[np.ndarray, ...] | list[np.ndarray], max_norm: float, norm_type: float = 2.0
) -> tuple[list[np.ndarray], float]:
    """Norm of the per-gradient norms (the same as the norm of everything concatenated), then
    one common factor min(1, max_norm / (total_norm + 1e-6)) for every gradient."""
    norm_type = float(norm_type)
    total_norm = _norm(np.array([_norm(g, norm_type) for g in grads]), norm_type)
    clip_coef = min(1.0, max_norm / (total_norm + EPS))
    return [np.asarray(g) * clip_coef for g in grads], total_norm


def oracle(
    grads: tuple[np.ndarray, ...] | list[np.ndarray], max_norm: float, norm_type: float = 2.0
) -> tuple[list[np.ndarray], float]:
    """torch.nn.utils.clip_grad_norm_ on parameters whose .grad are the given arrays."""
    import torch

    params = []
    for g in grads:
        param = torch.zeros(np.shape(g), dtype=torch.float64, requires_grad=True)
        param.grad = torch.tensor(g, dtype=torch.float64)
        params.append(param)
    total_norm = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    assert params[0].grad is not None
    return [p.grad.numpy() for p in params if p.grad is not None], float(total_norm)


def _grads(*values: list[float] | list[list[float]]) -> tuple[np.ndarray, ...]:
    return tuple(np.array(v, dtype=np.float64) for v in values)


def edge_cases() -> list[Case]:
    """Fixed cases, the simplest first: zeros, one value, clip or not, the eps, the global norm,
    2-D and 3-D gradients, other norm types."""
    return [
        Case(
            "all gradients zero: total norm 0, nothing to scale",
            (_grads([0.0, 0.0], [[0.0]]), 1.0),
        ),
        Case(
            "one gradient holding a single value (norm 3, max_norm 0.5)",
            (_grads([-3.0]), 0.5),
        ),
        Case(
            "norms 5 and 12 (total 13 > max_norm 1): every gradient is scaled by 1/13",
            (_grads([3.0, 4.0], [12.0]), 1.0),
        ),
        Case(
            "total norm 0.5 < max_norm 1: nothing changes (clipping never scales up)",
            (_grads([0.3, -0.4], [0.0, 0.0]), 1.0),
        ),
        Case(
            "tiny gradients (norm 2e-6, max_norm 1e-6): the 1e-6 added to the norm matters",
            (_grads([2e-6, 0.0], [0.0]), 1e-6),
        ),
        Case(
            "several gradients, each under max_norm but together over it: clip by the total",
            (_grads([0.6, 0.0], [0.0, -0.6], [0.6], [[0.0, 0.6]]), 1.0),
        ),
        Case(
            "2-D gradients: the norm is over all entries (Frobenius), not a matrix norm",
            (_grads([[1.0, 2.0], [2.0, 4.0]], [[0.5, -1.0, 0.0], [2.0, 0.0, -3.0]]), 1.0),
        ),
        Case(
            "a 3-D gradient (a 2x2x2 kernel) and a 1-D one: flatten before taking the norm",
            (_grads([[[1.0, -1.0], [2.0, 0.0]], [[0.0, 3.0], [-1.0, 1.0]]], [2.0, -2.0]), 2.0),
        ),
        Case(
            "norm_type=inf: the total norm is the largest |g| of all, here 8",
            (_grads([[1.0, -8.0], [2.0, 3.0]], [5.0, -7.0]), 2.0, np.inf),
        ),
        Case(
            "norm_type=1: the total norm is the sum of all |g|, here 10",
            (_grads([1.0, -2.0], [[3.0], [-4.0]]), 5.0, 1.0),
        ),
        Case(
            "norm_type=3: the total norm is (sum of |g|^3)^(1/3), here 3",
            (_grads([2.0, -2.0, 1.0], [[2.0, -1.0], [1.0, 0.0]]), 1.0, 3.0),
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A few gradients of random shapes and scales; max_norm below or above their norm."""
    count = int(rng.integers(1, 5))
    scale = float(10.0 ** rng.uniform(-2, 2))
    shapes = [
        tuple(int(s) for s in rng.integers(1, 5, size=rng.integers(1, 4))) for _ in range(count)
    ]
    grads = tuple(rng.normal(scale=scale, size=shape) for shape in shapes)
    norm_type = float(rng.choice([1.0, 2.0, 2.0, 3.0, np.inf]))
    total = reference(grads, 1.0, norm_type)[1]
    max_norm = float(total * rng.choice([0.1, 0.5, 2.0]))
    return Case(
        f"random #{index}: {count} gradient(s), norm_type={norm_type:g}, max_norm={max_norm:.3g}",
        (grads, max_norm, norm_type),
    )

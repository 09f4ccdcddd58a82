"""Reference for `momentum_step`: one update of SGD with momentum exactly as torch.optim.SGD
computes it, buffer initialisation on the first step included.

    first step (no buffer yet):  buf = grad                      (no dampening applied)
    later steps:                 buf = momentum * buf + (1 - dampening) * grad
    step direction:              d = grad + momentum * buf  if nesterov  else  buf
    update:                      param_new = param - lr * d
"""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check_settings(momentum: float, dampening: float, nesterov: bool) -> None:
    if momentum <= 0:
        raise ValueError(f"momentum must be > 0, got {momentum}")
    if nesterov and dampening != 0:
        raise ValueError("Nesterov momentum requires zero dampening")


def reference(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray | None,
    lr: float,
    momentum: float,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """One step; `velocity` is the momentum buffer before it (None on the first step)."""
    _check_settings(momentum, dampening, nesterov)
    first_step = velocity is None  # torch: buf = clone(grad), no (1 - dampening) factor
    velocity_new = grad.copy() if first_step else momentum * velocity + (1 - dampening) * grad
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new


def oracle(
    param: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray | None,
    lr: float,
    momentum: float,
    dampening: float = 0.0,
    nesterov: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """torch.optim.SGD.step() with its momentum buffer set to `velocity` (none: first step)."""
    import torch

    if momentum <= 0:  # torch accepts momentum = 0 (plain SGD, no buffer); this exercise does not
        raise ValueError(f"momentum must be > 0, got {momentum}")
    p = torch.nn.Parameter(torch.tensor(param, dtype=torch.float64))
    optimizer = torch.optim.SGD(
        [p], lr=lr, momentum=momentum, dampening=dampening, nesterov=nesterov
    )  # raises ValueError for nesterov with dampening
    if velocity is not None:
        optimizer.state[p] = {"momentum_buffer": torch.tensor(velocity, dtype=torch.float64)}
    p.grad = torch.tensor(grad, dtype=torch.float64)
    optimizer.step()
    return p.detach().numpy(), optimizer.state[p]["momentum_buffer"].numpy()


def _a(values: list[float] | list[list[float]]) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def edge_cases() -> list[Case]:
    """Fixed cases: a zero gradient, the first step with and without dampening (the buffer
    starts as the gradient), running buffers, Nesterov on the first and a later step, a matrix,
    and the settings refused (each condition on a first and on a later step)."""
    return [
        Case(
            "zero gradient with a non-zero buffer: the parameter still moves (it coasts)",
            (_a([1.0, 1.0]), np.zeros(2), _a([0.5, -0.5]), 0.1, 0.9),
        ),
        Case(
            "first step (velocity None): the buffer starts as the gradient itself, not 0",
            (_a([1.0, -2.0, 0.5]), _a([0.3, -1.5, 2.0]), None, 0.1, 0.9),
        ),
        Case(
            "first step with dampening=0.5: torch does NOT dampen the first buffer (buf = grad)",
            (_a([1.0, -1.0]), _a([2.0, 4.0]), None, 0.1, 0.9),
            {"dampening": 0.5},
        ),
        Case(
            "later step, momentum 0.9: buf = 0.9*velocity + grad, then param - lr*buf",
            (_a([0.5, 1.5, -1.0]), _a([0.2, -0.4, 1.0]), _a([1.0, 2.0, -3.0]), 0.05, 0.9),
        ),
        Case(
            "later step with dampening=0.1: the gradient enters the buffer scaled by 1 - 0.1",
            (_a([1.0, 2.0]), _a([1.0, -2.0]), _a([0.5, 0.5]), 0.1, 0.8),
            {"dampening": 0.1},
        ),
        Case(
            "Nesterov on the first step: step = grad + momentum*buf = (1 + momentum)*grad",
            (_a([0.0, 1.0, -1.0]), _a([1.0, 0.5, -2.0]), None, 0.1, 0.9),
            {"nesterov": True},
        ),
        Case(
            "Nesterov on a later step: step = grad + momentum*buf_new (the updated buffer)",
            (_a([1.0, -1.0]), _a([0.5, 0.25]), _a([2.0, -1.0]), 0.01, 0.95),
            {"nesterov": True},
        ),
        Case(
            "a (2, 3) weight matrix with momentum 0.5: everything is element-wise",
            (
                _a([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]]),
                _a([[1.0, 0.5, -0.25], [-2.0, 0.0, 0.75]]),
                _a([[0.1, 0.0, 0.0], [-0.2, 0.1, 0.05]]),
                0.3,
                0.5,
            ),
        ),
        Case(
            "nesterov=True with dampening=0.1: torch.optim.SGD refuses it, raise ValueError",
            (_a([1.0]), _a([1.0]), None, 0.1, 0.9),
            {"dampening": 0.1, "nesterov": True},
            raises="ValueError",
        ),
        Case(
            "nesterov=True with dampening=0.5 on a later step (a buffer given): ValueError",
            (_a([1.0, 2.0]), _a([0.5, -1.0]), _a([0.25, 0.5]), 0.1, 0.9),
            {"dampening": 0.5, "nesterov": True},
            raises="ValueError",
        ),
        Case(
            "momentum=0: there is no buffer to keep, raise ValueError",
            (_a([1.0]), _a([1.0]), None, 0.1, 0.0),
            raises="ValueError",
        ),
        Case(
            "momentum=0 on a later step (a buffer given): still ValueError",
            (_a([1.0, -1.0]), _a([2.0, 0.5]), _a([1.0, 1.0]), 0.1, 0.0),
            raises="ValueError",
        ),
        Case(
            "momentum=-0.5 is below 0: raise ValueError",
            (_a([1.0]), _a([1.0]), _a([0.5]), 0.1, -0.5),
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """Random shapes and settings; about a third are first steps (velocity None)."""
    shape = (int(rng.integers(1, 9)),) if rng.random() < 0.6 else tuple(rng.integers(1, 5, size=2))
    param = rng.normal(size=shape)
    grad = rng.normal(size=shape)
    first = rng.random() < 0.35
    velocity = None if first else rng.normal(scale=2.0, size=shape)
    lr = float(rng.choice([1e-3, 1e-2, 0.1, 0.5]))
    momentum = float(rng.choice([0.5, 0.9, 0.95, 0.99]))
    nesterov = bool(rng.random() < 0.4)
    dampening = 0.0 if nesterov else float(rng.choice([0.0, 0.0, 0.1, 0.5]))
    return Case(
        f"random momentum step #{index} (shape={shape}, "
        f"{'first step' if first else 'running buffer'}, momentum={momentum}, "
        f"dampening={dampening}, nesterov={nesterov})",
        (param, grad, velocity, lr, momentum),
        {"dampening": dampening, "nesterov": nesterov},
    )

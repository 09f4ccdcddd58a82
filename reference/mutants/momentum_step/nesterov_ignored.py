"""Mutant: steps along the buffer even when nesterov=True (no look-ahead term)."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    velocity_new = (
        np.copy(grad) if velocity is None else momentum * velocity + (1 - dampening) * grad
    )
    return param - lr * velocity_new, velocity_new

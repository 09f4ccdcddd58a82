"""Mutant: accepts nesterov=True with a non-zero dampening, which torch.optim.SGD refuses."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0:
        raise ValueError("momentum must be positive")
    velocity_new = (
        np.copy(grad) if velocity is None else momentum * velocity + (1 - dampening) * grad
    )
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new

"""Mutant: refuses only a negative momentum; momentum = 0 runs as a momentum step."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum < 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    velocity_new = (
        np.copy(grad) if velocity is None else momentum * velocity + (1 - dampening) * grad
    )
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new

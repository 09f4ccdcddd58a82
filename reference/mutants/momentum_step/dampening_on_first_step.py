"""Mutant: treats a missing buffer as zeros, so the first buffer is (1 - dampening)*grad
instead of grad."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    if velocity is None:
        velocity = np.zeros_like(grad)
    velocity_new = momentum * velocity + (1 - dampening) * grad
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new

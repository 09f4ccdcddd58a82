"""Mutant: the exponential-moving-average form v = momentum*v + (1 - momentum)*grad, started
from 0 (as in some course notes), instead of PyTorch's sum buf = momentum*buf + grad."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    if velocity is None:
        velocity = np.zeros_like(grad)
    velocity_new = momentum * velocity + (1 - momentum) * grad
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new

"""Alternative solution: element by element, as the algorithm box reads."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0:
        raise ValueError("momentum must be > 0")
    if nesterov and dampening != 0:
        raise ValueError("Nesterov momentum requires zero dampening")
    param_new, velocity_new = np.empty_like(param), np.empty_like(param)
    for i in np.ndindex(param.shape):
        g = grad[i]
        b = g if velocity is None else momentum * velocity[i] + (1 - dampening) * g
        velocity_new[i] = b
        param_new[i] = param[i] - lr * (g + momentum * b if nesterov else b)
    return param_new, velocity_new

"""Mutant: right values, but the buffer is updated in the caller's velocity array
(velocity *= momentum; velocity += ...), as torch does with buf.mul_().add_()."""

import numpy as np


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    if velocity is None:
        velocity_new = np.copy(grad)
    else:
        velocity *= momentum
        velocity += (1 - dampening) * grad
        velocity_new = velocity
    direction = grad + momentum * velocity_new if nesterov else velocity_new
    return param - lr * direction, velocity_new

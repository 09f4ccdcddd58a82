"""Mutant: the Sutskever heavy-ball form v = momentum*v - lr*grad, param + v. The parameters
match while lr is constant, but the stored velocity has lr (and the sign) folded in."""


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0 or (nesterov and dampening != 0):
        raise ValueError("bad settings")
    if velocity is None:
        velocity_new = -lr * grad
    else:
        velocity_new = momentum * velocity - lr * (1 - dampening) * grad
    if nesterov:
        return param + momentum * velocity_new - lr * grad, velocity_new
    return param + velocity_new, velocity_new

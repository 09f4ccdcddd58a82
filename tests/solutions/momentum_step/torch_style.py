"""Alternative solution: PyTorch tensors in and out, with the in-place buffer ops of
torch.optim.SGD's single-tensor loop."""

import torch


def momentum_step(param, grad, velocity, lr, momentum, dampening=0.0, nesterov=False):
    if momentum <= 0:
        raise ValueError("momentum must be > 0")
    if nesterov and dampening != 0:
        raise ValueError("Nesterov momentum requires zero dampening")
    if velocity is None:
        buf = torch.clone(grad)
    else:
        buf = velocity.clone().mul_(momentum).add_(grad, alpha=1 - dampening)
    step = grad.add(buf, alpha=momentum) if nesterov else buf
    return param.add(step, alpha=-lr), buf

"""Alternative solution: PyTorch tensors in and out, written with in-place tensor ops as
torch.optim.Adam's single-tensor loop does."""

import torch


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    m_new = m.clone().lerp_(grad, 1 - beta1)
    v_new = v.clone().mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    step_size = lr / (1 - beta1**t)
    denom = (torch.sqrt(v_new) / (1 - beta2**t) ** 0.5).add_(eps)
    return param.addcdiv(m_new, denom, value=-step_size), m_new, v_new

"""Mutant: the right step, but m and v are updated in place (m *= beta1; m += ...) and returned,
so the caller's moments change."""

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    grad = grad + weight_decay * param
    m *= beta1
    m += (1 - beta1) * grad
    v *= beta2
    v += (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v

"""Mutant: the right step, but param is updated in place (param -= ...) and returned, so the
caller's parameter changes."""

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    grad = grad + weight_decay * param
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    param -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return param, m_new, v_new

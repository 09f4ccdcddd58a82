"""Mutant: the right step, but the weight decay is added to grad in place
(grad += weight_decay * param), which changes the caller's gradient."""

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    grad += weight_decay * param
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new

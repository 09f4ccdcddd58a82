"""Mutant: uses the raw moments m and v, without dividing by 1 - beta**t."""

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    grad = grad + weight_decay * param
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    return param - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new

"""Mutant: the paper's "epsilon hat" form (Keras): eps is added to sqrt(v) before the bias
correction, lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + eps)."""

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    grad = grad + weight_decay * param
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    step_size = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return param - step_size * m_new / (np.sqrt(v_new) + eps), m_new, v_new

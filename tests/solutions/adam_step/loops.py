"""Alternative solution: element by element with Python math, as the algorithm box reads."""

import math

import numpy as np


def adam_step(param, grad, m, v, t, lr, beta1, beta2, eps, weight_decay=0.0):
    param_new, m_new, v_new = (np.empty_like(param) for _ in range(3))
    for i in np.ndindex(param.shape):
        g = grad[i] + weight_decay * param[i]
        m_new[i] = beta1 * m[i] + (1 - beta1) * g
        v_new[i] = beta2 * v[i] + (1 - beta2) * g * g
        m_hat = m_new[i] / (1 - beta1**t)
        v_hat = v_new[i] / (1 - beta2**t)
        param_new[i] = param[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
    return param_new, m_new, v_new

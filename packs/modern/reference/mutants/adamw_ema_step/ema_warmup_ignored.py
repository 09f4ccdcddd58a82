"""Mutant: ignores ema_warmup and always uses ema_decay."""

import numpy as np


def adamw_ema_step(
    param,
    grad,
    m,
    v,
    ema,
    t,
    lr,
    weight_decay,
    ema_decay,
    beta1=0.9,
    beta2=0.999,
    eps=1e-8,
    ema_warmup=False,
):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    param_new = param * (1 - lr * weight_decay) - lr * m_hat / (np.sqrt(v_hat) + eps)
    decay = ema_decay
    return param_new, m_new, v_new, decay * ema + (1 - decay) * param_new

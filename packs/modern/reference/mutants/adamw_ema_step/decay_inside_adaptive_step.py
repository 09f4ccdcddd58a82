"""Mutant: the decay term is added to the update before the division by sqrt(v_hat) + eps, so
weights with a small gradient history are decayed enormously and the others hardly at all."""

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
    param_new = param - lr * (m_hat + weight_decay * param) / (np.sqrt(v_hat) + eps)
    decay = min(ema_decay, (1 + t) / (10 + t)) if ema_warmup else ema_decay
    return param_new, m_new, v_new, decay * ema + (1 - decay) * param_new

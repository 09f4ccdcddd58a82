"""Alternative solution: Loshchilov and Hutter's form, theta - lr * (adam_direction + wd * theta),
with the decay on the weights before the step, and the EMA written as ema + (1 - d)(new - ema)."""

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
    m_new = m + (1 - beta1) * (grad - m)
    v_new = v + (1 - beta2) * (grad * grad - v)
    direction = (m_new / (1 - beta1**t)) / (np.sqrt(v_new / (1 - beta2**t)) + eps)
    param_new = param - lr * (direction + weight_decay * param)
    decay = ema_decay
    if ema_warmup:
        decay = min(decay, (1 + t) / (10 + t))
    return param_new, m_new, v_new, ema + (1 - decay) * (param_new - ema)

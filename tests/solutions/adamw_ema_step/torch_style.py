"""Alternative solution: PyTorch tensor ops as torch.optim.AdamW's single-tensor loop writes
them (on clones, so the inputs are untouched), and the EMA as a lerp."""

import torch


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
    p = param.clone().mul_(1 - lr * weight_decay)
    m_new = m.clone().lerp_(grad, 1 - beta1)
    v_new = v.clone().mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    step_size = lr / (1 - beta1**t)
    denom = (v_new.sqrt() / (1 - beta2**t) ** 0.5).add_(eps)
    p.addcdiv_(m_new, denom, value=-step_size)
    decay = min(ema_decay, (1 + t) / (10 + t)) if ema_warmup else ema_decay
    return p, m_new, v_new, torch.lerp(ema, p, 1 - decay)

"""Mutant: leaves out the T^2 factor, so the soft term's gradients shrink like 1/T^2 and it
fades away as the temperature grows."""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    n, t = len(labels), temperature
    log_q, log_p = _log_softmax(student_logits / t), _log_softmax(teacher_logits / t)
    kl = (np.exp(log_p) * (log_p - log_q)).sum() / n
    hard = -_log_softmax(student_logits)[np.arange(n), labels].mean()
    return float(alpha * kl + (1 - alpha) * hard)

"""Mutant: no check of the temperature; T = 0 divides by zero (nan) and a negative T
flips the logits, where the task asks for a ValueError."""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    n, t = len(labels), temperature
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q, log_p = _log_softmax(student_logits / t), _log_softmax(teacher_logits / t)
        kl = (np.exp(log_p) * (log_p - log_q)).sum() / n
    hard = -_log_softmax(student_logits)[np.arange(n), labels].mean()
    return float(alpha * t**2 * kl + (1 - alpha) * hard)

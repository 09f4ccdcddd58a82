"""Mutant: softens only the student (student_logits / T); the teacher's softmax is taken at
T = 1, so the targets stay as sharp as the teacher's ordinary predictions."""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    n, t = len(labels), temperature
    log_q, log_p = _log_softmax(student_logits / t), _log_softmax(teacher_logits)
    kl = (np.exp(log_p) * (log_p - log_q)).sum() / n
    hard = -_log_softmax(student_logits)[np.arange(n), labels].mean()
    return float(alpha * t**2 * kl + (1 - alpha) * hard)

"""Alternative solution: PyTorch tensors; F.kl_div on log-probabilities (log_target=True) with
reduction="batchmean", and F.cross_entropy for the hard labels."""

import torch.nn.functional as F


def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    soft = F.kl_div(
        F.log_softmax(student_logits / temperature, dim=-1),
        F.log_softmax(teacher_logits / temperature, dim=-1),
        reduction="batchmean",
        log_target=True,
    )
    hard = F.cross_entropy(student_logits, labels)
    return alpha * temperature**2 * soft + (1 - alpha) * hard

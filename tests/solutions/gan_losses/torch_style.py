"""Alternative solution: PyTorch, through log sigmoid (F.logsigmoid is stable for any logit)."""

import torch.nn.functional as F


def gan_losses(d_real_logits, d_fake_logits):
    # log(1 - sigmoid(z)) = log sigmoid(-z)
    d_loss = -F.logsigmoid(d_real_logits).mean() - F.logsigmoid(-d_fake_logits).mean()
    g_loss = -F.logsigmoid(d_fake_logits).mean()
    return d_loss.item(), g_loss.item()

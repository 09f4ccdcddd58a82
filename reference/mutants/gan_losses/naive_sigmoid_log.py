"""Mutant: sigmoid first, then log: log(0) = -inf for large logits."""

import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    d_real = 1 / (1 + np.exp(-d_real_logits))
    d_fake = 1 / (1 + np.exp(-d_fake_logits))
    d_loss = -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
    g_loss = -np.mean(np.log(d_fake))
    return float(d_loss), float(g_loss)

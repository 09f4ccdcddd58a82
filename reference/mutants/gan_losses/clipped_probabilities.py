"""Mutant: clips D's probabilities to [1e-7, 1 - 1e-7] before the log, capping every loss."""

import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    eps = 1e-7
    d_real = np.clip(1 / (1 + np.exp(-d_real_logits)), eps, 1 - eps)
    d_fake = np.clip(1 / (1 + np.exp(-d_fake_logits)), eps, 1 - eps)
    d_loss = -np.mean(np.log(d_real)) - np.mean(np.log(1 - d_fake))
    g_loss = -np.mean(np.log(d_fake))
    return float(d_loss), float(g_loss)

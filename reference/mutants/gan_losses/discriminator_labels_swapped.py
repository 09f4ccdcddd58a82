"""Mutant: the discriminator is trained with real = 0 and fake = 1."""

import numpy as np


def _softplus(z):
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.mean(_softplus(d_real_logits)) + np.mean(_softplus(-d_fake_logits))
    g_loss = np.mean(_softplus(-d_fake_logits))
    return float(d_loss), float(g_loss)

"""Mutant: the softplus form, but softplus(z) = log(1 + exp(z)) as written, which overflows to
inf for z above about 709."""

import numpy as np


def _softplus(z):
    return np.log1p(np.exp(z))


def gan_losses(d_real_logits, d_fake_logits):
    d_loss = np.mean(_softplus(-d_real_logits)) + np.mean(_softplus(d_fake_logits))
    g_loss = np.mean(_softplus(-d_fake_logits))
    return float(d_loss), float(g_loss)

"""Alternative solution: NumPy, with softplus(z) = log(e^0 + e^z) = logaddexp(0, z)."""

import numpy as np


def gan_losses(d_real_logits, d_fake_logits):
    real_is_real = np.logaddexp(0.0, -d_real_logits).mean()  # -log D(x)
    fake_is_fake = np.logaddexp(0.0, d_fake_logits).mean()  # -log(1 - D(G(z)))
    fake_is_real = np.logaddexp(0.0, -d_fake_logits).mean()  # -log D(G(z))
    return float(real_is_real + fake_is_fake), float(fake_is_real)

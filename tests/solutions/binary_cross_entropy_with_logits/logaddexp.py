"""Alternative solution: -log sigmoid(z) = log(1 + e^-z) = logaddexp(0, -z), for both classes."""

import numpy as np


def binary_cross_entropy_with_logits(logits, targets):
    minus_log_p = np.logaddexp(0.0, -logits)  # -log sigmoid(z)
    minus_log_not_p = np.logaddexp(0.0, logits)  # -log(1 - sigmoid(z)) = -log sigmoid(-z)
    return float(np.mean(targets * minus_log_p + (1 - targets) * minus_log_not_p))

"""Alternative solution: np.logaddexp.reduce for the log-sum-exp, a one-hot mask for targets."""

import numpy as np


def cross_entropy(logits, targets):
    log_sum_exp = np.logaddexp.reduce(logits, axis=1)
    one_hot = np.arange(logits.shape[1])[None, :] == targets[:, None]
    target_logits = np.where(one_hot, logits, 0.0).sum(axis=1)
    return np.mean(log_sum_exp - target_logits)

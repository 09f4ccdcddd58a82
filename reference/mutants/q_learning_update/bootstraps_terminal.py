"""Mutant: ignores `done`, bootstrapping from Q[s_next] after the episode has ended."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    Q_new = np.array(Q, copy=True)
    Q_new[s, a] += alpha * (r + gamma * np.max(Q[s_next]) - Q[s, a])
    return Q_new

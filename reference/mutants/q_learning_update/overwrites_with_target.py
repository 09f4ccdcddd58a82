"""Mutant: sets Q[s, a] to the target, ignoring the learning rate alpha."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    Q_new = np.array(Q, copy=True)
    Q_new[s, a] = r if done else r + gamma * np.max(Q[s_next])
    return Q_new

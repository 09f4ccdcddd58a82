"""Mutant: takes the max over the whole table instead of over the next state's row."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q)
    Q_new = np.array(Q, copy=True)
    Q_new[s, a] += alpha * (target - Q[s, a])
    return Q_new

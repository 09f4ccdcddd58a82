"""Mutant: bootstraps from Q[s_next, a] (the action just taken) instead of the max."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * Q[s_next, a]
    Q_new = np.array(Q, copy=True)
    Q_new[s, a] += alpha * (target - Q[s, a])
    return Q_new

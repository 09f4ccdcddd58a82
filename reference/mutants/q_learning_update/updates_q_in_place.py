"""Mutant: the right update, written into Q itself (Q[s, a] += ...) and Q returned, so the
caller's table changes too."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q[s_next])
    Q[s, a] += alpha * (target - Q[s, a])
    return Q

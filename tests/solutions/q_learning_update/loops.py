"""Alternative solution: plain Python, a nested-list copy and an explicit max."""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    rows = [[float(q) for q in row] for row in Q]
    best_next = rows[s_next][0]
    for q in rows[s_next][1:]:
        if q > best_next:
            best_next = q
    target = r if done else r + gamma * best_next
    rows[s][a] = rows[s][a] + alpha * (target - rows[s][a])
    return np.array(rows)

"""Alternative solution: one transition at a time in plain Python; a strict > keeps the lowest
index among tied online values."""

import numpy as np


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    if np.shape(next_q_online) != np.shape(next_q_target):
        raise ValueError("next_q_online and next_q_target must have the same shape")
    targets = []
    for r, q_online, q_target, done in zip(
        rewards, next_q_online, next_q_target, dones, strict=True
    ):
        if done:
            targets.append(float(r))
            continue
        if double:
            best = 0
            for a in range(1, len(q_online)):
                if q_online[a] > q_online[best]:
                    best = a
            value = q_target[best]
        else:
            value = max(q_target)
        targets.append(float(r + gamma * value))
    return np.array(targets)

"""Mutant: ignores `dones`: it adds gamma * Q(s', .) after a terminal state too."""

import numpy as np


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    if next_q_online.shape != next_q_target.shape:
        raise ValueError("online and target Q-values must have the same shape")
    rows = np.arange(len(rewards))
    if double:
        bootstrap = next_q_target[rows, np.argmax(next_q_online, axis=1)]
    else:
        bootstrap = next_q_target.max(axis=1)
    return rewards + gamma * bootstrap

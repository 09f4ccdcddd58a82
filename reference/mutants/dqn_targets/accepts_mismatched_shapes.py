"""Mutant: never compares the shapes of next_q_online and next_q_target."""

import numpy as np


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    rows = np.arange(len(rewards))
    if double:
        bootstrap = next_q_target[rows, np.argmax(next_q_online, axis=1)]
    else:
        bootstrap = next_q_target.max(axis=1)
    return rewards + gamma * np.where(dones, 0.0, 1.0) * bootstrap

"""Mutant: takes the max over the whole (N, A) array (no axis), so every transition
bootstraps from the best value in the batch."""

import numpy as np


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    if next_q_online.shape != next_q_target.shape:
        raise ValueError("online and target Q-values must have the same shape")
    rows = np.arange(len(rewards))
    if double:
        bootstrap = next_q_target[rows, np.argmax(next_q_online, axis=1)]
    else:
        bootstrap = next_q_target.max()
    return rewards + gamma * np.where(dones, 0.0, 1.0) * bootstrap

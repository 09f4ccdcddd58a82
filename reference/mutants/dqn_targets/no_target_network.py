"""Mutant: uses the online network's values everywhere (max of Q_online), as if there were
no target network."""

import numpy as np


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    if next_q_online.shape != next_q_target.shape:
        raise ValueError("online and target Q-values must have the same shape")
    bootstrap = next_q_online.max(axis=1)
    return rewards + gamma * np.where(dones, 0.0, 1.0) * bootstrap

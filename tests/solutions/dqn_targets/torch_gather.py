"""Alternative solution: PyTorch tensors, argmax + gather, and the mask as a float."""

import torch


def dqn_targets(rewards, next_q_online, next_q_target, dones, gamma, double):
    if next_q_online.shape != next_q_target.shape:
        raise ValueError("next_q_online and next_q_target must have the same shape")
    if double:
        best_actions = next_q_online.argmax(dim=1, keepdim=True)
        next_values = next_q_target.gather(1, best_actions).squeeze(1)
    else:
        next_values = next_q_target.max(dim=1).values
    # 1 - dones fails on a bool tensor; torch.where picks 0 or 1 per transition
    not_done = torch.where(dones, torch.zeros_like(rewards), torch.ones_like(rewards))
    return rewards + gamma * not_done * next_values

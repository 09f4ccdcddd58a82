"""Mutant: computes the loss as -log(1 / (1 + exp(-x))): exp overflows for large |x|, the
sigmoid rounds to 0 and the loss becomes inf."""

import numpy as np


def sgns_loss_and_grads(center, context, negatives, W_in, W_out):
    b = len(center)
    v, u_pos, u_neg = W_in[center], W_out[context], W_out[negatives]
    s_pos = (u_pos * v).sum(-1)
    s_neg = np.einsum("bkd,bd->bk", u_neg, v)
    with np.errstate(over="ignore", divide="ignore"):
        sig_pos = 1.0 / (1.0 + np.exp(-s_pos))
        sig_neg = 1.0 / (1.0 + np.exp(-s_neg))
        loss = (-np.log(sig_pos).sum() - np.log(1.0 - sig_neg).sum()) / b
    g_pos = (sig_pos - 1) / b
    g_neg = sig_neg / b
    d_in, d_out = np.zeros(W_in.shape), np.zeros(W_out.shape)
    np.add.at(d_in, center, g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg))
    np.add.at(d_out, context, g_pos[:, None] * v)
    np.add.at(d_out, negatives, g_neg[:, :, None] * v[:, None, :])
    return float(loss), d_in, d_out

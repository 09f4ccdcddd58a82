"""Mutant: sums the loss (and so the gradients) over the batch instead of averaging it."""

import numpy as np


def _sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def sgns_loss_and_grads(center, context, negatives, W_in, W_out):
    v, u_pos, u_neg = W_in[center], W_out[context], W_out[negatives]
    s_pos = (u_pos * v).sum(-1)
    s_neg = np.einsum("bkd,bd->bk", u_neg, v)
    loss = np.logaddexp(0, -s_pos).sum() + np.logaddexp(0, s_neg).sum()
    g_pos = _sigmoid(s_pos) - 1
    g_neg = _sigmoid(s_neg)
    d_in, d_out = np.zeros(W_in.shape), np.zeros(W_out.shape)
    np.add.at(d_in, center, g_pos[:, None] * u_pos + np.einsum("bk,bkd->bd", g_neg, u_neg))
    np.add.at(d_out, context, g_pos[:, None] * v)
    np.add.at(d_out, negatives, g_neg[:, :, None] * v[:, None, :])
    return float(loss), d_in, d_out

"""Alternative solution: PyTorch by hand (no autograd): F.logsigmoid for the loss, the
gradients written out and scattered with index_add_, which accumulates repeated rows."""

import torch
import torch.nn.functional as F


def sgns_loss_and_grads(center, context, negatives, W_in, W_out):
    batch, k = negatives.shape
    v = W_in[center]
    u_o, u_k = W_out[context], W_out[negatives]
    s_o = (u_o * v).sum(-1)
    s_k = torch.einsum("bkd,bd->bk", u_k, v)
    loss = -(F.logsigmoid(s_o).sum() + F.logsigmoid(-s_k).sum()) / batch
    g_o = (torch.sigmoid(s_o) - 1) / batch
    g_k = torch.sigmoid(s_k) / batch
    d_in = torch.zeros_like(W_in).index_add_(
        0, center, g_o[:, None] * u_o + (g_k[..., None] * u_k).sum(1)
    )
    d_out = torch.zeros_like(W_out).index_add_(0, context, g_o[:, None] * v)
    d_out.index_add_(
        0, negatives.reshape(-1), (g_k[..., None] * v[:, None, :]).reshape(batch * k, -1)
    )
    return loss.item(), d_in, d_out

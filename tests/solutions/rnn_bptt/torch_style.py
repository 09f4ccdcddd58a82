"""rnn_bptt for torch tensors: build the graph and let autograd do the backward pass."""

import torch
import torch.nn.functional as F


def rnn_bptt(xs, ys, h0, U, W, V, b, c):
    params = [p.detach().clone().requires_grad_(True) for p in (U, W, V, b, c, h0)]
    tU, tW, tV, tb, tc, th0 = params
    h = th0
    logits = []
    for t in range(xs.shape[0]):
        h = torch.tanh(tU @ h + tW @ xs[t] + tb)
        logits.append(tV @ h + tc)
    loss = F.cross_entropy(torch.stack(logits), ys, reduction="sum")
    dU, dW, dV, db, dc, dh0 = torch.autograd.grad(loss, params)
    return {"loss": loss.detach(), "dU": dU, "dW": dW, "dV": dV, "db": db, "dc": dc, "dh0": dh0}

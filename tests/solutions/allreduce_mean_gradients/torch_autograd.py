"""allreduce_mean_gradients with autograd: each "worker" backpropagates its own mean loss, then
the gradients are all-reduced with weights n_k / N."""

import torch


def allreduce_mean_gradients(X, y, w, shard_sizes):
    sizes = [int(n) for n in shard_sizes]
    if min(sizes) < 1 or sum(sizes) != X.shape[0]:
        raise ValueError(f"bad shard sizes {sizes} for a batch of {X.shape[0]}")
    grads = []
    for X_k, y_k in zip(X.split(sizes), y.split(sizes), strict=True):
        w_k = w.detach().clone().requires_grad_()  # each worker holds a replica of w
        ((X_k @ w_k - y_k) ** 2).mean().backward()
        grads.append(w_k.grad)
    grads = torch.stack(grads)
    weights = torch.tensor(sizes, dtype=grads.dtype, device=grads.device) / X.shape[0]
    return grads, weights @ grads

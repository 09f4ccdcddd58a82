"""Alternative solution: PyTorch, batches with tensor.split, loss from nn.MSELoss and autograd."""

import torch


def minibatch_sgd_epoch(X, y, w, lr, batch_size, order, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    weights = w.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([weights], lr=lr)
    path = [weights.detach().clone()]
    for batch in order.split(batch_size):
        if drop_last and len(batch) < batch_size:
            continue
        optimizer.zero_grad()
        torch.nn.MSELoss()(X[batch] @ weights, y[batch]).backward()
        optimizer.step()
        path.append(weights.detach().clone())
    return torch.stack(path)

"""Alternative solution: tensors in; autograd and torch.optim.SGD do the update."""

import torch


def fit_linear_regression_sgd(X, y, lr, batch_size, order):
    w = torch.zeros(X.shape[1], dtype=X.dtype, requires_grad=True)
    b = torch.zeros((), dtype=X.dtype, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for epoch_order in order:
        for batch in torch.split(epoch_order, batch_size):
            optimizer.zero_grad()
            loss = torch.mean((X[batch] @ w + b - y[batch]) ** 2)
            loss.backward()
            optimizer.step()
    return w.detach(), b.item()

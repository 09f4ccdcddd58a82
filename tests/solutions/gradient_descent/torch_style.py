"""Alternative solution: PyTorch, with the gradient from autograd and torch.optim.SGD."""

import torch


def gradient_descent(A, b, x0, lr, steps):
    x = x0.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([x], lr=lr)
    path = [x.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        (0.5 * x @ A @ x - b @ x).backward()
        optimizer.step()
        path.append(x.detach().clone())
    return torch.stack(path)

"""Alternative solution: PyTorch tensors in, tensors out (the grader hands torch users tensors)."""

import torch


def perceptron_step(w, b, x, y, lr):
    prediction = torch.where(w @ x + b >= 0, 1.0, 0.0).to(w.dtype)
    error = y - prediction
    return w + lr * error * x, b + lr * error

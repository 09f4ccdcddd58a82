"""Mutant: never checks the shapes, so NumPy broadcasts (N, 1) outputs against (N,) targets
into an (N, N) table of every output against every target."""

import numpy as np


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce(z, y):
    return np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))


def log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def head_and_loss(task, outputs, targets):
    z, y = outputs, targets
    if task not in ("binary", "multiclass", "multilabel", "regression", "count"):
        raise ValueError(f"unknown task {task}")
    if task in ("binary", "multilabel"):
        return sigmoid(z), float(bce(z, y).mean())
    if task == "multiclass":
        log_probs = log_softmax(z)
        return np.exp(log_probs), float(-log_probs[np.arange(len(y)), y].mean())
    if task == "regression":
        return z.copy(), float(np.mean((z - y) ** 2))
    return np.exp(z), float(np.mean(np.exp(z) - y * z))

"""Mutant: a softmax across the labels for multi-label targets, trained with cross-entropy
against the multi-hot vector, so the labels compete for one unit of probability."""

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
    if task == "multiclass":
        ok = z.ndim == 2 and y.shape == (z.shape[0],)
    elif task == "multilabel":
        ok = z.ndim == 2 and y.shape == z.shape
    elif task == "regression":
        ok = y.shape == z.shape
    else:
        ok = z.ndim == 1 and y.shape == z.shape
    if not ok:
        raise ValueError("shapes do not match")
    if task == "multilabel":
        log_probs = log_softmax(z)
        return np.exp(log_probs), float(-(y * log_probs).sum(axis=1).mean())
    if task in ("binary", "multilabel"):
        return sigmoid(z), float(bce(z, y).mean())
    if task == "multiclass":
        log_probs = log_softmax(z)
        return np.exp(log_probs), float(-log_probs[np.arange(len(y)), y].mean())
    if task == "regression":
        return z.copy(), float(np.mean((z - y) ** 2))
    return np.exp(z), float(np.mean(np.exp(z) - y * z))

"""Alternative solution: NumPy, one small function per head in a dict, np.logaddexp for the
stable log(1 + e^z) and log-sum-exp."""

import numpy as np


def _binary(z, y):
    # -log sigmoid(z) = logaddexp(0, -z), -log(1 - sigmoid(z)) = logaddexp(0, z)
    loss = y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)
    return np.exp(-np.logaddexp(0.0, -z)), loss.mean()


def _multiclass(z, y):
    log_probs = z - np.logaddexp.reduce(z, axis=1, keepdims=True)
    picked = np.take_along_axis(log_probs, y[:, None], axis=1)
    return np.exp(log_probs), -picked.mean()


def _regression(z, y):
    return np.array(z, dtype=float), np.square(z - y).mean()


def _count(z, y):
    return np.exp(z), (np.exp(z) - y * z).mean()


HEADS = {
    "binary": (_binary, 1),
    "multiclass": (_multiclass, 2),
    "multilabel": (_binary, 2),
    "regression": (_regression, None),
    "count": (_count, 1),
}


def head_and_loss(task, outputs, targets):
    if task not in HEADS:
        raise ValueError(f"unknown task {task!r}")
    head, ndim = HEADS[task]
    want = outputs.shape[:1] if task == "multiclass" else outputs.shape
    if (ndim is not None and outputs.ndim != ndim) or targets.shape != want:
        raise ValueError("outputs and targets do not match")
    predictions, loss = head(outputs, targets)
    return predictions, float(loss)

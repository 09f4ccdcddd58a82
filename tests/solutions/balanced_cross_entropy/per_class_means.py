"""Alternative solution: sums per class with np.bincount (what the weighted mean is made of),
and np.logaddexp.reduce for the log-sum-exp."""

import numpy as np


def balanced_cross_entropy(logits, labels, class_counts):
    n, num_classes = logits.shape
    if len(class_counts) != num_classes or class_counts.ndim != 1:
        raise ValueError("class_counts needs one entry per class")
    if np.any(np.asarray(class_counts)[labels] == 0):
        raise ValueError("a label of the batch has no training examples")
    counts = np.asarray(class_counts, dtype=float)
    weights = np.divide(
        counts.sum() / num_classes, counts, out=np.zeros(num_classes), where=counts > 0
    )
    per_sample = np.logaddexp.reduce(logits, axis=1) - logits[np.arange(n), labels]
    loss_per_class = np.bincount(labels, weights=per_sample, minlength=num_classes)
    batch_per_class = np.bincount(labels, minlength=num_classes)
    return weights, float((weights * loss_per_class).sum() / (weights * batch_per_class).sum())

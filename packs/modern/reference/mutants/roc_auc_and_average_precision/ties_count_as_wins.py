"""Mutant: a positive whose score equals a negative's counts as ranked above it (>= instead of
>, with no half credit), so ROC-AUC is too high whenever scores tie across the classes."""

import numpy as np


def roc_auc_and_average_precision(scores, labels):
    positive = labels == 1
    num_pos, num_neg = int(positive.sum()), int((~positive).sum())
    if num_pos == 0 or num_neg == 0:
        raise ValueError("need both classes")
    auc = np.mean(scores[positive][:, None] >= scores[~positive][None, :])
    order = np.argsort(-scores, kind="stable")
    s, hits = scores[order], positive[order]
    end = np.r_[s[1:] != s[:-1], True]
    tp, fp = np.cumsum(hits)[end], np.cumsum(~hits)[end]
    recall = np.r_[0.0, tp / num_pos]
    ap = np.sum(np.diff(recall) * tp / (tp + fp))
    return float(auc), float(ap)

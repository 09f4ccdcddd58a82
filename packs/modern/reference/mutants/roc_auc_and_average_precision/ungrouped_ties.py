"""Mutant: one threshold per sample instead of per distinct score: tied samples are counted
one at a time in their sorted order, so both metrics depend on how ties happen to be
ordered."""

import numpy as np


def roc_auc_and_average_precision(scores, labels):
    positive = labels == 1
    num_pos, num_neg = int(positive.sum()), int((~positive).sum())
    if num_pos == 0 or num_neg == 0:
        raise ValueError("need both classes")
    hits = positive[np.argsort(-scores, kind="stable")]
    tp, fp = np.cumsum(hits), np.cumsum(~hits)
    tpr, fpr = np.r_[0.0, tp / num_pos], np.r_[0.0, fp / num_neg]
    auc = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
    ap = np.sum(np.diff(tpr) * tp / (tp + fp))
    return float(auc), float(ap)

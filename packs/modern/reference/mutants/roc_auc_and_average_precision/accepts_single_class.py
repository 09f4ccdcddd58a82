"""Mutant: no check that both classes are present; with no negatives (or no positives) the
rates divide by zero and come back as NaN instead of a ValueError."""

import numpy as np


def roc_auc_and_average_precision(scores, labels):
    positive = labels == 1
    num_pos, num_neg = int(positive.sum()), int((~positive).sum())
    order = np.argsort(-scores, kind="stable")
    s, hits = scores[order], positive[order]
    end = np.r_[s[1:] != s[:-1], True]
    tp, fp = np.cumsum(hits)[end], np.cumsum(~hits)[end]
    with np.errstate(invalid="ignore", divide="ignore"):
        tpr = np.r_[0.0, tp / num_pos]
        fpr = np.r_[0.0, fp / num_neg]
        auc = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
        ap = np.sum(np.diff(tpr) * tp / (tp + fp))
    return float(auc), float(ap)

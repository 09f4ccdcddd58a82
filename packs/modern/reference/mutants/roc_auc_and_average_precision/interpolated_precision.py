"""Mutant: Pascal VOC-style interpolated AP: each precision is replaced by the highest
precision at any higher recall before the step sum, which inflates AP when precision rises
again further down the ranking."""

import numpy as np


def roc_auc_and_average_precision(scores, labels):
    positive = labels == 1
    num_pos, num_neg = int(positive.sum()), int((~positive).sum())
    if num_pos == 0 or num_neg == 0:
        raise ValueError("need both classes")
    order = np.argsort(-scores, kind="stable")
    s, hits = scores[order], positive[order]
    end = np.r_[s[1:] != s[:-1], True]
    tp, fp = np.cumsum(hits)[end], np.cumsum(~hits)[end]
    tpr, fpr = np.r_[0.0, tp / num_pos], np.r_[0.0, fp / num_neg]
    auc = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)
    precision = np.maximum.accumulate((tp / (tp + fp))[::-1])[::-1]
    ap = np.sum(np.diff(tpr) * precision)
    return float(auc), float(ap)

"""Alternative solution: ROC-AUC from the Mann-Whitney U statistic with average ranks for ties,
AP by walking the distinct scores from the highest down."""

import numpy as np


def roc_auc_and_average_precision(scores, labels):
    positive = np.asarray(labels) == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("both classes are needed")
    # Average ranks (1 = lowest score), tied scores sharing the mean of their ranks.
    ranks = np.empty(len(scores))
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    start = 0
    while start < len(scores):
        stop = start
        while stop + 1 < len(scores) and sorted_scores[stop + 1] == sorted_scores[start]:
            stop += 1
        ranks[order[start : stop + 1]] = (start + stop) / 2 + 1
        start = stop + 1
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    auc = u / (n_pos * n_neg)

    ap, tp, fp, previous_recall = 0.0, 0, 0, 0.0
    for threshold in sorted(set(scores.tolist()), reverse=True):
        at = scores == threshold
        tp += int((at & positive).sum())
        fp += int((at & ~positive).sum())
        recall = tp / n_pos
        ap += (recall - previous_recall) * tp / (tp + fp)
        previous_recall = recall
    return float(auc), float(ap)

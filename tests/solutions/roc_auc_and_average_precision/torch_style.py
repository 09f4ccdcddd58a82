"""Alternative solution in PyTorch: sort, cumulative counts, keep the last row of each run of
equal scores (torch.unique_consecutive), then the ROC trapezoid and the AP step sum."""

import torch


def roc_auc_and_average_precision(scores, labels):
    positive = labels == 1
    n_pos = int(positive.sum())
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("both classes are needed")
    sorted_scores, order = torch.sort(scores, descending=True, stable=True)
    hits = positive[order].double()
    tp, fp = torch.cumsum(hits, 0), torch.cumsum(1 - hits, 0)
    _, counts = torch.unique_consecutive(sorted_scores, return_counts=True)
    last = torch.cumsum(counts, 0) - 1
    tp, fp = tp[last], fp[last]
    zero = torch.zeros(1, dtype=torch.float64)
    tpr, fpr = torch.cat([zero, tp / n_pos]), torch.cat([zero, fp / n_neg])
    auc = torch.trapezoid(tpr, fpr)
    ap = ((tpr[1:] - tpr[:-1]) * tp / (tp + fp)).sum()
    return auc.item(), ap.item()

"""Alternative solution: PyTorch tensors; torch.std is Bessel-corrected (divides by k - 1) by
default, and a stable sort by parameter count keeps the listed order among equals."""

import torch


def select_architecture(param_counts, fold_losses):
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2 or param_counts.shape[0] != num_configs:
        raise ValueError("need >= 2 folds and one parameter count per configuration")
    means = fold_losses.mean(dim=1)
    standard_error = fold_losses.std(dim=1) / num_folds**0.5
    best = int(torch.argmin(means))
    threshold = means[best] + standard_error[best]
    order = torch.sort(param_counts, stable=True).indices
    for index in order.tolist():
        if means[index] <= threshold:
            return index, threshold.item()
    raise AssertionError("the best configuration is always inside its own band")

"""Reference for `select_architecture`: the one-standard-error rule over k-fold cross-validation
(Breiman et al., 1984; Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*,
section 7.10): among the configurations whose mean validation loss is within one standard error
of the best mean, take the simplest (fewest parameters)."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def _check(param_counts: np.ndarray, fold_losses: np.ndarray) -> None:
    num_configs, num_folds = fold_losses.shape
    if num_folds < 2:
        raise ValueError(f"need at least 2 folds for a standard error, got {num_folds}")
    if len(param_counts) != num_configs:
        raise ValueError(
            f"{len(param_counts)} parameter counts for {num_configs} rows of fold losses"
        )


def reference(param_counts: np.ndarray, fold_losses: np.ndarray) -> tuple[int, float]:
    """(index of the chosen configuration, the threshold best mean + its standard error)."""
    _check(param_counts, fold_losses)
    num_folds = fold_losses.shape[1]
    means = fold_losses.mean(axis=1)
    standard_errors = fold_losses.std(axis=1, ddof=1) / np.sqrt(num_folds)
    best = int(np.argmin(means))  # the first of equal means
    threshold = float(means[best] + standard_errors[best])
    within = np.flatnonzero(means <= threshold)  # in listed order; contains `best`
    fewest = within[np.argmin(param_counts[within])]  # first of equal counts
    return int(fewest), threshold


def oracle(param_counts: np.ndarray, fold_losses: np.ndarray) -> tuple[int, float]:
    """The same rule with torch: torch.std (Bessel-corrected by default), torch.argmin (the
    first minimal index), and a lexicographic choice by (parameters, index)."""
    import torch

    _check(param_counts, fold_losses)
    losses = torch.from_numpy(fold_losses)
    num_folds = losses.shape[1]
    means = losses.mean(dim=1)
    standard_errors = torch.std(losses, dim=1) / num_folds**0.5
    best = torch.argmin(means)
    threshold = means[best] + standard_errors[best]
    counts = torch.from_numpy(np.asarray(param_counts, dtype=np.int64))
    big = torch.iinfo(torch.int64).max
    eligible = torch.where(means <= threshold, counts, torch.full_like(counts, big))
    chosen = torch.nonzero(eligible == eligible.min())[0, 0]
    return int(chosen.item()), float(threshold.item())


def _case(
    name: str, params: list[int], losses: list[list[float]], raises: str | None = None
) -> Case:
    return Case(
        name,
        (np.array(params, dtype=np.int64), np.array(losses, dtype=np.float64)),
        raises=raises,
    )


# A best configuration whose five fold losses are 10 +- (3, 1, 0): mean 10, sample standard
# deviation sqrt(20 / 4) = sqrt(5), standard error sqrt(5) / sqrt(5) = 1 exactly, so the
# threshold is exactly 11 (the population std would give 2 / sqrt(5) = 0.894 instead).
BEST_FOLDS = [7.0, 9.0, 10.0, 11.0, 13.0]


def edge_cases() -> list[Case]:
    """Fixed cases: the band's edge, the standard error's ddof and sqrt(k), the order of the
    candidates, ties, and the two raises."""
    return [
        _case(
            "a single fold has no standard error: raise ValueError",
            [100, 200],
            [[0.5], [0.4]],
            raises="ValueError",
        ),
        _case(
            "three parameter counts for two configurations: raise ValueError",
            [100, 200, 300],
            [[0.5, 0.7], [0.4, 0.6]],
            raises="ValueError",
        ),
        _case(
            "identical fold losses (standard error 0): the band holds only equal means, "
            "the smaller of two tied configurations wins",
            [5000, 1000, 3000],
            [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.75, 0.75, 0.75]],
        ),
        _case(
            "a mean exactly one standard error above the best (11 = 10 + 1) is inside the band",
            [90000, 20000, 1000],
            [BEST_FOLDS, [10.5] * 5, [11.0] * 5],
        ),
        _case(
            "within the band, the fewest parameters, wherever the configuration is listed",
            [50000, 800, 200000, 3000, 12000],
            [
                [11.0, 10.5, 11.5, 11.0, 11.0],
                [14.0, 13.0, 15.0, 14.0, 14.0],
                BEST_FOLDS,
                [10.5, 10.5, 10.5, 10.5, 10.5],
                [10.0, 10.0, 10.0, 10.0, 10.0],
            ],
        ),
        _case(
            "ten times more parameters for a mean 0.2 lower, within one standard error: "
            "keep the small model",
            [10_000, 100_000, 1_000_000],
            [[10.2] * 5, BEST_FOLDS, [10.1, 10.3, 10.1, 10.3, 10.2]],
        ),
        _case(
            "the standard error divides the sample std by sqrt(k): a mean 2 above the best "
            "(below std = 2.24) is outside",
            [1000, 50000],
            [[12.0] * 5, BEST_FOLDS],
        ),
        _case(
            "a mean 0.95 above the best is inside with the sample std (ddof=1, SE = 1) but "
            "outside with the population std (SE = 0.894)",
            [4000, 64000],
            [[10.95] * 5, BEST_FOLDS],
        ),
        _case(
            "a noisy small model (mean 11.5, its own SE 2.1) is compared with the best's "
            "standard error, not its own",
            [500, 8000],
            [[5.5, 8.5, 11.5, 14.5, 17.5], BEST_FOLDS],
        ),
        _case(
            "two configurations tie for the best mean: the first listed sets the band "
            "(its SE is 0, the other's is 1)",
            [30000, 60000, 2000],
            [[10.0] * 5, BEST_FOLDS, [10.5] * 5],
        ),
        _case(
            "equal parameter counts inside the band: the first listed",
            [700, 64000, 700],
            [[10.5] * 4, [9.0, 11.0, 9.0, 11.0], [10.25] * 4],
        ),
        _case(
            "one configuration: it is chosen",
            [1234],
            [[0.25, 0.75]],
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A family of configurations whose loss falls with size and levels off, evaluated on k
    folds that shift every configuration alike plus noise; listed in no particular order."""
    num_configs, num_folds = int(rng.integers(2, 9)), int(rng.integers(2, 11))
    params = np.round(10 ** rng.uniform(3, 7, size=num_configs)).astype(np.int64)
    if index % 3 == 2:
        params[-1] = params[0]  # two configurations of the same size
    floor, drop = rng.uniform(0.1, 1.0), rng.uniform(0.05, 1.0)
    curve = floor + drop * (params / params.min()) ** -rng.uniform(0.2, 1.0)
    fold_shift = rng.normal(scale=0.05, size=num_folds)
    noise = rng.normal(scale=rng.uniform(0.01, 0.2), size=(num_configs, num_folds))
    losses = curve[:, None] + fold_shift[None, :] + noise
    return Case(
        f"random #{index}: {num_configs} configurations, {num_folds} folds",
        (params, losses),
    )

"""Reference for `iterations_per_epoch`: how many mini-batches (optimizer steps) make one epoch."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case


def reference(n: int, batch_size: int, drop_last: bool = False) -> int:
    """ceil(n / batch_size) batches, or floor(n / batch_size) when the short last one is dropped."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    full_batches, leftover = divmod(n, batch_size)
    return full_batches if drop_last or leftover == 0 else full_batches + 1


def oracle(n: int, batch_size: int, drop_last: bool = False) -> int:
    """The length of a torch DataLoader over n samples (it raises ValueError for batch_size < 1)."""
    from torch.utils.data import DataLoader

    return len(DataLoader(range(n), batch_size=batch_size, drop_last=drop_last))


def edge_cases() -> list[Case]:
    """Fixed cases: exact division, a short last batch kept or dropped, n < batch_size, n = 0."""
    return [
        Case("5000 samples, batch size 100: exactly 50 iterations", (5000, 100)),
        Case(
            "1050 samples, batch size 100: 10 full batches + a short one of 50 = 11",
            (1050, 100),
        ),
        Case(
            "1050 samples, batch size 100, drop_last=True: the short batch is dropped, 10",
            (1050, 100),
            {"drop_last": True},
        ),
        Case(
            "exact division with drop_last=True: nothing to drop, still 50",
            (5000, 100),
            {"drop_last": True},
        ),
        Case("n < batch_size: one (short) batch", (30, 64)),
        Case(
            "n < batch_size with drop_last=True: the only batch is short, so 0 iterations",
            (30, 64),
            {"drop_last": True},
        ),
        Case("batch_size = 1 (pure SGD): one iteration per sample", (37, 1)),
        Case("batch_size = n (full batch): one iteration", (128, 128)),
        Case("one sample more than a multiple: 101 samples at 25 -> 5", (101, 25)),
        Case("one sample less than a multiple: 99 samples at 25 -> 4", (99, 25)),
        Case("an empty data set: 0 iterations", (0, 32)),
        Case("batch_size = 0 is invalid: raise ValueError", (100, 0), raises="ValueError"),
        Case("a negative batch_size is invalid: raise ValueError", (100, -8), raises="ValueError"),
        Case(
            "batch_size = 0 with drop_last=True: raise ValueError too",
            (100, 0),
            {"drop_last": True},
            raises="ValueError",
        ),
        Case(
            "a negative batch_size with drop_last=True: raise ValueError too",
            (100, -8),
            {"drop_last": True},
            raises="ValueError",
        ),
    ]


def random_case(rng: np.random.Generator, index: int) -> Case:
    """A random data-set size and batch size; about a third divide exactly."""
    batch_size = int(rng.choice([1, 8, 16, 32, 50, 64, 100, 128, 256, 500]))
    if rng.random() < 0.33:
        n = batch_size * int(rng.integers(1, 200))
    else:
        n = int(rng.integers(1, 20000))
    drop_last = bool(rng.random() < 0.5)
    return Case(
        f"random #{index}: n={n}, batch_size={batch_size}, drop_last={drop_last}",
        (n, batch_size),
        {"drop_last": drop_last},
    )

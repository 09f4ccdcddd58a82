"""Checks of the iterations_per_epoch reference against torch's DataLoader."""

from __future__ import annotations

import itertools

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("iterations_per_epoch", "q20_epochs_batches_iterations.yaml")
REFERENCE = EX.reference


def test_the_worked_example() -> None:
    assert REFERENCE.reference(5000, 100) == 50
    assert 10 * REFERENCE.reference(5000, 100) == 500


def test_matches_the_data_loader_on_a_grid_of_small_sizes() -> None:
    from torch.utils.data import DataLoader

    for n, batch_size, drop_last in itertools.product(range(0, 40), range(1, 13), (False, True)):
        loader = DataLoader(range(n), batch_size=batch_size, drop_last=drop_last)
        result = REFERENCE.reference(n, batch_size, drop_last=drop_last)
        assert type(result) is int and result == len(loader), (n, batch_size, drop_last)


def test_every_sample_is_in_exactly_one_kept_batch() -> None:
    for n, batch_size in [(1050, 100), (99, 25), (30, 64)]:
        iterations = REFERENCE.reference(n, batch_size)
        assert (iterations - 1) * batch_size < n <= iterations * batch_size

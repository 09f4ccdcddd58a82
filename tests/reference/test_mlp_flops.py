"""Checks of the mlp_flops reference: the convention it shares with torch's FLOP counter."""

from __future__ import annotations

import itertools

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("mlp_flops", "q61_network_flops.yaml")
REFERENCE = EX.reference


def test_forward_is_twice_the_weight_count_per_sample() -> None:
    sizes = [784, 256, 128, 10]
    weights = sum(a * b for a, b in itertools.pairwise(sizes))
    assert REFERENCE.reference(sizes, batch=16) == 2 * 16 * weights


def test_training_is_just_under_three_times_forward() -> None:
    sizes, batch = [512, 512, 512, 512], 8
    forward = REFERENCE.reference(sizes, batch)
    training = REFERENCE.reference(sizes, batch, training=True)
    assert training == 3 * forward - 2 * batch * 512 * 512
    assert REFERENCE.reference([5, 3], 2, training=True) == 2 * REFERENCE.reference([5, 3], 2)


def test_torch_counter_ignores_the_bias() -> None:
    import torch
    from torch import nn
    from torch.utils.flop_counter import FlopCounterMode

    x = torch.zeros(4, 6)
    counts = []
    for bias in (True, False):
        with FlopCounterMode(display=False) as counter:
            nn.Linear(6, 3, bias=bias)(x)
        counts.append(counter.get_total_flops())
    assert counts == [REFERENCE.reference([6, 3], 4)] * 2


def test_results_are_python_ints() -> None:
    for case in REFERENCE.edge_cases():
        if case.raises is None:
            assert type(REFERENCE.reference(*case.args, **case.kwargs)) is int

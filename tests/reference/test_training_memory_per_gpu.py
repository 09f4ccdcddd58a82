"""Checks of the training_memory_per_gpu reference: the ZeRO paper's closed forms, 16 bytes per
parameter, padding, sharding over the data-parallel group only, and the GPipe bubble."""

from __future__ import annotations

import math

import pytest

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("training_memory_per_gpu", "q24_parallelism_zero.yaml", MODERN)
REFERENCE = EX.reference


@pytest.mark.parametrize(
    ("stage", "closed_form"),
    [
        (0, lambda psi, n: 16 * psi),
        (1, lambda psi, n: 4 * psi + 12 * psi / n),
        (2, lambda psi, n: 2 * psi + 14 * psi / n),
        (3, lambda psi, n: 16 * psi / n),
    ],
)
def test_zero_paper_closed_forms(stage, closed_form) -> None:
    for psi, n in [(7_500_000_000, 64), (1_024_000, 8), (4096, 16)]:
        result = REFERENCE.reference(psi, n, stage, 1, 1, 1)
        assert result["total"] == closed_form(psi, n)
        assert result["total"] == result["params"] + result["grads"] + result["optimizer"]


def test_zero_paper_table_in_gigabytes() -> None:
    totals = [REFERENCE.reference(7_500_000_000, 64, s, 1, 1, 1)["total"] / 1e9 for s in range(4)]
    assert [round(t, 1) for t in totals] == [120.0, 31.4, 16.6, 1.9]


def test_shards_are_padded_and_cover_every_parameter() -> None:
    for n, gpus in [(10, 4), (1001, 8), (7, 7), (5, 8)]:
        shard = REFERENCE.reference(n, gpus, 3, 1, 1, 1)["params"] // 2
        assert shard == math.ceil(n / gpus) and shard * gpus >= n


def test_zero_shards_over_the_data_parallel_group_only() -> None:
    three_d = REFERENCE.reference(8000, 16, 3, 2, 2, 4)  # data-parallel group of 4
    assert three_d["params"] == 2 * (8000 // 4 // 4)
    # With the whole model on one GPU per pipeline: ZeRO-3 over all 16 is the same total.
    assert REFERENCE.reference(8000, 16, 3, 1, 1, 1)["params"] == three_d["params"]
    # ZeRO-1 on a 3-D layout keeps the full slice's weights.
    assert REFERENCE.reference(8000, 16, 1, 2, 2, 4)["params"] == 2 * 2000


def test_bubble() -> None:
    assert REFERENCE.reference(100, 1, 0, 1, 1, 1)["bubble"] == 0.0
    assert REFERENCE.reference(100, 4, 0, 1, 4, 8)["bubble"] == pytest.approx(3 / 11)
    for p in range(2, 12):
        assert REFERENCE.reference(100, p, 0, 1, p, 4 * p)["bubble"] < 0.2


def test_integers_come_back_as_integers() -> None:
    result = REFERENCE.reference(175_000_000_123, 1024, 2, 8, 8, 16)
    assert all(isinstance(result[k], int) for k in ("params", "grads", "optimizer", "total"))
    assert isinstance(result["bubble"], float)

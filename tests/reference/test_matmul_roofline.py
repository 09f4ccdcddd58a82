"""Checks of the matmul_roofline reference: FLOPs as PyTorch counts them, a hand-worked case,
the geometry of the two roofs, and the cases' promises."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("matmul_roofline", "q11_gpu.yaml")
REFERENCE = EX.reference


def test_hand_worked_tiny_product() -> None:
    # (2, 3) @ (3, 4) in fp32: 2*2*4*3 = 48 FLOPs; 4 * (6 + 12 + 8) = 104 bytes.
    flops, moved, intensity, attainable, time, compute_bound = REFERENCE.reference(
        2, 4, 3, 4, 1.0e12, 1.0e11
    )
    assert (flops, moved) == (48, 104)
    assert intensity == pytest.approx(48 / 104)
    assert attainable == pytest.approx(48 / 104 * 1.0e11)  # memory roof, far below 1e12
    assert time == pytest.approx(104 / 1.0e11)
    assert compute_bound is False


@pytest.mark.parametrize(("m", "n", "k"), [(1, 1, 1), (3, 5, 7), (128, 1, 4096), (64, 64, 1)])
def test_flops_agree_with_torch_flop_counter(m: int, n: int, k: int) -> None:
    import torch
    from torch.utils.flop_counter import FlopCounterMode

    a, b = torch.randn(m, k), torch.randn(k, n)
    with FlopCounterMode(display=False) as counter:
        torch.matmul(a, b)
    assert REFERENCE.reference(m, n, k, 4, 1e12, 1e12)[0] == counter.get_total_flops()


def test_the_roofs() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        _, _, _, _, peak, bandwidth = case.args
        flops, moved, intensity, attainable, time, compute_bound = REFERENCE.reference(*case.args)
        assert attainable <= peak * (1 + 1e-12)
        assert attainable <= intensity * bandwidth * (1 + 1e-12)
        assert np.isclose(attainable, peak) or np.isclose(attainable, intensity * bandwidth)
        assert np.isclose(time, max(flops / peak, moved / bandwidth), rtol=1e-12)
        assert compute_bound == np.isclose(attainable, peak, rtol=1e-12, atol=0)


def test_square_intensity_and_element_size() -> None:
    for n in (16, 300, 4096):
        assert REFERENCE.reference(n, n, n, 2, 1e15, 3e12)[2] == pytest.approx(2 * n / 6)
        fp32 = REFERENCE.reference(n, n, n, 4, 1e15, 3e12)
        bf16 = REFERENCE.reference(n, n, n, 2, 1e15, 3e12)
        assert bf16[2] == pytest.approx(2 * fp32[2])  # half the bytes, twice the intensity


def test_a_batch_raises_the_intensity_of_a_matrix_vector_product() -> None:
    intensities = [
        REFERENCE.reference(8192, batch, 8192, 2, 989e12, 3.35e12)[2] for batch in (1, 8, 64, 512)
    ]
    assert intensities == sorted(intensities)
    assert intensities[0] < 1.0 < 7.0 < intensities[1]
    results = [REFERENCE.reference(8192, batch, 8192, 2, 989e12, 3.35e12)[5] for batch in (1, 512)]
    assert results == [False, True]


def test_the_ridge_case_is_exact_and_compute_bound() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "ridge" in c.name and "exactly" in c.name)
    *_, peak, bandwidth = case.args
    _, _, intensity, attainable, _, compute_bound = REFERENCE.reference(*case.args)
    assert intensity == peak / bandwidth and attainable == peak and compute_bound is True


def test_random_cases_stay_away_from_the_ridge_and_vary() -> None:
    seen_bound = set()
    for seed in range(10):
        for case in EX.random_cases(seed):
            m, n, k, b, peak, bandwidth = case.args
            assert min(m, n, k) >= 1 and b in (1, 2, 4, 8) and peak > 0 and bandwidth > 0
            intensity = REFERENCE.reference(*case.args)[2]
            assert abs(intensity / (peak / bandwidth) - 1) > 1e-6
            seen_bound.add(REFERENCE.reference(*case.args)[5])
    assert seen_bound == {True, False}

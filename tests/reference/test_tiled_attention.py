"""Checks of the tiled_attention reference: exact for every block size, no overflow, the
log-sum-exp it returns, and partial results that merge."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("tiled_attention", "q07_flash_attention_tiling.yaml", MODERN)
tiled = EX.reference.reference


def _qkv(seed: int = 0, scale: float = 1.0) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return (
        scale * rng.normal(size=(2, 5, 8)),
        scale * rng.normal(size=(2, 11, 8)),
        rng.normal(size=(2, 11, 3)),
    )


def test_the_block_size_does_not_change_the_result() -> None:
    q, k, v = _qkv()
    want_out, want_lse = EX.reference.oracle(q, k, v, 1)
    for block in range(1, 14):
        out, lse = tiled(q, k, v, block)
        np.testing.assert_allclose(out, want_out, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(lse, want_lse, rtol=1e-12)


def test_huge_scores_stay_finite() -> None:
    for scale in (30.0, -30.0):
        q, k, v = _qkv(1, scale)
        q = np.abs(q) * np.sign(scale)
        k = np.abs(k)  # every score is huge and of one sign
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            out, lse = tiled(q, k, v, 4)
        assert np.isfinite(out).all() and np.isfinite(lse).all()
        np.testing.assert_allclose(out, EX.reference.oracle(q, k, v, 4)[0], rtol=1e-9)


def test_lse_recovers_the_probabilities() -> None:
    q, k, v = _qkv(2)
    out, lse = tiled(q, k, v, 3)
    p = np.exp(q @ np.swapaxes(k, -1, -2) / np.sqrt(8) - lse[..., None])
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p @ v, out)


def test_partial_results_merge_by_their_lse() -> None:
    q, k, v = _qkv(3)
    out_a, lse_a = tiled(q, k[:, :4], v[:, :4], 2)
    out_b, lse_b = tiled(q, k[:, 4:], v[:, 4:], 5)
    lse = np.logaddexp(lse_a, lse_b)
    merged = np.exp(lse_a - lse)[..., None] * out_a + np.exp(lse_b - lse)[..., None] * out_b
    want_out, want_lse = tiled(q, k, v, 11)
    np.testing.assert_allclose(merged, want_out)
    np.testing.assert_allclose(lse, want_lse)


def test_the_reference_never_builds_the_full_score_matrix() -> None:
    """Its peak extra memory is a few (T, block) arrays: far below one (T, S) score matrix."""
    import tracemalloc

    rng = np.random.default_rng(4)
    q, k, v = rng.normal(size=(64, 4)), rng.normal(size=(20_000, 4)), rng.normal(size=(20_000, 2))
    full_scores = 64 * 20_000 * 8  # bytes of a float64 (T, S) matrix: 10 MB
    tracemalloc.start()
    try:
        out, _ = tiled(q, k, v, 64)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < full_scores / 10
    np.testing.assert_allclose(out, EX.reference.oracle(q, k, v, 64)[0], rtol=1e-9)

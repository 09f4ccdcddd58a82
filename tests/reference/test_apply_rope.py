"""Checks of the apply_rope reference: relative positions, the two layouts, the frequencies."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("apply_rope", "q05_rotary_position_embeddings.yaml", MODERN)
rope = EX.reference.reference


def test_logits_depend_only_on_the_offset() -> None:
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=(1, 32)), rng.normal(size=(1, 32))
    for layout in ("interleaved", "half"):

        def logit(m: int, n: int, layout: str = layout) -> float:
            qm = rope(q, np.array([m]), 10000.0, layout)
            kn = rope(k, np.array([n]), 10000.0, layout)
            return float((qm @ kn.T).item())

        assert np.isclose(logit(9, 2), logit(509, 502))
        assert np.isclose(logit(4, 4), float((q @ k.T).item()))
        assert not np.isclose(logit(9, 2), logit(2, 9))


def test_norms_are_preserved_and_position_zero_is_the_identity() -> None:
    x = np.random.default_rng(1).normal(size=(2, 5, 8))
    out = rope(x, np.arange(5), 500.0, "half")
    np.testing.assert_allclose(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1))
    np.testing.assert_array_equal(rope(x, np.zeros(5, dtype=np.int64), 500.0, "half"), x)


def test_the_layouts_differ_by_a_permutation() -> None:
    d = 12
    x = np.random.default_rng(2).normal(size=(4, d))
    perm = np.r_[0:d:2, 1:d:2]
    pos = np.array([3, 1, 4, 1])
    np.testing.assert_allclose(
        rope(x[:, perm], pos, 10000.0, "half"), rope(x, pos, 10000.0, "interleaved")[:, perm]
    )


def test_the_frequencies_are_base_to_minus_2i_over_d() -> None:
    d, base = 8, 10000.0
    x = np.zeros((1, d))
    x[0, 0::2] = 1.0  # every pair is (1, 0): its angle is atan2 of the result
    out = rope(x, np.array([1]), base, "interleaved")
    angles = np.arctan2(out[0, 1::2], out[0, 0::2])
    np.testing.assert_allclose(angles, base ** (-2.0 * np.arange(d // 2) / d))


def test_float32_angles_are_not_enough_at_large_positions() -> None:
    """The task asks for float64 angles; float32 ones miss the tolerance at position ~4096."""
    case = next(c for c in EX.reference.edge_cases() if "4093" in c.name)
    x, positions, base, _ = case.args
    theta32 = (np.float32(base) ** (-2.0 * np.arange(8, dtype=np.float32) / 16)).astype(np.float32)
    angles32 = positions.astype(np.float32)[:, None] * theta32
    a, b = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = a * np.cos(angles32) - b * np.sin(angles32)
    out[..., 1::2] = a * np.sin(angles32) + b * np.cos(angles32)
    assert not EX.within_tolerance(out, rope(*case.args))

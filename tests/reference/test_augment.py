"""Checks of the augment reference: the flip-then-crop order, and the statistics of the random
augmentation it makes deterministic (its outputs are closed under mirroring, so random flips
make the training distribution left-right symmetric)."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import ExerciseUnderTest

EX = ExerciseUnderTest.load("augment", "q43_data_augmentation.yaml")
REFERENCE = EX.reference
IMAGE = np.random.default_rng(0).standard_normal((2, 6, 7))


def _all_views(crop_h: int, crop_w: int) -> list[np.ndarray]:
    _, height, width = IMAGE.shape
    draws = itertools.product((False, True), range(height - crop_h + 1), range(width - crop_w + 1))
    return [REFERENCE.reference(IMAGE, f, t, left, crop_h, crop_w) for f, t, left in draws]


def test_flip_then_crop_is_crop_at_the_mirrored_column_then_flip() -> None:
    _, _, width = IMAGE.shape
    for left in range(width - 3 + 1):
        mirrored = IMAGE[:, 1:5, width - left - 3 : width - left][:, :, ::-1]
        np.testing.assert_array_equal(REFERENCE.reference(IMAGE, True, 1, left, 4, 3), mirrored)


def test_views_are_distinct_and_closed_under_mirroring() -> None:
    views = _all_views(4, 3)
    keys = {v.tobytes() for v in views}
    assert len(keys) == len(views) == 2 * 3 * 5
    assert all(np.ascontiguousarray(v[:, :, ::-1]).tobytes() in keys for v in views)


def test_uniform_random_draws_give_a_mirror_symmetric_mean() -> None:
    exact = np.mean(_all_views(4, 3), axis=0)
    np.testing.assert_allclose(exact, exact[:, :, ::-1], atol=1e-12)
    rng = np.random.default_rng(1)  # the draws a data loader would make
    sampled = np.mean(
        [
            REFERENCE.reference(
                IMAGE,
                bool(rng.random() < 0.5),
                int(rng.integers(0, 3)),
                int(rng.integers(0, 5)),
                4,
                3,
            )
            for _ in range(4000)
        ],
        axis=0,
    )
    assert np.abs(sampled - exact).max() < 0.1

"""Checks of the lora_forward_and_merge reference: the merged layer reproduces the adapted one,
B = 0 is the identity adaptation, the update has rank r, and the scale is alpha / r."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("lora_forward_and_merge", "q21_lora.yaml", MODERN)
REFERENCE = EX.reference


def test_merged_weight_gives_the_adapted_output_on_every_case() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        x, _, b, *_ = case.args
        y, merged = REFERENCE.reference(*case.args)
        np.testing.assert_allclose(x @ merged.T + b, y, rtol=1e-10, atol=1e-12)


def test_zero_b_leaves_the_pretrained_layer_unchanged() -> None:
    rng = np.random.default_rng(0)
    x, W, b, A = (
        rng.normal(size=(4, 5)),
        rng.normal(size=(3, 5)),
        rng.normal(size=3),
        rng.normal(size=(2, 5)),
    )
    y, merged = REFERENCE.reference(x, W, b, A, np.zeros((3, 2)), 16.0)
    np.testing.assert_array_equal(merged, W)
    np.testing.assert_allclose(y, x @ W.T + b)


def test_update_has_rank_r_and_scale_alpha_over_r() -> None:
    rng = np.random.default_rng(1)
    W, b = np.zeros((8, 8)), np.zeros(8)
    A, B = rng.normal(size=(3, 8)), rng.normal(size=(8, 3))
    _, merged = REFERENCE.reference(np.ones((1, 8)), W, b, A, B, 6.0)
    assert np.linalg.matrix_rank(merged) == 3
    np.testing.assert_allclose(merged, 2.0 * B @ A)  # alpha / r = 6 / 3


def test_adapter_trains_r_times_d_in_plus_d_out_parameters() -> None:
    d_in, d_out, r = 4096, 1024, 16
    assert r * (d_in + d_out) == 81_920 and d_in * d_out // (r * (d_in + d_out)) == 51


def test_there_is_a_square_case_where_the_transposed_merge_is_shape_valid() -> None:
    squares = [
        c
        for c in REFERENCE.edge_cases()
        if not c.raises and c.args[1].shape[0] == c.args[1].shape[1]
    ]
    assert any(not np.allclose(c.args[4] @ c.args[3], (c.args[4] @ c.args[3]).T) for c in squares)

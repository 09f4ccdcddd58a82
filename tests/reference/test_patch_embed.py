"""Checks of the patch_embed reference: a stride-P convolution, a linear map on patches, and
its row-major patch order."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("patch_embed", "q08_vit_patch_embedding.yaml", MODERN)
embed = EX.reference.reference


def test_it_is_a_convolution_with_stride_p() -> None:
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(0)
    images, weight, bias = (
        rng.normal(size=(2, 3, 12, 8)),
        rng.normal(size=(5, 3, 4, 4)),
        rng.normal(size=5),
    )
    conv = F.conv2d(*(torch.from_numpy(a) for a in (images, weight, bias)), stride=4)
    got = embed(images, weight, bias, 4)
    assert got.shape == (2, 6, 5)
    np.testing.assert_allclose(got, conv.flatten(2).transpose(1, 2).numpy(), rtol=1e-12)
    # token (r, s) of the 3 x 2 grid is conv output pixel (r, s)
    np.testing.assert_allclose(got[:, 1 * 2 + 1], conv[:, :, 1, 1].numpy(), rtol=1e-12)


def test_each_token_sees_only_its_own_patch() -> None:
    rng = np.random.default_rng(1)
    images = rng.normal(size=(1, 2, 6, 9))
    weight, bias = rng.normal(size=(4, 2, 3, 3)), rng.normal(size=4)
    before = embed(images, weight, bias, 3)
    changed = images.copy()
    changed[0, :, 3:6, 6:9] += 1.0  # patch (1, 2): index 1 * 3 + 2 = 5
    after = embed(changed, weight, bias, 3)
    differs = ~np.isclose(before, after).all(axis=-1)[0]
    assert differs.tolist() == [False] * 5 + [True]


def test_shuffling_the_pixels_inside_patches_changes_the_tokens() -> None:
    """The order inside a patch matters: the weight reads it as (C, P, P)."""
    rng = np.random.default_rng(2)
    images = rng.normal(size=(1, 3, 4, 4))
    weight, bias = rng.normal(size=(2, 3, 2, 2)), np.zeros(2)
    swapped = np.ascontiguousarray(images.transpose(0, 1, 3, 2))  # transpose every image
    assert not np.allclose(embed(images, weight, bias, 2), embed(swapped, weight, bias, 2))
    np.testing.assert_allclose(  # transposing the weight too gives the transposed grid
        embed(swapped, weight.transpose(0, 1, 3, 2), bias, 2)[0][[0, 2, 1, 3]],
        embed(images, weight, bias, 2)[0],
    )


def test_vit_b16_token_count() -> None:
    images = np.zeros((1, 3, 224, 224))
    out = embed(images, np.zeros((768, 3, 16, 16)), np.ones(768), 16)
    assert out.shape == (1, 196, 768)
    np.testing.assert_array_equal(out, 1.0)

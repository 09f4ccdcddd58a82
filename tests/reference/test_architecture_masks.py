"""Checks of the architecture_masks reference: the masks agree with PyTorch's own conventions and
with what attention actually lets through, and the loss masks count the right targets."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("architecture_masks", "q31_transformer_architectures.yaml", MODERN)
REFERENCE = EX.reference


def test_decoder_mask_is_what_sdpa_is_causal_uses() -> None:
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    q, k, v = (torch.randn(1, 2, 7, 8, dtype=torch.float64) for _ in range(3))
    allowed = torch.from_numpy(REFERENCE.reference("decoder", 7)["self"])
    masked = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed)
    assert torch.allclose(masked, F.scaled_dot_product_attention(q, k, v, is_causal=True))


def test_prefix_lm_outputs_depend_only_on_what_the_mask_allows() -> None:
    """Perturb one value vector: exactly the queries whose row allows that key change."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(1)
    L, prefixes = 6, np.array([0, 2, 4, 6])
    masks = torch.from_numpy(REFERENCE.reference("prefix_lm", L, prefixes)["self"])
    q, k, v = (torch.randn(len(prefixes), 1, L, 4, dtype=torch.float64) for _ in range(3))
    base = F.scaled_dot_product_attention(q, k, v, attn_mask=masks[:, None])
    for key in range(L):
        moved = v.clone()
        moved[:, :, key] += 1.0
        out = F.scaled_dot_product_attention(q, k, moved, attn_mask=masks[:, None])
        changed = (out - base).abs().amax(dim=-1)[:, 0] > 1e-12  # (B, L) queries
        assert torch.equal(changed, masks[:, :, key])


def test_prefix_lm_extremes_are_a_decoder_and_an_encoder() -> None:
    L = 5
    result = REFERENCE.reference("prefix_lm", L, np.array([0, 1, L]))
    decoder = REFERENCE.reference("decoder", L)
    for b in (0, 1):  # prefixes of 0 and 1 give the same masks as a plain decoder
        np.testing.assert_array_equal(result["self"][b], decoder["self"])
        np.testing.assert_array_equal(result["loss"][b], decoder["loss"])
    np.testing.assert_array_equal(result["self"][2], REFERENCE.reference("encoder", L)["self"])
    assert not result["loss"][2].any()  # everything is prefix: nothing to predict


def test_allowed_pairs_and_targets_count() -> None:
    """L(L+1)/2 + P(P-1)/2 allowed pairs, L - P trained outputs (L - 1 when P = 0)."""
    L = 9
    prefixes = np.arange(L + 1)
    result = REFERENCE.reference("prefix_lm", L, prefixes)
    pairs = result["self"].sum(axis=(1, 2))
    np.testing.assert_array_equal(pairs, L * (L + 1) // 2 + prefixes * (prefixes - 1) // 2)
    np.testing.assert_array_equal(result["loss"].sum(axis=1), np.minimum(L - prefixes, L - 1))


def test_encoder_decoder_matches_nn_transformer_conventions() -> None:
    from torch import nn

    result = REFERENCE.reference("encoder_decoder", 4, tgt_len=6)
    future = nn.Transformer.generate_square_subsequent_mask(6)  # -inf where NOT allowed
    np.testing.assert_array_equal(result["decoder_self"], (future == 0).numpy())
    assert result["cross"].shape == (6, 4) and result["cross"].all()
    assert result["encoder_self"].all() and result["loss"].all()


def test_masks_are_boolean() -> None:
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        for value in REFERENCE.reference(*case.args, **case.kwargs).values():
            assert value.dtype == np.bool_, case.name

"""Checks of the autoencoder_loss reference: finite differences, the two paths of W, float32."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("autoencoder_loss", "q51_autoencoder.yaml")
REFERENCE = EX.reference


def test_gradients_match_central_differences() -> None:
    for case in [*REFERENCE.edge_cases()[:2], *EX.random_cases(0)[:3]]:
        x, *params = case.args
        _, *grads = REFERENCE.reference(*case.args)
        for position, grad in enumerate(grads):
            numeric = np.zeros_like(params[position])
            for index in np.ndindex(numeric.shape):
                shifted = [p.copy() for p in params]
                shifted[position][index] += 1e-6
                up = REFERENCE.reference(x, *shifted)[0]
                shifted[position][index] -= 2e-6
                down = REFERENCE.reference(x, *shifted)[0]
                numeric[index] = (up - down) / 2e-6
            np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-9, err_msg=case.name)


def test_both_paths_of_the_tied_weight_matter() -> None:
    """The decoder-only mutant is right only where the encoder path is 0 (W = 0, saturated
    units, a perfect fit) and wrong otherwise."""
    decoder_only = EX.entry_of(EX.mutant_path("decoder_path_only"))
    for case in REFERENCE.edge_cases():
        same = np.allclose(decoder_only(*case.args)[1], REFERENCE.reference(*case.args)[1])
        no_encoder_path = any(s in case.name for s in ("W = 0", "vanishes", "zero gradients"))
        assert same == no_encoder_path, case.name


def test_exact_reconstruction_has_zero_loss_and_gradients() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "exactly" in c.name)
    loss, *grads = REFERENCE.reference(*case.args)
    assert loss < 1e-30
    assert all(np.abs(g).max() < 1e-15 for g in grads)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_manual.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

"""Checks of the batchnorm_forward reference: the training output is standardised per
feature, running statistics follow nn.BatchNorm1d over several batches, and a float32 learner
passes."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("batchnorm_forward", "q34_batch_normalization.yaml")
REFERENCE = EX.reference


def test_training_output_is_standardised_per_feature() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(loc=[5.0, -3.0, 0.0], scale=[10.0, 0.5, 2.0], size=(64, 3))
    y, _, _ = REFERENCE.reference(x, np.ones(3), np.zeros(3), np.zeros(3), np.ones(3), eps=0.0)
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=0), 1.0, rtol=1e-12)  # biased variance is 1


def test_running_statistics_follow_batchnorm1d_over_many_batches() -> None:
    import torch

    rng = np.random.default_rng(1)
    layer = torch.nn.BatchNorm1d(2, momentum=0.2, dtype=torch.float64)
    mean, var = np.zeros(2), np.ones(2)
    for n in [2, 3, 8, 5, 2]:
        x = rng.normal(loc=[1.0, -4.0], scale=[2.0, 0.3], size=(n, 2))
        with torch.no_grad():
            wanted = layer(torch.from_numpy(x)).numpy()
        y, mean, var = REFERENCE.reference(x, np.ones(2), np.zeros(2), mean, var, momentum=0.2)
        np.testing.assert_allclose(y, wanted, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mean, layer.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(var, layer.running_var.numpy(), rtol=1e-12)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_module.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name

"""Checks of the allreduce_mean_gradients reference: facts about combining data-parallel
gradients."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, as_torch, outcome

EX = ExerciseUnderTest.load("allreduce_mean_gradients", "q56_distributed_training.yaml")
REFERENCE = EX.reference


def _data(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)


def test_averaged_is_the_full_batch_gradient_for_every_split() -> None:
    X, y, w = _data(0, 12, 3)
    full = 2 / 12 * X.T @ (X @ w - y)
    for sizes in ([12], [6, 6], [1, 11], [5, 4, 3], [1] * 12):
        _, averaged = REFERENCE.reference(X, y, w, sizes)
        np.testing.assert_allclose(averaged, full)


def test_the_plain_mean_is_right_exactly_when_shards_are_equal() -> None:
    X, y, w = _data(1, 12, 2)
    for sizes, equal in (
        ([4, 4, 4], True),
        ([3, 3, 3, 3], True),
        ([5, 7], False),
        ([2, 10], False),
    ):
        grads, averaged = REFERENCE.reference(X, y, w, sizes)
        assert np.allclose(grads.mean(axis=0), averaged) == equal, sizes


def test_matches_a_torch_ddp_style_mean_with_equal_shards() -> None:
    import torch

    X, y, w = _data(2, 8, 4)
    replicas = []
    for X_k, y_k in zip(torch.from_numpy(X).split(2), torch.from_numpy(y).split(2), strict=True):
        w_k = torch.from_numpy(w).clone().requires_grad_()
        torch.nn.functional.mse_loss(X_k @ w_k, y_k).backward()
        replicas.append(w_k.grad)
    ddp = torch.stack(replicas).sum(0) / len(replicas)  # all-reduce SUM, divide by world size
    np.testing.assert_allclose(REFERENCE.reference(X, y, w, [2, 2, 2, 2])[1], ddp.numpy())


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_autograd.py")
    for case in EX.every_case():
        float32_case = Case(case.name, as_torch(case.args, torch.float32))
        assert EX.close(outcome(function, float32_case), EX.expected(case)), case.name

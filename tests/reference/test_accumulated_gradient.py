"""Checks of the accumulated_gradient reference: it equals the full batch's gradient and mean
loss (F.cross_entropy with ignore_index), whatever the split, and the naive mean / K does not."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("accumulated_gradient", "q18_gradient_accumulation.yaml", MODERN)
REFERENCE = EX.reference


def _full_batch(H: np.ndarray, targets: np.ndarray, W: np.ndarray) -> tuple[float, np.ndarray]:
    import torch
    import torch.nn.functional as F

    w = torch.tensor(W, requires_grad=True)
    logits = (torch.tensor(H) @ w).reshape(-1, W.shape[1])
    loss = F.cross_entropy(logits, torch.tensor(targets).reshape(-1), ignore_index=-100)
    loss.backward()
    assert w.grad is not None
    return loss.item(), w.grad.numpy()


def test_every_valid_case_equals_the_full_batch() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        losses, grad = REFERENCE.reference(*case.args)
        loss, full_grad = _full_batch(*case.args[:3])
        assert np.isclose(losses.sum(), loss), case.name
        np.testing.assert_allclose(grad, full_grad, rtol=1e-10, atol=1e-12)


def test_the_split_does_not_change_the_gradient() -> None:
    case = REFERENCE.edge_cases()[6]  # 5 sequences of lengths 1..5
    H, targets, W, _ = case.args
    grads = [REFERENCE.reference(H, targets, W, sizes)[1] for sizes in ([5], [2, 3], [1, 1, 3])]
    for grad in grads[1:]:
        np.testing.assert_allclose(grad, grads[0], rtol=1e-10, atol=1e-12)


def test_the_naive_mean_over_steps_differs_with_unequal_token_counts() -> None:
    mutant = EX.entry_of(EX.mutant_path("mean_over_steps"))
    case = REFERENCE.edge_cases()[3]  # equal sequence counts, 10 and 3 real tokens
    naive, right = mutant(*case.args), REFERENCE.reference(*case.args)
    assert not np.allclose(naive[1], right[1])
    assert not np.isclose(naive[0].sum(), right[0].sum())


def test_an_all_padding_micro_batch_contributes_nothing() -> None:
    case = REFERENCE.edge_cases()[5]
    losses, _ = REFERENCE.reference(*case.args)
    assert losses[1] == 0.0 and losses[0] > 0 and losses[2] > 0


def test_random_cases_have_padding_and_several_micro_batches() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    assert sum(bool(np.any(c.args[1] == -100)) for c in cases) >= len(cases) // 2
    assert sum(len(c.args[3]) > 1 for c in cases) >= len(cases) // 2

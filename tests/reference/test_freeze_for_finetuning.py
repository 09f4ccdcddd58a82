"""Checks of the freeze_for_finetuning reference: repeated steps keep the backbone bit for bit
and lower the loss, freezing mid-way in torch matches, and a float32 learner passes."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("freeze_for_finetuning", "q33_transfer_learning.yaml")
REFERENCE = EX.reference


def test_repeated_steps_keep_the_backbone_and_lower_the_loss() -> None:
    rng = np.random.default_rng(0)
    W1, b1 = rng.normal(size=(6, 4)), rng.normal(size=6)
    W2, b2 = rng.normal(size=(3, 6)), np.zeros(3)
    x, y = rng.normal(size=(20, 4)), rng.integers(0, 3, size=20)
    params, losses = (W1, b1, W2, b2), []
    for _ in range(30):
        *params, loss = REFERENCE.reference(*params, x, y, 0.1, 1e-3)
        losses.append(loss)
    assert np.array_equal(params[0], W1) and np.array_equal(params[1], b1)
    assert losses[-1] < 0.8 * losses[0]


def test_a_torch_training_loop_with_a_frozen_backbone_agrees() -> None:
    import torch

    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = (rng.normal(size=s) for s in [(5, 3), (5,), (2, 5), (2,)])
    x, y = rng.normal(size=(8, 3)), rng.integers(0, 2, size=8)
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    model.double()
    with torch.no_grad():
        for p, value in zip(model.parameters(), [W1, b1, W2, b2], strict=True):
            p.copy_(torch.from_numpy(value))
    model[0].requires_grad_(False)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.3, weight_decay=0.05)
    params = (W1, b1, W2, b2)
    for _ in range(3):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        optimizer.step()
        *params, ours = REFERENCE.reference(*params, x, y, 0.3, 0.05)
        assert np.isclose(ours, loss.item())
    for p, value in zip(model.parameters(), params, strict=True):
        np.testing.assert_allclose(p.detach().numpy(), value, rtol=1e-12)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_module.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32), **case.kwargs))
        assert EX.close(actual, EX.expected(case)), case.name

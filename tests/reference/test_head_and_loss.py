"""Checks of the head_and_loss reference: hand-worked values, agreement with torch's loss
modules, the multi-label / multi-class distinction, and the prediction − target gradient."""

from __future__ import annotations

import numpy as np
import pytest

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("head_and_loss", "q04_dl_applications.yaml")
REFERENCE = EX.reference


def test_hand_worked_values() -> None:
    p, loss = REFERENCE.reference("binary", np.array([0.0, 0.0]), np.array([1.0, 0.0]))
    np.testing.assert_allclose(p, [0.5, 0.5])
    assert loss == pytest.approx(np.log(2.0))
    rate, loss = REFERENCE.reference("count", np.array([0.0, np.log(3.0)]), np.array([2.0, 3.0]))
    np.testing.assert_allclose(rate, [1.0, 3.0])
    assert loss == pytest.approx(((1.0 - 0.0) + (3.0 - 3.0 * np.log(3.0))) / 2)
    out, loss = REFERENCE.reference("regression", np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]]))
    np.testing.assert_array_equal(out, [[1.0, 2.0]])
    assert loss == pytest.approx((1.0 + 4.0) / 2)


def test_confident_mistakes_cost_the_logit() -> None:
    _, loss = REFERENCE.reference("binary", np.array([1000.0, -1000.0]), np.array([0.0, 1.0]))
    assert loss == pytest.approx(1000.0)
    _, loss = REFERENCE.reference("multiclass", np.array([[1000.0, -1000.0]]), np.array([1]))
    assert loss == pytest.approx(2000.0)


def test_agrees_with_torch_loss_modules() -> None:
    import torch
    from torch import nn

    modules = {
        "binary": nn.BCEWithLogitsLoss(),
        "multiclass": nn.CrossEntropyLoss(),
        "multilabel": nn.BCEWithLogitsLoss(),
        "regression": nn.MSELoss(),
        "count": nn.PoissonNLLLoss(log_input=True, full=False),
    }
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        task, outputs, targets = case.args
        want = float(modules[task](torch.from_numpy(outputs), torch.from_numpy(targets)))
        assert REFERENCE.reference(*case.args)[1] == pytest.approx(want, rel=1e-9, abs=1e-12)


def test_multilabel_rows_need_not_sum_to_one_but_multiclass_rows_do() -> None:
    logits = np.array([[2.0, 3.0, -1.0], [0.0, 0.0, 0.0]])
    multilabel, _ = REFERENCE.reference("multilabel", logits, np.ones_like(logits))
    multiclass, _ = REFERENCE.reference("multiclass", logits, np.array([0, 1]))
    np.testing.assert_allclose(multiclass.sum(axis=1), 1.0)
    assert multilabel.sum(axis=1)[1] == pytest.approx(1.5)
    assert (multilabel[0, :2] > 0.85).all()  # two labels can both be likely


def test_gradient_is_prediction_minus_target() -> None:
    rng = np.random.default_rng(0)
    cases = {
        "binary": (rng.normal(size=5), rng.integers(0, 2, 5).astype(float)),
        "count": (rng.normal(size=5), rng.poisson(2.0, 5).astype(float)),
    }
    h = 1e-6
    for task, (z, y) in cases.items():
        predictions, _ = REFERENCE.reference(task, z, y)
        for i in range(len(z)):
            up, down = z.copy(), z.copy()
            up[i] += h
            down[i] -= h
            slope = REFERENCE.reference(task, up, y)[1] - REFERENCE.reference(task, down, y)[1]
            slope /= 2 * h
            assert slope * len(z) == pytest.approx(predictions[i] - y[i], abs=1e-5)


def test_broadcasting_trap_raises() -> None:
    with pytest.raises(ValueError):
        REFERENCE.reference("regression", np.zeros((4, 1)), np.zeros(4))


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_functional.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

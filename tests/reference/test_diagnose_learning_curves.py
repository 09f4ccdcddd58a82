"""Checks of the diagnose_learning_curves reference: a worked example, the identities between
its numbers, agreement with early stopping's best epoch, and that the cases cover every
diagnosis."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import load_reference
from tests.reference.support import ROOT, ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("diagnose_learning_curves", "q19_overfitting.yaml")
REFERENCE = EX.reference


def test_classic_overfitting_by_hand() -> None:
    train = np.array([1.0, 0.5, 0.25, 0.125, 0.0625])
    val = np.array([1.125, 0.75, 0.625, 0.75, 1.0])
    result = REFERENCE.reference(train, val, 0.25, 0.125)
    assert result == (2, 0.0, 0.375, False, True)
    assert [type(x) for x in result] == [int, float, float, bool, bool]


def test_bias_plus_gap_is_the_validation_excess() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        _, val, target, threshold = case.args
        best, bias, gap, under, over = REFERENCE.reference(*case.args)
        assert val[best] == val.min() and (val[:best] > val.min()).all(), case.name
        assert np.isclose(bias + gap, val[best] - target), case.name
        assert under == (bias > threshold) and over == (gap > threshold), case.name


def test_best_epoch_is_the_one_early_stopping_keeps() -> None:
    early_stopping = load_reference(ROOT / "reference" / "early_stopping_epoch.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        val = case.args[1]
        kept, _ = early_stopping.reference(val, len(val))  # patience never runs out
        assert REFERENCE.reference(*case.args)[0] == kept, case.name


def test_every_diagnosis_occurs() -> None:
    cases = [c for s in range(5) for c in EX.random_cases(s)]
    verdicts = {REFERENCE.reference(*c.args)[3:] for c in cases}
    assert verdicts == {(False, False), (True, False), (False, True), (True, True)}
    assert any(REFERENCE.reference(*c.args)[2] < 0 for c in cases)  # validation below training
    assert any(REFERENCE.reference(*c.args)[0] < len(c.args[1]) - 1 for c in cases)


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

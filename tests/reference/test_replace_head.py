"""Checks of the replace_head reference: facts about swapping a pretrained model's head."""

from __future__ import annotations

import numpy as np

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, as_torch, outcome

EX = ExerciseUnderTest.load("replace_head", "q55_replace_head.yaml")
REFERENCE = EX.reference


def test_counts_are_python_ints_and_add_up_to_the_new_model() -> None:
    for case in EX.every_case(range(3)):
        x, W1, b1, _, _, W_new, b_new, _ = case.args
        logits, trainable, frozen = REFERENCE.reference(*case.args)
        assert type(trainable) is int and type(frozen) is int, case.name
        assert trainable + frozen == W1.size + b1.size + W_new.size + b_new.size, case.name
        assert logits.shape == (x.shape[0], W_new.shape[0]), case.name


def test_the_old_head_changes_nothing() -> None:
    case = REFERENCE.edge_cases()[0]
    x, W1, b1, _, _, W_new, b_new, freeze = case.args
    first = REFERENCE.reference(*case.args)
    rng = np.random.default_rng(0)
    other_old_head = (rng.normal(size=(50, W1.shape[0])), rng.normal(size=50))
    second = REFERENCE.reference(x, W1, b1, *other_old_head, W_new, b_new, freeze)
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1:] == second[1:]


def test_freezing_moves_exactly_the_backbone_between_the_counts() -> None:
    case = REFERENCE.edge_cases()[0]
    *args, _ = case.args
    _, trainable_frozen, frozen = REFERENCE.reference(*args, True)
    _, trainable_all, nothing = REFERENCE.reference(*args, False)
    W1, b1 = args[1], args[2]
    assert frozen == W1.size + b1.size and nothing == 0
    assert trainable_all - trainable_frozen == frozen


def test_resnet50_sized_head_swap_on_the_meta_device() -> None:
    from torch import nn

    head = nn.Linear(2048, 1000, device="meta")
    new_head = nn.Linear(head.in_features, 10, device="meta")
    assert sum(p.numel() for p in head.parameters()) == 2_049_000
    assert sum(p.numel() for p in new_head.parameters()) == 20_490
    assert all(p.requires_grad for p in new_head.parameters())


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_module.py")
    for case in EX.every_case():
        float32_case = Case(case.name, as_torch(case.args, torch.float32))
        assert EX.close(outcome(function, float32_case), EX.expected(case)), case.name

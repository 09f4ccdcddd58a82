"""Checks of the greedy_decode reference: the stopping rule, argmax ties, int64 output."""

from __future__ import annotations

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("greedy_decode", "q50_sequence_to_sequence.yaml")
REFERENCE = EX.reference


def test_each_token_is_the_first_argmax_of_the_previous_row_and_the_stop_rule_holds() -> None:
    for case in EX.every_case():
        table, start, end, max_len = case.args
        tokens = REFERENCE.reference(*case.args)
        assert tokens.dtype == np.int64 and tokens.ndim == 1, case.name
        assert 1 <= len(tokens) <= max_len, case.name
        previous = [start, *tokens[:-1]]
        for before, token in zip(previous, tokens, strict=True):
            row = table[before]
            assert row[token] == row.max() and not (row[:token] == row.max()).any(), case.name
        assert end not in tokens[:-1], case.name  # nothing after the end token
        assert tokens[-1] == end or len(tokens) == max_len, case.name


def test_random_cases_have_ties_and_both_ways_of_stopping() -> None:
    cases = EX.every_case(range(5))
    assert any(
        (case.args[0] == case.args[0].max(axis=1, keepdims=True)).sum(axis=1).max() > 1
        for case in cases
    )
    endings = {REFERENCE.reference(*c.args)[-1] == c.args[2] for c in cases}
    assert endings == {True, False}


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        expected = EX.expected(case)
        assert np.array_equal(actual, expected), case.name

"""Checks of the perplexity reference: agreement with F.cross_entropy's own mean, the uniform
model, the shift, and token weighting."""

from __future__ import annotations

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("perplexity", "q28_perplexity.yaml", MODERN)
REFERENCE = EX.reference


def test_uniform_logits_give_the_vocabulary_size() -> None:
    per_sequence, corpus = REFERENCE.reference(
        np.zeros((3, 6, 13)), np.array([[1, 2, 3, 4, 5, 6]] * 3), -100
    )
    np.testing.assert_allclose(per_sequence, 13.0)
    assert np.isclose(corpus, 13.0)


def test_corpus_is_exp_of_cross_entropy_mean_over_scored_tokens() -> None:
    import torch
    import torch.nn.functional as F

    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        logits, targets, ignore_index = case.args
        z = torch.from_numpy(logits[:, :-1]).reshape(-1, logits.shape[-1])
        y = torch.from_numpy(targets[:, 1:]).reshape(-1)
        want = float(torch.exp(F.cross_entropy(z, y, ignore_index=ignore_index)))
        assert np.isclose(REFERENCE.reference(*case.args)[1], want), case.name


def test_corpus_is_the_token_weighted_geometric_mean_of_sequences() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        _, targets, ignore_index = case.args
        counts = (targets[:, 1:] != ignore_index).sum(axis=1)
        per_sequence, corpus = REFERENCE.reference(*case.args)
        weighted = np.exp(np.sum(counts * np.log(per_sequence)) / counts.sum())
        assert np.isclose(corpus, weighted), case.name
        assert per_sequence.min() - 1e-9 <= corpus <= per_sequence.max() + 1e-9


def test_the_first_token_is_never_scored() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(2, 5, 6))
    targets = rng.integers(0, 6, size=(2, 5))
    changed = targets.copy()
    changed[:, 0] = (targets[:, 0] + 1) % 6
    np.testing.assert_allclose(
        REFERENCE.reference(logits, targets, -100)[0], REFERENCE.reference(logits, changed, -100)[0]
    )


def test_random_cases_pad_and_use_both_ignore_indices() -> None:
    cases = EX.random_cases(0)
    assert {c.args[2] for c in cases} == {-100, 0}
    assert any((c.args[1] == c.args[2]).any() for c in cases)

"""Checks of the roc_auc_and_average_precision reference: AUC as a pairwise probability,
invariances, the AP step sum against the mean precision at the positives, and the ties."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest

EX = ExerciseUnderTest.load("roc_auc_and_average_precision", "q27_roc_and_pr_auc.yaml", MODERN)
REFERENCE = EX.reference


def _pairwise_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels == 1], scores[labels == 0]
    wins = [1.0 if p > n else 0.5 if p == n else 0.0 for p, n in itertools.product(pos, neg)]
    return float(np.mean(wins))


def test_auc_is_the_pairwise_probability_on_every_case() -> None:
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        auc, _ = REFERENCE.reference(*case.args)
        assert np.isclose(auc, _pairwise_auc(*case.args)), case.name


def test_without_ties_ap_is_the_mean_precision_at_the_positives() -> None:
    rng = np.random.default_rng(0)
    for _ in range(20):
        labels = rng.integers(0, 2, size=15)
        labels[:2] = [0, 1]
        scores = rng.normal(size=15)
        hits = labels[np.argsort(-scores)] == 1
        precision_at_k = np.cumsum(hits) / np.arange(1, 16)
        _, ap = REFERENCE.reference(scores, labels)
        assert np.isclose(ap, precision_at_k[hits].mean())


def test_monotone_transforms_and_replicated_negatives() -> None:
    scores = np.array([2.0, -1.0, 0.5, 0.5, -1.0, 3.0, 0.5, -2.0, 1.0, -1.0])
    labels = np.array([0, 0, 1, 0, 0, 1, 0, 0, 0, 0])
    auc, ap = REFERENCE.reference(scores, labels)
    auc_sig, ap_sig = REFERENCE.reference(1 / (1 + np.exp(-scores)), labels)
    assert np.isclose(auc, auc_sig) and np.isclose(ap, ap_sig)
    negatives = labels == 0
    more = np.concatenate([scores, np.tile(scores[negatives], 4)])
    more_labels = np.concatenate([labels, np.zeros(4 * int(negatives.sum()), dtype=np.int64)])
    auc_more, ap_more = REFERENCE.reference(more, more_labels)
    assert np.isclose(auc_more, auc) and ap_more < ap


def test_tie_order_does_not_matter() -> None:
    rng = np.random.default_rng(1)
    for case in EX.every_case(range(3)):
        if case.raises:
            continue
        scores, labels = case.args
        permutation = rng.permutation(len(scores))
        got = REFERENCE.reference(scores[permutation], labels[permutation])
        assert np.allclose(got, REFERENCE.reference(scores, labels)), case.name


def test_random_cases_have_ties_across_the_classes() -> None:
    crossing = 0
    for case in EX.random_cases(0):
        scores, labels = case.args
        crossing += bool(set(scores[labels == 1].tolist()) & set(scores[labels == 0].tolist()))
    assert crossing >= 3

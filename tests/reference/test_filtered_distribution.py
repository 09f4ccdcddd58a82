"""Checks of the filtered_distribution reference: what top-p keeps, the order of the filters,
the tie rules, and agreement with a Hugging Face-style warper chain where no ties exist."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("filtered_distribution", "q09_sampling.yaml", MODERN)
REFERENCE = EX.reference


def _hf_chain(logits: np.ndarray, temperature: float, top_k: int, top_p: float) -> np.ndarray:
    """TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper as transformers writes them
    (its top-p cut depends on the sort order among ties, so compare only where none exist)."""
    import torch

    scores = torch.from_numpy(logits) / temperature
    if top_k > 0:
        k = min(top_k, scores.size(-1))
        scores = scores.masked_fill(scores < torch.topk(scores, k)[0][..., -1, None], -np.inf)
    if top_p < 1:
        sorted_logits, sorted_indices = torch.sort(scores, descending=False)
        cumulative_probs = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
        sorted_to_remove = cumulative_probs <= (1 - top_p)
        sorted_to_remove[..., -1:] = 0
        to_remove = sorted_to_remove.scatter(1, sorted_indices, sorted_to_remove)
        scores = scores.masked_fill(to_remove, -np.inf)
    return torch.softmax(scores, dim=-1).numpy()


def test_matches_the_hugging_face_chain_without_ties() -> None:
    checked = 0
    for case in EX.every_case(range(10)):
        logits = case.args[0]
        if case.raises or any(len(set(r)) < len(r) for r in logits.tolist()):
            continue
        np.testing.assert_allclose(_hf_chain(*case.args), REFERENCE.reference(*case.args))
        checked += 1
    assert checked >= 30


def test_the_crossing_token_is_kept_and_rows_sum_to_one() -> None:
    p = REFERENCE.reference(np.log([[0.5, 0.3, 0.2]]), 1.0, 0, 0.6)
    np.testing.assert_allclose(p, [[0.625, 0.375, 0.0]])
    for case in EX.every_case(range(3)):
        if not case.raises:
            np.testing.assert_allclose(REFERENCE.reference(*case.args).sum(axis=-1), 1.0)


def test_nucleus_grows_with_top_p_and_with_temperature() -> None:
    rng = np.random.default_rng(1)
    logits = rng.normal(scale=2.0, size=(4, 30))
    sizes_p = [
        (REFERENCE.reference(logits, 1.0, 0, p) > 0).sum() for p in np.linspace(0.1, 0.99, 20)
    ]
    sizes_t = [(REFERENCE.reference(logits, t, 0, 0.8) > 0).sum() for t in np.linspace(0.2, 3, 20)]
    assert all(a <= b for a, b in itertools.pairwise(sizes_p))
    assert all(a <= b for a, b in itertools.pairwise(sizes_t))
    assert sizes_t[0] < sizes_t[-1]


def test_temperature_leaves_the_top_k_set_alone() -> None:
    rng = np.random.default_rng(2)
    logits = rng.normal(size=(3, 12))
    supports = [REFERENCE.reference(logits, t, 4, 1.0) > 0 for t in (0.1, 1.0, 10.0)]
    assert all((s == supports[0]).all() for s in supports)
    assert (supports[0].sum(axis=-1) == 4).all()


def test_ties_stay_together() -> None:
    p = REFERENCE.reference(np.array([[2.0, 1.0, 1.0, 0.0]]), 1.0, 0, 0.6)
    assert (p > 0).tolist() == [[True, True, True, False]]
    p = REFERENCE.reference(np.array([[1.0, 3.0, 2.0, 2.0, 0.0]]), 1.0, 2, 1.0)
    assert (p > 0).tolist() == [[False, True, True, True, False]]


def test_random_cases_cover_ties_and_both_filters() -> None:
    cases = [c for s in range(3) for c in EX.random_cases(s)]
    assert sum(any(len(set(r)) < len(r) for r in c.args[0].tolist()) for c in cases) >= 5
    assert sum(0 < c.args[2] < c.args[0].shape[1] and c.args[3] < 1 for c in cases) >= 5


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_warpers.py")
    for case in EX.every_case(range(5)):
        if case.raises:
            continue
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert np.allclose(actual, EX.expected(case), rtol=1e-4, atol=1e-6), case.name

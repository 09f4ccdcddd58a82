"""Checks of the beam_search_decode reference: beam 1 is greedy, normalisation against
exhaustive search, the shrinking beam, and what alpha does to the length of the output."""

from __future__ import annotations

import itertools

import numpy as np

from tests.reference.support import MODERN, ExerciseUnderTest, as_numpy, as_torch

EX = ExerciseUnderTest.load("beam_search_decode", "q10_beam_search.yaml", MODERN)
REFERENCE = EX.reference


def _log_probs(table: np.ndarray) -> np.ndarray:
    return table - np.log(np.exp(table).sum(axis=1, keepdims=True))


def _greedy(table: np.ndarray, start: int, end: int, max_len: int) -> list[int]:
    tokens, current = [], start
    while len(tokens) < max_len:
        current = int(np.argmax(table[current]))
        tokens.append(current)
        if current == end:
            break
    return tokens


def _normalised(table, start, tokens, alpha):
    logp, last, total = _log_probs(table), start, 0.0
    for token in tokens:
        total, last = total + logp[last, token], token
    return total / ((5 + len(tokens)) / 6) ** alpha


def test_beam_width_one_is_greedy_decoding() -> None:
    for case in EX.every_case(range(10)):
        table, start, end, _, max_len, alpha = case.args
        tokens, score = REFERENCE.reference(table, start, end, 1, max_len, alpha)
        assert tokens.tolist() == _greedy(table, start, end, max_len), case.name
        assert np.isclose(score, _normalised(table, start, tokens, alpha))


def test_the_score_is_the_gnmt_normalised_log_probability() -> None:
    for case in EX.every_case(range(5)):
        tokens, score = REFERENCE.reference(*case.args)
        table, start, end, _, max_len, alpha = case.args
        assert 1 <= len(tokens) <= max_len
        assert end not in tokens.tolist()[:-1]  # nothing after the end token
        assert np.isclose(score, _normalised(table, start, tokens, alpha)), case.name


def test_a_wide_beam_finds_the_exhaustive_optimum_of_a_tiny_model() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        table = rng.normal(scale=2.0, size=(3, 3))
        start, end, max_len, alpha = 0, 2, 3, 0.0
        # every sequence that ends at the end token or is cut at max_len
        every = [[*s, end] for n in range(max_len) for s in itertools.product([0, 1], repeat=n)] + [
            list(s) for s in itertools.product([0, 1], repeat=max_len)
        ]
        best = max(_normalised(table, start, s, alpha) for s in every)
        _tokens, score = REFERENCE.reference(table, start, end, 20, max_len, alpha)  # no pruning
        assert np.isclose(score, best)


def test_alpha_makes_outputs_longer_on_the_edge_case() -> None:
    case = next(c for c in REFERENCE.edge_cases() if c.name.startswith("alpha 1"))
    table, start, end, beam, max_len, _ = case.args
    lengths = [len(REFERENCE.reference(table, start, end, beam, max_len, a)[0]) for a in (0, 1)]
    assert lengths == [1, 4]


def test_the_beam_shrinks() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "shrinks" in c.name)
    tokens, _ = REFERENCE.reference(*case.args)
    assert tokens.tolist() == [1]
    table, start, end, _, max_len, alpha = case.args
    tokens_wider, _ = REFERENCE.reference(table, start, end, 3, max_len, alpha)
    assert tokens_wider.tolist() == [2, 4, 1]  # a third place keeps [A, C] alive


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_batched.py")
    for case in EX.every_case(range(5)):
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        tokens, score = EX.expected(case)
        assert actual[0].tolist() == tokens.tolist(), case.name
        assert np.isclose(actual[1], score, rtol=1e-5), case.name

"""Checks of the multi_head_attention reference: facts about multi-head self-attention."""

from __future__ import annotations

import itertools

import numpy as np

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, as_torch, outcome

EX = ExerciseUnderTest.load("multi_head_attention", "q54_transformer.yaml")
REFERENCE = EX.reference


def _inputs(seed: int, N: int, L: int, E: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(N, L, E)),
        rng.normal(size=(3 * E, E)) / np.sqrt(E),
        rng.normal(size=3 * E),
        rng.normal(size=(E, E)) / np.sqrt(E),
        rng.normal(size=E),
    )


def test_one_head_is_scaled_dot_product_attention_over_the_keys() -> None:
    x, W_in, b_in, W_out, b_out = _inputs(0, 2, 5, 6)
    q, k, v = np.split(x @ W_in.T + b_in, 3, axis=-1)
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(6)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    expected = weights @ v @ W_out.T + b_out
    np.testing.assert_allclose(REFERENCE.reference(x, W_in, b_in, W_out, b_out, 1), expected)


def test_permuting_the_tokens_permutes_the_output() -> None:
    x, *weights = _inputs(1, 3, 6, 8)
    perm = np.array([3, 0, 5, 1, 4, 2])
    out = REFERENCE.reference(x, *weights, 2)
    np.testing.assert_allclose(REFERENCE.reference(x[:, perm], *weights, 2), out[:, perm])


def test_the_number_of_heads_changes_the_output_but_not_the_parameters() -> None:
    x, *weights = _inputs(2, 2, 4, 8)
    outputs = [REFERENCE.reference(x, *weights, h) for h in (1, 2, 4, 8)]
    for first, second in itertools.pairwise(outputs):
        assert not np.allclose(first, second)


def test_matches_torch_in_eval_mode_and_with_separate_query_key_value() -> None:
    import torch

    x, W_in, b_in, W_out, b_out = _inputs(3, 2, 5, 12)
    attention = torch.nn.MultiheadAttention(12, 3, batch_first=True, dtype=torch.float64).eval()
    with torch.no_grad():  # eval + no_grad may take PyTorch's fused fast path
        attention.in_proj_weight.copy_(torch.from_numpy(W_in))
        attention.in_proj_bias.copy_(torch.from_numpy(b_in))
        attention.out_proj.weight.copy_(torch.from_numpy(W_out))
        attention.out_proj.bias.copy_(torch.from_numpy(b_out))
        tokens = torch.from_numpy(x)
        out, _ = attention(tokens, tokens, tokens, need_weights=False)
    np.testing.assert_allclose(REFERENCE.reference(x, W_in, b_in, W_out, b_out, 3), out.numpy())


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        float32_case = Case(case.name, as_torch(case.args, torch.float32))
        assert EX.close(outcome(function, float32_case), EX.expected(case)), case.name

"""The gru_cell exercise: reference vs nn.GRUCell, mutants, alternative solutions, GRU facts."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("gru_cell", "q49_gru.yaml")
REFERENCE = EX.reference


def test_edge_cases_cover_the_brief() -> None:
    cases = REFERENCE.edge_cases()
    assert len({case.name for case in cases}) == len(cases)
    assert any(case.args[0].shape[0] == 1 for case in cases)  # batch of one
    assert any(case.args[0].shape[1] != case.args[1].shape[1] for case in cases)  # H != D
    assert any(not case.args[1].any() for case in cases)  # zero hidden state
    assert any(not case.args[2].any() and not case.args[3].any() for case in cases)
    assert any(case.args[0].shape[0] >= 256 for case in cases)


def test_every_listed_mutant_is_caught_and_they_are_distinguishable() -> None:
    cases = EX.every_case(range(2))
    edge_count = len(REFERENCE.edge_cases())
    expected = [REFERENCE.reference(*case.args) for case in cases]
    outputs: dict[str, list[Any]] = {}
    assert len(EX.spec.mutants) >= 3
    for mutant in EX.spec.mutants:
        path = EX.mutant_path(mutant.name)
        assert path.is_file(), path
        function = EX.entry_of(path, "mutant")
        outputs[mutant.name] = [function(*case.args) for case in cases]
        caught = [
            not EX.within_tolerance(out, ref)
            for out, ref in zip(outputs[mutant.name], expected, strict=True)
        ]
        # an overflow shows only where the inputs are extreme; the other mistakes show widely
        enough = 1 if "overflow" in mutant.name else 3
        assert sum(caught[:edge_count]) >= enough, f"{mutant.name} is caught on too few edge cases"
    assert {p.stem for p in EX.mutant_dir.glob("*.py")} == set(outputs)
    for first, second in itertools.combinations(outputs, 2):
        assert any(
            not EX.within_tolerance(a, b)
            for a, b in zip(outputs[first], outputs[second], strict=True)
        ), f"{first} and {second} are indistinguishable"


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py", "solution")
    for case in EX.every_case(range(5)):
        args = as_torch(case.args, torch.float32)  # float64 arrays become float32 tensors
        assert EX.within_tolerance(function(*args), REFERENCE.reference(*case.args)), case.name


def test_zero_weights_and_biases_halve_the_state() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "all weights and biases zero" in c.name)
    np.testing.assert_allclose(REFERENCE.reference(*case.args), case.args[1] / 2)


def test_huge_pre_activations_do_not_overflow() -> None:
    rng = np.random.default_rng(0)
    N, D, H = 3, 4, 5
    args = (
        rng.normal(size=(N, D)) * 1000,
        rng.uniform(-1, 1, size=(N, H)),
        rng.normal(size=(3 * H, D)),
        rng.normal(size=(3 * H, H)),
        np.zeros(3 * H),
        np.zeros(3 * H),
    )
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        result = REFERENCE.reference(*args)
    assert np.all(np.isfinite(result))
    assert REFERENCE.oracle is not None
    assert EX.within_tolerance(result, REFERENCE.oracle(*args))


def test_flipping_z_is_a_sign_change_of_the_update_gate_weights() -> None:
    swapped = EX.entry_of(EX.mutant_path("swapped_update_gate"), "mutant")
    for case in REFERENCE.edge_cases():
        x, h, W_ih, W_hh, b_ih, b_hh = case.args
        H = h.shape[1]
        flip = np.ones(3 * H)
        flip[H : 2 * H] = -1.0  # sigmoid(-a) = 1 - sigmoid(a)
        flipped = (x, h, W_ih * flip[:, None], W_hh * flip[:, None], b_ih * flip, b_hh * flip)
        np.testing.assert_allclose(swapped(*flipped), REFERENCE.reference(*case.args), atol=1e-12)


def test_only_the_sum_of_r_and_z_biases_matters_but_b_in_and_b_hn_are_distinct() -> None:
    case = REFERENCE.edge_cases()[1]
    x, h, W_ih, W_hh, b_ih, b_hh = case.args
    H = h.shape[1]
    before = REFERENCE.reference(*case.args)
    shift = np.zeros(3 * H)
    shift[: 2 * H] = 0.7
    np.testing.assert_allclose(
        REFERENCE.reference(x, h, W_ih, W_hh, b_ih + shift, b_hh - shift), before
    )
    shift = np.zeros(3 * H)
    shift[2 * H :] = 0.7
    moved = REFERENCE.reference(x, h, W_ih, W_hh, b_ih + shift, b_hh - shift)
    assert not np.allclose(moved, before, atol=1e-3)


def test_update_gate_of_one_copies_the_old_state() -> None:
    case = REFERENCE.edge_cases()[1]
    x, h, W_ih, W_hh, b_ih, b_hh = case.args
    H = h.shape[1]
    b_ih = b_ih.copy()
    b_ih[H : 2 * H] = 60.0  # z = sigmoid(~60) = 1 to double precision
    np.testing.assert_allclose(REFERENCE.reference(x, h, W_ih, W_hh, b_ih, b_hh), h)

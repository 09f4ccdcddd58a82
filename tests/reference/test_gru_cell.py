"""The gru_cell exercise: reference vs nn.GRUCell, mutants, alternative solutions, GRU facts."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.bank.schema import Exercise, Question
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.grading.cases import Case, load_python_file, load_reference

ROOT = Path(__file__).resolve().parents[2]
EXERCISE_ID = "gru_cell"
QUESTION_FILE = ROOT / "questions" / "q49_gru.yaml"
SOLUTIONS = sorted((ROOT / "tests" / "solutions" / EXERCISE_ID).glob("*.py"))
MUTANT_DIR = ROOT / "reference" / "mutants" / EXERCISE_ID
SEEDS = range(20)

reference_module = load_reference(ROOT / "reference" / f"{EXERCISE_ID}.py")


def _exercise() -> Exercise:
    exercise = validate(load_yaml(QUESTION_FILE), Question).exercise
    assert exercise is not None and exercise.id == EXERCISE_ID
    return exercise


EXERCISE = _exercise()


def _as_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _close(result: Any, expected: Any) -> bool:
    """True when `result` matches `expected` in shape and within the exercise tolerance."""
    got = np.asarray(_as_numpy(result), dtype=np.float64)
    want = _as_numpy(expected)
    tol = EXERCISE.tolerance
    return got.shape == want.shape and bool(
        np.all(np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want))
    )


def _cases(seeds: range = SEEDS) -> list[Case]:
    cases = reference_module.edge_cases()
    for seed in seeds:
        rng = np.random.default_rng(seed)
        cases += [reference_module.random_case(rng, i) for i in range(EXERCISE.random_cases)]
    return cases


def _entry(path: Path, prefix: str) -> Any:
    return getattr(load_python_file(path, prefix), EXERCISE.function)


def test_reference_matches_torch_grucell() -> None:
    assert reference_module.oracle is not None
    for case in _cases():
        expected = reference_module.oracle(*case.args)
        assert _close(reference_module.reference(*case.args), expected), case.name


def test_edge_cases_cover_the_brief() -> None:
    cases = reference_module.edge_cases()
    assert len({case.name for case in cases}) == len(cases)
    assert any(case.args[0].shape[0] == 1 for case in cases)  # batch of one
    assert any(case.args[0].shape[1] != case.args[1].shape[1] for case in cases)  # H != D
    assert any(not case.args[1].any() for case in cases)  # zero hidden state
    assert any(not case.args[2].any() and not case.args[3].any() for case in cases)
    assert any(case.args[0].shape[0] >= 256 for case in cases)


def test_every_listed_mutant_is_caught_and_they_are_distinguishable() -> None:
    cases = _cases(range(2))
    edge_count = len(reference_module.edge_cases())
    expected = [reference_module.reference(*case.args) for case in cases]
    outputs: dict[str, list[Any]] = {}
    assert len(EXERCISE.mutants) >= 3
    for mutant in EXERCISE.mutants:
        path = MUTANT_DIR / f"{mutant.name}.py"
        assert path.is_file(), path
        function = _entry(path, "mutant")
        outputs[mutant.name] = [function(*case.args) for case in cases]
        caught = [
            not _close(out, ref) for out, ref in zip(outputs[mutant.name], expected, strict=True)
        ]
        assert sum(caught[:edge_count]) >= 3, f"{mutant.name} is caught on too few edge cases"
    assert {p.stem for p in MUTANT_DIR.glob("*.py")} == set(outputs)
    for first, second in itertools.combinations(outputs, 2):
        assert any(
            not _close(a, b) for a, b in zip(outputs[first], outputs[second], strict=True)
        ), f"{first} and {second} are indistinguishable"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_alternative_solutions_pass(path: Path) -> None:
    import torch

    function = _entry(path, "solution")
    uses_torch = "import torch" in path.read_text()
    for case in _cases(range(3)):
        args = tuple(torch.from_numpy(a) for a in case.args) if uses_torch else case.args
        result = function(*args)
        if uses_torch:
            assert isinstance(result, torch.Tensor)
        assert _close(result, reference_module.reference(*case.args)), case.name


def test_there_are_two_styles_of_solution_one_with_torch() -> None:
    assert len(SOLUTIONS) >= 2
    assert any("import torch" in p.read_text() for p in SOLUTIONS)


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = _entry(ROOT / "tests" / "solutions" / EXERCISE_ID / "torch_style.py", "solution")
    for case in _cases(range(5)):
        args = tuple(torch.from_numpy(a.astype(np.float32)) for a in case.args)
        assert _close(function(*args), reference_module.reference(*case.args)), case.name


def test_zero_weights_and_biases_halve_the_state() -> None:
    case = next(c for c in reference_module.edge_cases() if "all weights and biases zero" in c.name)
    np.testing.assert_allclose(reference_module.reference(*case.args), case.args[1] / 2)


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
        result = reference_module.reference(*args)
    assert np.all(np.isfinite(result))
    assert reference_module.oracle is not None
    assert _close(result, reference_module.oracle(*args))


def test_flipping_z_is_a_sign_change_of_the_update_gate_weights() -> None:
    swapped = _entry(MUTANT_DIR / "swapped_update_gate.py", "mutant")
    for case in reference_module.edge_cases():
        x, h, W_ih, W_hh, b_ih, b_hh = case.args
        H = h.shape[1]
        flip = np.ones(3 * H)
        flip[H : 2 * H] = -1.0  # sigmoid(-a) = 1 - sigmoid(a)
        flipped = (x, h, W_ih * flip[:, None], W_hh * flip[:, None], b_ih * flip, b_hh * flip)
        np.testing.assert_allclose(
            swapped(*flipped), reference_module.reference(*case.args), atol=1e-12
        )


def test_only_the_sum_of_r_and_z_biases_matters_but_b_in_and_b_hn_are_distinct() -> None:
    case = reference_module.edge_cases()[1]
    x, h, W_ih, W_hh, b_ih, b_hh = case.args
    H = h.shape[1]
    before = reference_module.reference(*case.args)
    shift = np.zeros(3 * H)
    shift[: 2 * H] = 0.7
    np.testing.assert_allclose(
        reference_module.reference(x, h, W_ih, W_hh, b_ih + shift, b_hh - shift), before
    )
    shift = np.zeros(3 * H)
    shift[2 * H :] = 0.7
    moved = reference_module.reference(x, h, W_ih, W_hh, b_ih + shift, b_hh - shift)
    assert not np.allclose(moved, before, atol=1e-3)


def test_update_gate_of_one_copies_the_old_state() -> None:
    case = reference_module.edge_cases()[1]
    x, h, W_ih, W_hh, b_ih, b_hh = case.args
    H = h.shape[1]
    b_ih = b_ih.copy()
    b_ih[H : 2 * H] = 60.0  # z = sigmoid(~60) = 1 to double precision
    np.testing.assert_allclose(reference_module.reference(x, h, W_ih, W_hh, b_ih, b_hh), h)

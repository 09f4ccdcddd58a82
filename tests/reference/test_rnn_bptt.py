"""The rnn_bptt exercise: reference vs autograd, mutants, alternative solutions, BPTT facts."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.bank.schema import Exercise, Question
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.grading.cases import Case, load_python_file, load_reference

ROOT = Path(__file__).resolve().parents[2]
EXERCISE_ID = "rnn_bptt"
QUESTION_FILE = ROOT / "questions" / "q47_bptt.yaml"
SOLUTIONS = sorted((ROOT / "tests" / "solutions" / EXERCISE_ID).glob("*.py"))
SEEDS = range(20)

reference_module = load_reference(ROOT / "reference" / f"{EXERCISE_ID}.py")


def _exercise() -> Exercise:
    exercise = validate(load_yaml(QUESTION_FILE), Question).exercise
    assert exercise is not None and exercise.id == EXERCISE_ID
    return exercise


EXERCISE = _exercise()


def _as_numpy(value: Any) -> Any:
    """Tensors, numbers and dicts of them as numpy arrays (what the grader compares)."""
    if isinstance(value, dict):
        return {key: _as_numpy(item) for key, item in value.items()}
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _close(result: Any, expected: Any) -> bool:
    """True when `result` matches `expected` within the exercise tolerance, key by key."""
    result, expected = _as_numpy(result), _as_numpy(expected)
    if set(result) != set(expected):
        return False
    tol = EXERCISE.tolerance
    for key, want in expected.items():
        got = np.asarray(result[key], dtype=np.float64)
        if got.shape != want.shape:
            return False
        if not np.all(np.abs(got - want) <= tol.atol + tol.rtol * np.abs(want)):
            return False
    return True


def _cases(seeds: range = SEEDS) -> list[Case]:
    cases = reference_module.edge_cases()
    for seed in seeds:
        rng = np.random.default_rng(seed)
        cases += [reference_module.random_case(rng, i) for i in range(EXERCISE.random_cases)]
    return cases


def _torch_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    import torch

    return tuple(torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args)


def _entry(path: Path, prefix: str) -> Any:
    return getattr(load_python_file(path, prefix), EXERCISE.function)


def test_reference_matches_torch_autograd() -> None:
    assert reference_module.oracle is not None
    for case in _cases():
        expected = reference_module.oracle(*case.args)
        assert _close(reference_module.reference(*case.args), expected), case.name


def test_edge_cases_have_descriptive_names_and_cover_the_brief() -> None:
    cases = reference_module.edge_cases()
    assert len({case.name for case in cases}) == len(cases)
    lengths = {case.args[0].shape[0] for case in cases}
    assert {1, 30} <= lengths
    assert any(case.args[5].shape[0] == 2 for case in cases)  # K = 2
    assert any(case.args[3].shape[0] != case.args[0].shape[1] for case in cases)  # H != D
    assert any(len(set(case.args[1].tolist())) == 1 and len(case.args[1]) > 1 for case in cases)


def test_every_listed_mutant_is_caught_and_they_are_distinguishable() -> None:
    cases = _cases(range(2))
    expected = [reference_module.reference(*case.args) for case in cases]
    outputs: dict[str, list[Any]] = {}
    assert len(EXERCISE.mutants) >= 3
    for mutant in EXERCISE.mutants:
        path = ROOT / "reference" / "mutants" / EXERCISE_ID / f"{mutant.name}.py"
        assert path.is_file(), path
        function = _entry(path, "mutant")
        outputs[mutant.name] = [function(*case.args) for case in cases]
        caught = [
            not _close(out, ref) for out, ref in zip(outputs[mutant.name], expected, strict=True)
        ]
        assert any(caught[: len(reference_module.edge_cases())]), f"{mutant.name} passes all edges"
    shipped = {p.stem for p in (ROOT / "reference" / "mutants" / EXERCISE_ID).glob("*.py")}
    assert shipped == set(outputs)
    for first, second in itertools.combinations(outputs, 2):
        assert any(
            not _close(a, b) for a, b in zip(outputs[first], outputs[second], strict=True)
        ), f"{first} and {second} are indistinguishable"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_alternative_solutions_pass(path: Path) -> None:
    function = _entry(path, "solution")
    uses_torch = "import torch" in path.read_text()
    for case in _cases(range(3)):
        args = _torch_args(case.args) if uses_torch else case.args
        assert _close(function(*args), reference_module.reference(*case.args)), case.name


def test_there_are_two_styles_of_solution_one_with_torch() -> None:
    assert len(SOLUTIONS) >= 2
    assert any("import torch" in p.read_text() for p in SOLUTIONS)


def test_a_float32_learner_passes_the_tolerance() -> None:
    import torch

    function = _entry(ROOT / "tests" / "solutions" / EXERCISE_ID / "torch_style.py", "solution")
    for case in _cases(range(5)):
        args = tuple(
            torch.from_numpy(a.astype(np.float32)) if a.dtype == np.float64 else torch.from_numpy(a)
            for a in case.args
        )
        assert _close(function(*args), reference_module.reference(*case.args)), case.name


def test_gradients_match_central_finite_differences() -> None:
    case = reference_module.edge_cases()[1]
    h0, U, W, V, b, c = case.args[2:]
    grads = reference_module.reference(*case.args)
    params = {"dU": U, "dW": W, "dV": V, "db": b, "dc": c, "dh0": h0}
    eps = 1e-6
    for key, param in params.items():
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + eps
            up = reference_module.reference(*case.args)["loss"]
            param[index] = saved - eps
            down = reference_module.reference(*case.args)["loss"]
            param[index] = saved
            numeric[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grads[key], numeric, rtol=1e-5, atol=1e-7, err_msg=key)


def test_all_zero_weights_give_t_log_k_and_only_dc() -> None:
    case = next(c for c in reference_module.edge_cases() if "all weights and biases zero" in c.name)
    ys, c = case.args[1], case.args[7]
    T, K = len(ys), len(c)
    result = reference_module.reference(*case.args)
    assert math.isclose(result["loss"], T * math.log(K))
    for key in ("dU", "dW", "dV", "db", "dh0"):
        assert not result[key].any(), key
    expected_dc = T / K - np.bincount(ys, minlength=K)
    np.testing.assert_allclose(result["dc"], expected_dc)


def test_distant_steps_do_not_reach_h0_with_a_small_recurrent_matrix() -> None:
    case = next(c for c in reference_module.edge_cases() if c.args[0].shape[0] == 30)
    xs, ys, *weights = case.args
    full = reference_module.reference(*case.args)["dh0"]
    first_steps = reference_module.reference(xs[:10], ys[:10], *weights)["dh0"]
    assert np.abs(full).max() > 1e-3
    np.testing.assert_allclose(full, first_steps, rtol=0, atol=1e-8)  # steps 11..30 vanish


def test_one_step_truncation_mutant_is_tbptt_with_k_equal_one() -> None:
    import torch
    import torch.nn.functional as F

    truncated = _entry(ROOT / "reference" / "mutants" / EXERCISE_ID / "truncated_one_step.py", "m")
    case = reference_module.edge_cases()[1]
    xs, ys, h0, U, W, V, b, c = case.args
    leaves = [torch.tensor(p, requires_grad=True) for p in (U, W, V, b, c)]
    tU, tW, tV, tb, tc = leaves
    h, logits = torch.tensor(h0), []
    for t in range(len(ys)):
        h = torch.tanh(tU @ h.detach() + tW @ torch.tensor(xs[t]) + tb)  # detach every step
        logits.append(tV @ h + tc)
    F.cross_entropy(torch.stack(logits), torch.tensor(ys), reduction="sum").backward()
    result = truncated(*case.args)
    full = reference_module.reference(*case.args)
    for key, leaf in zip(("dU", "dW", "dV", "db", "dc"), leaves, strict=True):
        assert leaf.grad is not None
        np.testing.assert_allclose(result[key], leaf.grad.numpy(), atol=1e-12, err_msg=key)
    assert not np.allclose(result["dU"], full["dU"], atol=1e-3)

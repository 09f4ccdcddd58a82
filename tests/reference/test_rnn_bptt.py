"""The rnn_bptt exercise: reference vs autograd, mutants, alternative solutions, BPTT facts."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from tests.reference.support import ExerciseUnderTest, as_torch

EX = ExerciseUnderTest.load("rnn_bptt", "q47_bptt.yaml")
REFERENCE = EX.reference


def test_edge_cases_have_descriptive_names_and_cover_the_brief() -> None:
    cases = REFERENCE.edge_cases()
    assert len({case.name for case in cases}) == len(cases)
    lengths = {case.args[0].shape[0] for case in cases}
    assert {1, 30} <= lengths
    assert any(case.args[5].shape[0] == 2 for case in cases)  # K = 2
    assert any(case.args[3].shape[0] != case.args[0].shape[1] for case in cases)  # H != D
    assert any(len(set(case.args[1].tolist())) == 1 and len(case.args[1]) > 1 for case in cases)


def test_every_listed_mutant_is_caught_and_they_are_distinguishable() -> None:
    cases = EX.every_case(range(2))
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
        assert any(caught[: len(REFERENCE.edge_cases())]), f"{mutant.name} passes all edges"
    shipped = {p.stem for p in EX.mutant_dir.glob("*.py")}
    assert shipped == set(outputs)
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


def test_gradients_match_central_finite_differences() -> None:
    case = REFERENCE.edge_cases()[1]
    h0, U, W, V, b, c = case.args[2:]
    grads = REFERENCE.reference(*case.args)
    params = {"dU": U, "dW": W, "dV": V, "db": b, "dc": c, "dh0": h0}
    eps = 1e-6
    for key, param in params.items():
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            saved = param[index]
            param[index] = saved + eps
            up = REFERENCE.reference(*case.args)["loss"]
            param[index] = saved - eps
            down = REFERENCE.reference(*case.args)["loss"]
            param[index] = saved
            numeric[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grads[key], numeric, rtol=1e-5, atol=1e-7, err_msg=key)


def test_all_zero_weights_give_t_log_k_and_only_dc() -> None:
    case = next(c for c in REFERENCE.edge_cases() if "all weights and biases zero" in c.name)
    ys, c = case.args[1], case.args[7]
    T, K = len(ys), len(c)
    result = REFERENCE.reference(*case.args)
    assert math.isclose(result["loss"], T * math.log(K))
    for key in ("dU", "dW", "dV", "db", "dh0"):
        assert not result[key].any(), key
    expected_dc = T / K - np.bincount(ys, minlength=K)
    np.testing.assert_allclose(result["dc"], expected_dc)


def test_distant_steps_do_not_reach_h0_with_a_small_recurrent_matrix() -> None:
    case = next(c for c in REFERENCE.edge_cases() if c.args[0].shape[0] == 30)
    xs, ys, *weights = case.args
    full = REFERENCE.reference(*case.args)["dh0"]
    first_steps = REFERENCE.reference(xs[:10], ys[:10], *weights)["dh0"]
    assert np.abs(full).max() > 1e-3
    np.testing.assert_allclose(full, first_steps, rtol=0, atol=1e-8)  # steps 11..30 vanish


def test_one_step_truncation_mutant_is_tbptt_with_k_equal_one() -> None:
    import torch
    import torch.nn.functional as F

    truncated = EX.entry_of(EX.mutant_path("truncated_one_step"), "m")
    case = next(c for c in REFERENCE.edge_cases() if c.name.startswith("hidden size different"))
    xs, ys, h0, U, W, V, b, c = case.args
    leaves = [torch.tensor(p, requires_grad=True) for p in (U, W, V, b, c)]
    tU, tW, tV, tb, tc = leaves
    h, logits = torch.tensor(h0), []
    for t in range(len(ys)):
        h = torch.tanh(tU @ h.detach() + tW @ torch.tensor(xs[t]) + tb)  # detach every step
        logits.append(tV @ h + tc)
    F.cross_entropy(torch.stack(logits), torch.tensor(ys), reduction="sum").backward()
    result = truncated(*case.args)
    full = REFERENCE.reference(*case.args)
    for key, leaf in zip(("dU", "dW", "dV", "db", "dc"), leaves, strict=True):
        assert leaf.grad is not None
        np.testing.assert_allclose(result[key], leaf.grad.numpy(), atol=1e-12, err_msg=key)
    assert not np.allclose(result["dU"], full["dU"], atol=1e-3)

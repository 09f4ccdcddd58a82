"""Checks of the cross_entropy reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.grading.cases import Case
from tests.reference.support import ExerciseUnderTest, as_numpy, as_torch, outcome, uses_torch

EX = ExerciseUnderTest.load("cross_entropy", "q22_cross_entropy.yaml")
REFERENCE = EX.reference


@pytest.mark.parametrize("case", REFERENCE.edge_cases(), ids=lambda c: c.name)
def test_oracle_agrees_on_edge_case(case: Case) -> None:
    assert REFERENCE.oracle is not None
    assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case))


@pytest.mark.parametrize("seed", EX.seeds)
def test_oracle_agrees_on_random_cases(seed: int) -> None:
    assert REFERENCE.oracle is not None
    for case in EX.random_cases(seed):
        assert EX.close(outcome(REFERENCE.oracle, case), EX.expected(case)), case.name


def test_random_cases_are_reproducible() -> None:
    first, second = EX.random_cases(3), EX.random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        EX.close(outcome(REFERENCE.reference, c), EX.expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_mutant_files_match_the_yaml() -> None:
    on_disk = {p.stem for p in EX.mutant_dir.glob("*.py")}
    assert on_disk == {m.name for m in EX.spec.mutants}
    assert len(on_disk) >= 3


@pytest.mark.parametrize("name", [m.name for m in EX.spec.mutants])
def test_mutant_is_caught_by_an_edge_case(name: str) -> None:
    mutant = EX.entry_of(EX.mutant_path(name))
    caught = [
        c.name for c in REFERENCE.edge_cases() if not EX.close(outcome(mutant, c), EX.expected(c))
    ]
    assert caught, f"{name} passes every edge case"


def test_mutants_are_distinguishable() -> None:
    cases = EX.every_case()
    signatures = {}
    for mutant in EX.spec.mutants:
        function = EX.entry_of(EX.mutant_path(mutant.name))
        signatures[mutant.name] = [outcome(function, c) for c in cases]
    names = list(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert any(
                not EX.close(a, b) or not EX.close(b, a)
                for a, b in zip(signatures[first], signatures[second], strict=True)
            ), f"mutants {first} and {second} behave the same on every case"


def test_there_are_alternative_solutions() -> None:
    assert len(EX.solutions) >= 2
    assert any(uses_torch(p) for p in EX.solutions)


@pytest.mark.parametrize("path", EX.solutions, ids=lambda p: p.stem)
def test_alternative_solution_passes(path: Path) -> None:
    function = EX.entry_of(path)
    for case in EX.every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert EX.close(actual, EX.expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


def test_starter_fails() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(EX.spec.starter, "starter.py", "exec"), namespace)
    case = REFERENCE.edge_cases()[0]
    assert not EX.close(outcome(namespace[EX.spec.function], case), EX.expected(case))


# Facts about cross-entropy.


def test_huge_logits_give_finite_losses_equal_to_torch() -> None:
    import torch
    import torch.nn.functional as F

    logits = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    right = REFERENCE.reference(logits, np.array([0, 1]))
    wrong = REFERENCE.reference(logits, np.array([1, 0]))
    assert right == 0.0
    assert np.isfinite(wrong) and wrong == pytest.approx(2000.0)
    torch_wrong = F.cross_entropy(torch.from_numpy(logits), torch.tensor([1, 0])).item()
    assert wrong == pytest.approx(torch_wrong)


def test_uniform_logits_give_log_k() -> None:
    for n, k in [(1, 2), (3, 10), (5, 4)]:
        for value in [0.0, 800.0, -1000.0]:
            loss = REFERENCE.reference(np.full((n, k), value), np.arange(n) % k)
            assert loss == pytest.approx(np.log(k), rel=1e-12)


def test_is_a_mean_over_the_batch() -> None:
    rng = np.random.default_rng(0)
    logits, targets = rng.normal(size=(6, 4)), np.array([0, 1, 2, 3, 0, 1])
    per_sample = [REFERENCE.reference(logits[i : i + 1], targets[i : i + 1]) for i in range(6)]
    assert REFERENCE.reference(logits, targets) == pytest.approx(np.mean(per_sample))


def test_returns_a_python_float() -> None:
    for case in REFERENCE.cases(0, 10):
        assert type(REFERENCE.reference(*case.args)) is float


def test_edge_cases_break_the_unstable_formula() -> None:
    naive = EX.entry_of(EX.mutant_path("naive_softmax"))
    broken = [c.name for c in REFERENCE.edge_cases() if not np.isfinite(naive(*c.args))]
    assert len(broken) >= 3


def test_float32_learner_passes() -> None:
    import torch

    function = EX.entry_of(EX.solution_dir / "torch_style.py")
    for case in EX.every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert EX.close(actual, EX.expected(case)), case.name

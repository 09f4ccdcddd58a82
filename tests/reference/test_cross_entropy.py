"""Checks of the cross_entropy reference, its PyTorch oracle, mutants and other solutions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quizprep.bank.schema import Question
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.grading.cases import Case, load_python_file, load_reference

EXERCISE = "cross_entropy"
QUESTION_FILE = "q22_cross_entropy.yaml"
ROOT = Path(__file__).resolve().parents[2]
SEEDS = range(20)
REFERENCE = load_reference(ROOT / "reference" / f"{EXERCISE}.py")
SPEC = validate(load_yaml(ROOT / "questions" / QUESTION_FILE), Question).exercise
assert SPEC is not None and SPEC.id == EXERCISE
TOLERANCE = SPEC.tolerance
SOLUTIONS = sorted((ROOT / "tests" / "solutions" / EXERCISE).glob("*.py"))


def random_cases(seed: int) -> list[Case]:
    """The random cases the grader draws for `seed`."""
    return REFERENCE.cases(seed, SPEC.random_cases)[len(REFERENCE.edge_cases()) :]


def every_case() -> list[Case]:
    """The edge cases, then the random cases of every seed in SEEDS."""
    return [*REFERENCE.edge_cases(), *(c for seed in SEEDS for c in random_cases(seed))]


def entry_of(path: Path) -> Callable[..., Any]:
    """The exercise's entry function defined in a mutant or solution file."""
    return getattr(load_python_file(path, "test"), SPEC.function)


def uses_torch(path: Path) -> bool:
    return "import torch" in path.read_text(encoding="utf-8")


def as_torch(value: Any, dtype: Any = None) -> Any:
    """numpy arrays become CPU tensors (float arrays cast to `dtype` when given), as the grader
    hands them to a submission that imports torch."""
    import torch

    if isinstance(value, np.ndarray):
        tensor = torch.from_numpy(value)
        return tensor.to(dtype) if dtype is not None and tensor.is_floating_point() else tensor
    if isinstance(value, tuple):
        return tuple(as_torch(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: as_torch(v, dtype) for k, v in value.items()}
    return value


def as_numpy(value: Any) -> Any:
    """Tensors, numpy scalars and arrays become numpy arrays; containers are walked."""
    if type(value).__module__.startswith("torch"):
        return value.detach().cpu().double().numpy()
    if isinstance(value, tuple | list):
        return tuple(as_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: as_numpy(v) for k, v in value.items()}
    return value


def outcome(function: Callable[..., Any], case: Case, torch_inputs: bool = False) -> Any:
    """What a call returns (as numpy data), or ("raises", exception type name)."""
    args, kwargs = case.args, case.kwargs
    if torch_inputs:
        args, kwargs = as_torch(args), as_torch(kwargs)
    try:
        return as_numpy(function(*args, **kwargs))
    except Exception as exc:
        return ("raises", type(exc).__name__)


def expected(case: Case) -> Any:
    """The reference outcome, checked against the case's declared exception."""
    result = outcome(REFERENCE.reference, case)
    if case.raises is not None:
        assert result == ("raises", case.raises), case.name
    return result


def raised(value: Any) -> bool:
    """Whether an outcome is ("raises", name) rather than a result."""
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)


def close(actual: Any, wanted: Any) -> bool:
    """Same structure, and every number within the exercise tolerance (NaN never matches)."""
    if raised(wanted) or raised(actual):
        return raised(wanted) and raised(actual) and actual == wanted
    if isinstance(wanted, tuple):
        return (
            isinstance(actual, tuple)
            and len(actual) == len(wanted)
            and all(close(a, w) for a, w in zip(actual, wanted, strict=True))
        )
    if isinstance(wanted, dict):
        return (
            isinstance(actual, dict)
            and actual.keys() == wanted.keys()
            and all(close(actual[k], wanted[k]) for k in wanted)
        )
    try:
        actual_array = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    wanted_array = np.asarray(wanted, dtype=np.float64)
    return actual_array.shape == wanted_array.shape and bool(
        np.allclose(actual_array, wanted_array, rtol=TOLERANCE.rtol, atol=TOLERANCE.atol)
    )


@pytest.mark.parametrize("case", REFERENCE.edge_cases(), ids=lambda c: c.name)
def test_oracle_agrees_on_edge_case(case: Case) -> None:
    assert REFERENCE.oracle is not None
    assert close(outcome(REFERENCE.oracle, case), expected(case))


@pytest.mark.parametrize("seed", SEEDS)
def test_oracle_agrees_on_random_cases(seed: int) -> None:
    assert REFERENCE.oracle is not None
    for case in random_cases(seed):
        assert close(outcome(REFERENCE.oracle, case), expected(case)), case.name


def test_random_cases_are_reproducible() -> None:
    first, second = random_cases(3), random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        close(outcome(REFERENCE.reference, c), expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_mutant_files_match_the_yaml() -> None:
    on_disk = {p.stem for p in (ROOT / "reference" / "mutants" / EXERCISE).glob("*.py")}
    assert on_disk == {m.name for m in SPEC.mutants}
    assert len(on_disk) >= 3


@pytest.mark.parametrize("name", [m.name for m in SPEC.mutants])
def test_mutant_is_caught_by_an_edge_case(name: str) -> None:
    mutant = entry_of(ROOT / "reference" / "mutants" / EXERCISE / f"{name}.py")
    caught = [c.name for c in REFERENCE.edge_cases() if not close(outcome(mutant, c), expected(c))]
    assert caught, f"{name} passes every edge case"


def test_mutants_are_distinguishable() -> None:
    cases = every_case()
    signatures = {}
    for mutant in SPEC.mutants:
        function = entry_of(ROOT / "reference" / "mutants" / EXERCISE / f"{mutant.name}.py")
        signatures[mutant.name] = [outcome(function, c) for c in cases]
    names = list(signatures)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert any(
                not close(a, b) or not close(b, a)
                for a, b in zip(signatures[first], signatures[second], strict=True)
            ), f"mutants {first} and {second} behave the same on every case"


def test_there_are_alternative_solutions() -> None:
    assert len(SOLUTIONS) >= 2
    assert any(uses_torch(p) for p in SOLUTIONS)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_alternative_solution_passes(path: Path) -> None:
    function = entry_of(path)
    for case in every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert close(actual, expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


def test_starter_fails() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(SPEC.starter, "starter.py", "exec"), namespace)
    case = REFERENCE.edge_cases()[0]
    assert not close(outcome(namespace[SPEC.function], case), expected(case))


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
    naive = entry_of(ROOT / "reference" / "mutants" / EXERCISE / "naive_softmax.py")
    broken = [c.name for c in REFERENCE.edge_cases() if not np.isfinite(naive(*c.args))]
    assert len(broken) >= 3


def test_float32_learner_passes() -> None:
    import torch

    function = entry_of(ROOT / "tests" / "solutions" / EXERCISE / "torch_style.py")
    for case in every_case():
        actual = as_numpy(function(*as_torch(case.args, torch.float32)))
        assert close(actual, expected(case)), case.name

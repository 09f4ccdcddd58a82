"""What every exercise of the built-in bank must hold: the NumPy reference agrees with its
PyTorch oracle (where it has one), every mutant is listed, caught and distinguishable, correct
solutions in other styles pass, and the starter fails. Exercises are found from questions/*.yaml;
exercise-specific facts live in test_<exercise>.py."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from quizprep.bank.schema import Question
from quizprep.bank.yamlfile import load_yaml, validate
from tests.reference.support import MODERN, ROOT, ExerciseUnderTest, outcome, uses_torch

FLAGSHIPS = {"perceptron_step", "cross_entropy", "conv2d_output_shape", "rnn_bptt", "gru_cell"}


def _discover() -> dict[str, ExerciseUnderTest]:
    """Every exercise of both built-in packs, by id (the ids are unique across the two, so that
    tests/solutions/<id>/ is unambiguous; an id used twice stops collection)."""
    found = {}
    for base in (ROOT, MODERN):
        for path in sorted((base / "questions").glob("q*.yaml")):
            spec = validate(load_yaml(path), Question).exercise
            if spec is not None:
                assert spec.id not in found, f"{path}: exercise id {spec.id} is used twice"
                found[spec.id] = ExerciseUnderTest.load(spec.id, path.name, base)
    return found


EXERCISES = _discover()
WITH_ORACLE = [ex for ex in EXERCISES.values() if ex.reference.oracle is not None]
EDGE_CASES = [(ex, case) for ex in WITH_ORACLE for case in ex.reference.edge_cases()]
MUTANTS = [(ex, m.name) for ex in EXERCISES.values() for m in ex.spec.mutants]
SOLUTIONS = [(ex, path) for ex in EXERCISES.values() for path in ex.solutions]
BY_EXERCISE = pytest.mark.parametrize("ex", EXERCISES.values(), ids=list(EXERCISES))


@pytest.mark.parametrize(
    ("ex", "case"), EDGE_CASES, ids=[f"{e.id}-{c.name}" for e, c in EDGE_CASES]
)
def test_oracle_agrees_on_edge_case(ex: ExerciseUnderTest, case: Any) -> None:
    assert ex.reference.oracle is not None
    assert ex.close(outcome(ex.reference.oracle, case), ex.expected(case))


@pytest.mark.parametrize("ex", WITH_ORACLE, ids=[ex.id for ex in WITH_ORACLE])
def test_oracle_agrees_on_random_cases_of_every_seed(ex: ExerciseUnderTest) -> None:
    assert ex.reference.oracle is not None
    for seed in ex.seeds:
        for case in ex.random_cases(seed):
            assert ex.close(outcome(ex.reference.oracle, case), ex.expected(case)), case.name


@BY_EXERCISE
def test_random_cases_are_reproducible(ex: ExerciseUnderTest) -> None:
    first, second = ex.random_cases(3), ex.random_cases(3)
    assert [c.name for c in first] == [c.name for c in second]
    assert all(
        ex.close(outcome(ex.reference.reference, c), ex.expected(d))
        for c, d in zip(first, second, strict=True)
    )


def test_the_flagships_are_all_here() -> None:
    assert set(EXERCISES) >= FLAGSHIPS


@BY_EXERCISE
def test_mutant_files_match_the_yaml(ex: ExerciseUnderTest) -> None:
    on_disk = {p.stem for p in ex.mutant_dir.glob("*.py")}
    assert on_disk == {m.name for m in ex.spec.mutants}
    assert len(on_disk) >= (3 if ex.id in FLAGSHIPS else 2)


@pytest.mark.parametrize(("ex", "name"), MUTANTS, ids=[f"{e.id}-{n}" for e, n in MUTANTS])
def test_mutant_is_caught_by_an_edge_case(ex: ExerciseUnderTest, name: str) -> None:
    mutant = ex.entry_of(ex.mutant_path(name))
    caught = [
        c.name
        for c in ex.reference.edge_cases()
        if not ex.close(outcome(mutant, c), ex.expected(c))
    ]
    assert caught, f"{name} passes every edge case"


@BY_EXERCISE
def test_mutants_are_distinguishable(ex: ExerciseUnderTest) -> None:
    cases = ex.every_case()
    signatures = {
        m.name: [outcome(ex.entry_of(ex.mutant_path(m.name)), c) for c in cases]
        for m in ex.spec.mutants
    }
    for first, second in itertools.combinations(signatures, 2):
        assert any(
            not ex.close(a, b) or not ex.close(b, a)
            for a, b in zip(signatures[first], signatures[second], strict=True)
        ), f"mutants {first} and {second} behave the same on every case"


@BY_EXERCISE
def test_there_are_solutions_in_other_styles(ex: ExerciseUnderTest) -> None:
    if ex.id in FLAGSHIPS:  # the flagships: two styles, one of them PyTorch
        assert len(ex.solutions) >= 2
        assert any(uses_torch(p) for p in ex.solutions)
    else:
        assert len(ex.solutions) >= 1


@pytest.mark.parametrize(("ex", "path"), SOLUTIONS, ids=[f"{e.id}-{p.stem}" for e, p in SOLUTIONS])
def test_alternative_solution_passes(ex: ExerciseUnderTest, path: Any) -> None:
    function = ex.entry_of(path)
    for case in ex.every_case():
        actual = outcome(function, case, torch_inputs=uses_torch(path))
        assert ex.close(actual, ex.expected(case)), f"{path.stem} fails {case.name!r}: {actual}"


@BY_EXERCISE
def test_starter_fails(ex: ExerciseUnderTest) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(ex.spec.starter, "starter.py", "exec"), namespace)
    case = ex.reference.edge_cases()[0]
    assert not ex.close(outcome(namespace[ex.spec.function], case), ex.expected(case))

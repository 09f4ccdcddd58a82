"""Exercises through the real grader (the sandbox): correct solutions in several styles pass,
every shipped mutant fails with its own explanation, and the flagships' starters are "not
attempted" (`quizprep pack check` checks every starter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep.bank.pack import Pack, load_pack, modern_pack_dir
from quizprep.grading.grader import NOT_ATTEMPTED, Grader

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIPS = ["perceptron_step", "conv2d_output_shape", "cross_entropy", "rnn_bptt", "gru_cell"]
SOLUTIONS = sorted((ROOT / "tests" / "solutions").glob("*/*.py"))


@pytest.fixture(scope="module")
def grader(builtin_pack: Pack) -> Grader:
    return Grader(builtin_pack, seed=12345, device="cpu")


@pytest.fixture(scope="module")
def graders(builtin_pack: Pack) -> dict[str, Grader]:
    """A grader for each exercise of both built-in packs (tests/solutions holds both)."""
    found = {}
    for pack in (builtin_pack, load_pack(modern_pack_dir())):
        grader = Grader(pack, seed=12345, device="cpu")
        found.update({exercise.id: grader for exercise in pack.exercises})
    return found


def test_every_flagship_has_solutions_in_two_styles() -> None:
    for exercise in FLAGSHIPS:
        assert len(list((ROOT / "tests" / "solutions" / exercise).glob("*.py"))) >= 2, exercise


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_correct_solutions_in_any_style_pass(graders: dict[str, Grader], path: Path) -> None:
    grader = graders[path.parent.name]
    result = grader.grade_file(path, path.parent.name)
    failing = [f"{c.name}: {c.message}" for c in result.checks if c.status != "pass"]
    assert result.status == "pass", failing
    assert result.score == 1.0
    expected_arrays = "torch" if "import torch" in path.read_text() else "numpy"
    if grader.exercise(path.parent.name).accepts_torch:
        assert result.arrays == expected_arrays


def _mutants(exercise: str) -> list[tuple[str, str]]:
    return [
        (exercise, path.stem)
        for path in sorted((ROOT / "reference" / "mutants" / exercise).glob("*.py"))
    ]


# Every mutant of every exercise goes through the sandbox in the (slow) pack check of the bank;
# here, the flagships' mutants do too, so `make check` catches a grader regression quickly.
MUTANTS = [m for exercise in FLAGSHIPS for m in _mutants(exercise)]


@pytest.mark.parametrize(("exercise_id", "name"), MUTANTS, ids=lambda v: str(v))
def test_each_mutant_fails_with_an_explanation(grader: Grader, exercise_id: str, name: str) -> None:
    exercise = grader.exercise(exercise_id)
    path = grader.pack.mutant_file(exercise, name)
    result = grader.grade_file(path, exercise_id)
    assert result.status != "pass"
    assert 0 <= result.score < 1
    explanations = {m.name: m.explanation for m in exercise.mutants}
    assert name in explanations, f"{name} is not listed in the YAML"
    assert result.advice == f"This looks like a known mistake: {explanations[name]}"
    failing = [c for c in result.checks if c.status != "pass"]
    assert all(c.message for c in failing)


@pytest.mark.parametrize("exercise_id", FLAGSHIPS)
def test_each_flagship_has_three_mutants(grader: Grader, exercise_id: str) -> None:
    assert len(grader.exercise(exercise_id).mutants) >= 3


@pytest.mark.parametrize("exercise_id", FLAGSHIPS)
def test_starter_is_not_attempted(grader: Grader, exercise_id: str) -> None:
    exercise = grader.exercise(exercise_id)
    result = grader.grade_source(exercise.starter, exercise, submission=f"{exercise_id}.py")
    assert result.status == "error"
    assert {c.message for c in result.checks} == {NOT_ATTEMPTED}


def test_a_mutant_that_raises_does_not_break_matching(tiny_pack: Pack, tmp_path: Path) -> None:
    """A shipped mutant that raises on a case where the learner returned a wrong array must
    not make the grader compare an exception with an array."""
    from quizprep.bank.pack import load_pack
    from tests.conftest import write_tiny_pack

    root = write_tiny_pack(tmp_path / "pack")
    (root / "reference/mutants/scaled_sum/forgot_scale.py").write_text(
        "def scaled_sum(a, b, scale):\n    if a.size == 3:\n        raise ValueError('no')\n"
        "    return a + b\n"
    )
    pack = load_pack(root)
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    wrong = "def scaled_sum(a, b, scale):\n    return a - b + 1\n"  # wrong on the zeros case
    result = Grader(pack, seed=0).grade_source(wrong, exercise, submission="scaled_sum.py")
    assert result.status == "fail"
    assert result.advice == ""

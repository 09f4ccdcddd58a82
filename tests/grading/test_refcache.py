"""The on-disk reference cache: a second grader (another run) computes nothing it has cached,
and any change to what an entry depends on recomputes it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quizprep.bank.pack import Pack, load_pack
from quizprep.errors import GradingError
from quizprep.grading.grader import Grader
from quizprep.grading.trusted import TrustedRunner
from tests.conftest import TINY_MUTANT, write_tiny_pack

WRONG = "def scaled_sum(a, b, scale):\n    return a + b\n"


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_pack(write_tiny_pack(tmp_path / "pack"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("QUIZPREP_CACHE", str(directory))
    return directory


def _forbid_computing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed a reference output that was cached")

    monkeypatch.setattr(Grader, "reference", refuse)
    monkeypatch.setattr(TrustedRunner, "request", refuse)  # every call of pack code


def test_a_second_run_reads_reference_and_mutant_outputs_from_disk(
    pack: Pack, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    first = Grader(pack, seed=7)
    fresh = first.cases(exercise)
    graded = first.grade_source(WRONG, exercise, submission="scaled_sum.py")
    assert "forgot" in graded.advice or graded.advice  # the mutant was matched (and cached)
    assert list(cache.rglob("*.bin")), "nothing was written to the cache"

    _forbid_computing(monkeypatch)
    second = Grader(pack, seed=7)
    cached = second.cases(exercise)
    assert [c.name for c in cached.cases] == [c.name for c in fresh.cases]
    for a, b in zip(cached.cases, fresh.cases, strict=True):
        for x, y in zip(a.args, b.args, strict=True):
            np.testing.assert_array_equal(x, y)
    for x, y in zip(cached.expected, fresh.expected, strict=True):
        np.testing.assert_array_equal(x, y)
    again = second.grade_source(WRONG, exercise, submission="scaled_sum.py")
    assert again.to_json() | {"seconds": 0} == graded.to_json() | {"seconds": 0}


def test_another_seed_or_an_edited_reference_is_recomputed(
    pack: Pack, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    Grader(pack, seed=1).cases(exercise)
    calls = []
    original = Grader.reference

    def counting(self: Grader, exercise: object) -> object:
        calls.append(1)
        return original(self, exercise)  # type: ignore[arg-type]

    monkeypatch.setattr(Grader, "reference", counting)
    Grader(pack, seed=1).cases(exercise)
    assert calls == []
    Grader(pack, seed=2).cases(exercise)
    assert calls == [1]
    path = pack.reference_module(exercise)
    path.write_text(path.read_text() + "\n# an edit\n")
    Grader(pack, seed=1).cases(exercise)
    assert calls == [1, 1]


def test_a_corrupt_entry_is_recomputed(pack: Pack, cache: Path) -> None:
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    expected = Grader(pack, seed=3).cases(exercise).expected
    for entry in cache.rglob("*.bin"):
        entry.write_bytes(b"\x00garbage")
    again = Grader(pack, seed=3).cases(exercise).expected
    for x, y in zip(again, expected, strict=True):
        np.testing.assert_array_equal(x, y)


def test_off_disables_the_cache(
    pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZPREP_CACHE", "off")
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    Grader(pack, seed=3).cases(exercise)
    _forbid_computing(monkeypatch)
    with pytest.raises(AssertionError, match="computed"):
        Grader(pack, seed=3).cases(exercise)


def test_mutant_outputs_are_keyed_by_the_mutant_file(pack: Pack, cache: Path) -> None:
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    grader = Grader(pack, seed=5)
    before = grader.mutant_outputs(exercise, 5, "forgot_scale")
    mutant = pack.mutant_file(exercise, "forgot_scale")
    mutant.write_text(TINY_MUTANT.replace("a + b", "a - b"))
    after = Grader(pack, seed=5).mutant_outputs(exercise, 5, "forgot_scale")
    assert not all(np.allclose(x, y) for x, y in zip(before, after, strict=True))
    with pytest.raises(GradingError):
        Grader(pack, seed=5).mutant_outputs(exercise, 5, "no_such_mutant")

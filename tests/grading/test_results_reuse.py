"""A results file serves a row again only when everything that decided it is unchanged (the
grading limits and the quizprep version too), and one results file has one writer at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.errors import UsageError
from quizprep.grading.batch import ResultsFile, find_submissions, reusable, run_batch
from quizprep.grading.grader import Grader
from tests.conftest import CORRECT_TINY, TINY_MUTANT


def _warn(message: str) -> None:
    raise AssertionError(message)


def _batch(tiny_pack: Pack, tmp_path: Path, path: Path, grader: Grader) -> tuple[int, int]:
    for learner, source in {"alice": CORRECT_TINY, "bob": TINY_MUTANT}.items():
        (tmp_path / "subs" / learner).mkdir(parents=True, exist_ok=True)
        (tmp_path / "subs" / learner / "scaled_sum.py").write_text(source)
    submissions, _ = find_submissions([str(tmp_path / "subs")], None, {"scaled_sum"})
    with ResultsFile(path, warn=_warn) as results:
        outcome = run_batch(
            submissions,
            lambda _: grader,
            workers=1,
            results_file=results,
            previous=reusable(results.read()),
        )
    return outcome.served, outcome.graded


@pytest.mark.parametrize(
    "change",
    [
        {"timeout": 7.0},
        {"case_timeout": 2.0},
        {"max_source_bytes": 4096},
    ],
)
def test_a_row_is_not_served_under_other_limits(
    change: dict[str, float], tiny_pack: Pack, tmp_path: Path
) -> None:
    """A timeout caused by load under `--timeout 5` must not be served for ever once the
    instructor raises the limit."""
    path = tmp_path / "results.jsonl"
    assert _batch(tiny_pack, tmp_path, path, Grader(tiny_pack, seed=3)) == (0, 2)
    assert _batch(tiny_pack, tmp_path, path, Grader(tiny_pack, seed=3)) == (2, 0)
    changed = Grader(tiny_pack, seed=3, **change)  # type: ignore[arg-type]
    assert _batch(tiny_pack, tmp_path, path, changed) == (0, 2)


def test_a_row_from_another_quizprep_version_is_not_served(
    tiny_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quizprep

    path = tmp_path / "results.jsonl"
    assert _batch(tiny_pack, tmp_path, path, Grader(tiny_pack, seed=3)) == (0, 2)
    monkeypatch.setattr(quizprep, "__version__", "99.0.0")
    assert _batch(tiny_pack, tmp_path, path, Grader(tiny_pack, seed=3)) == (0, 2)


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    first = ResultsFile(path, warn=_warn)
    first.lock()
    second = ResultsFile(path, warn=_warn)
    with pytest.raises(UsageError, match="another quizprep grade is using"):
        second.lock()
    with pytest.raises(UsageError, match="another quizprep grade is using"):
        second.open()
    first.close()
    second.lock()  # free again
    second.close()


def test_a_second_grader_on_the_same_results_file_is_refused(
    tiny_pack: Pack, tmp_path: Path
) -> None:
    """Through the CLI: while one `quizprep grade --results F` holds F, another is one line,
    exit 2."""
    path = tmp_path / "results.jsonl"
    holder = ResultsFile(path, warn=_warn)
    holder.lock()
    try:
        (tmp_path / "scaled_sum.py").write_text(CORRECT_TINY)
        done = subprocess.run(
            [
                *(sys.executable, "-m", "quizprep", "grade", "scaled_sum.py"),
                *("--results", str(path), "--pack", str(tiny_pack.root)),
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=300,
        )
    finally:
        holder.close()
    assert done.returncode == 2, done
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "another quizprep grade is using" in done.stderr

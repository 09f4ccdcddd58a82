"""Batches that never lose work: the results file, reuse of unchanged rows, shards, merge,
one error row per grader failure, and the progress display."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.errors import SandboxError, UsageError
from quizprep.grading import batch
from quizprep.grading.batch import (
    Identity,
    ResultsFile,
    Shard,
    Submission,
    find_submissions,
    merge_results,
    recorded_seed,
    reusable,
    run_batch,
    shard_of,
)
from quizprep.grading.batchprogress import QuietProgress, RichProgress
from quizprep.grading.grader import Grader
from quizprep.grading.result import Check, GradeResult
from tests.conftest import CORRECT_TINY, TINY_MUTANT


def a_result(submission: str = "subs/alice/scaled_sum.py", **changes: object) -> GradeResult:
    fields: dict[str, object] = {
        "submission": submission,
        "exercise": "scaled_sum",
        "status": "fail",
        "score": 0.5,
        "seed": 7,
        "checks": (Check("case 1: zeros", "pass"), Check("case 2: big", "fail", "off by 2")),
        "learner": "alice",
        "seconds": 0.25,
        "output": "printed\n",
        "isolation": ("user namespace",),
        "advice": "This looks like a known mistake",
        "sha256": "ab" * 32,
        "pack": "tiny",
        "pack_version": "1.0.0",
    }
    fields.update(changes)
    return GradeResult(**fields)  # type: ignore[arg-type]


class Warnings(list[str]):
    def __call__(self, message: str) -> None:
        self.append(message)


# GradeResult.from_json


def test_from_json_rebuilds_what_to_json_wrote() -> None:
    for result in [a_result(), a_result(learner=None, grader_failed=True, score=1)]:
        again = GradeResult.from_json(json.loads(json.dumps(result.to_json())))
        assert again.to_json() == result.to_json()
        assert again == GradeResult.from_json(again.to_json())


def test_from_json_ignores_unknown_keys_and_fills_defaults() -> None:
    data = {k: v for k, v in a_result().to_json().items() if k in batch_contract_fields()}
    data["added_by_a_later_version"] = {"x": 1}
    result = GradeResult.from_json(data)
    assert result.score == 0.5 and result.checks[1].message == "off by 2"
    assert result.sha256 == "" and result.grader_failed is False


def batch_contract_fields() -> set[str]:
    return {"submission", "exercise", "status", "score", "seed", "checks"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "great"}, "where: status: expected one of pass, fail"),
        ({"score": "high"}, "where: score: expected a number, got str"),
        ({"seed": True}, "where: seed: expected an integer, got a boolean"),
        ({"checks": [{"name": "c", "status": "nope"}]}, "where: checks[0]: status"),
        ({"checks": "all good"}, "where: checks: expected a list"),
        ({"seed": None}, "where: seed: expected an integer, got NoneType"),
    ],
)
def test_from_json_names_the_bad_field(change: dict[str, object], message: str) -> None:
    data = {**a_result().to_json(), **change}
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        GradeResult.from_json(data, where="where")


def test_from_json_names_a_missing_field() -> None:
    data = a_result().to_json()
    del data["seed"]
    with pytest.raises(UsageError, match=r"^where: seed: missing$"):
        GradeResult.from_json(data, where="where")
    with pytest.raises(UsageError, match="expected a JSON object, got list"):
        GradeResult.from_json([1, 2], where="where")


# ResultsFile


def test_rows_are_appended_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "out" / "results.jsonl"
    with ResultsFile(path, warn=Warnings()) as results:
        results.append(a_result("a.py"))
        results.append(a_result("b.py", status="pass", score=1.0))
    rows = ResultsFile(path, warn=Warnings()).read()
    assert [(r.result.submission, r.line) for r in rows] == [("a.py", 1), ("b.py", 2)]
    assert path.read_text().count("\n") == 2


def test_a_torn_last_line_is_ignored_then_cut_off_before_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    whole = json.dumps(a_result("a.py").to_json()) + "\n"
    path.write_text(whole + whole[:40])  # a kill in the middle of the second write
    warnings = Warnings()
    results = ResultsFile(path, warn=warnings)
    assert [r.result.submission for r in results.read()] == ["a.py"]
    assert warnings == [f"{path}:2: ignored a torn last line (an interrupted write)"]
    with results:
        results.append(a_result("b.py"))
    assert len(warnings) == 1  # said once
    assert [r.result.submission for r in ResultsFile(path, warn=warnings).read()] == [
        "a.py",
        "b.py",
    ]
    assert path.read_text() == whole + json.dumps(a_result("b.py").to_json()) + "\n"


def test_appending_after_a_torn_line_that_was_not_read_warns(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text('{"submission": "a.p')
    warnings = Warnings()
    with ResultsFile(path, warn=warnings) as results:
        results.append(a_result("b.py"))
    assert warnings == [f"{path}:1: dropped a torn last line (an interrupted write)"]
    assert [r.line for r in ResultsFile(path, warn=warnings).read()] == [1]


def test_a_whole_last_row_without_its_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps(a_result("a.py").to_json()))
    warnings = Warnings()
    with ResultsFile(path, warn=warnings) as results:
        results.append(a_result("b.py"))
    rows = ResultsFile(path, warn=warnings).read()
    assert [r.result.submission for r in rows] == ["a.py", "b.py"] and warnings == []


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", r":2: not a JSON results row \(Expecting property name"),
        ('{"submission": "x.py"}', ":2: exercise: missing"),
        (
            '{"submission": "x.py", "exercise": "e", "status": "pass", "score": 1, "seed": "s", '
            '"checks": []}',
            ":2: seed: expected an integer, got str",
        ),
    ],
)
def test_a_malformed_row_is_an_error_naming_file_and_line(
    tmp_path: Path, bad_line: str, message: str
) -> None:
    path = tmp_path / "results.jsonl"
    good = json.dumps(a_result().to_json())
    path.write_text(f"{good}\n{bad_line}\n{good}\n")
    with pytest.raises(UsageError, match=message) as caught:
        ResultsFile(path, warn=Warnings()).read()
    assert str(caught.value).startswith(f"{path}:2: ")


def test_no_results_file_reads_as_empty(tmp_path: Path) -> None:
    assert ResultsFile(tmp_path / "missing.jsonl", warn=Warnings()).read() == []


# Shards


@pytest.mark.parametrize("text", ["0/4", "5/4", "x", "1/0", "3/", "/4", "-1/4", "1/2/3", "a/b"])
def test_bad_shards_are_one_line_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match=f"--shard {text}: "):
        Shard.parse(text)


def test_shards_are_disjoint_cover_everything_and_do_not_depend_on_the_machine() -> None:
    keys = [f"learner{i:03d}/{name}.py" for i in range(300) for name in ("gru_cell", "rnn_bptt")]
    count = 7
    owners = {
        key: [k for k in range(1, count + 1) if Shard(k, count).holds(_sub(key))] for key in keys
    }
    assert all(len(found) == 1 for found in owners.values())
    sizes = [sum(found == [k] for found in owners.values()) for k in range(1, count + 1)]
    assert min(sizes) > len(keys) / count / 2  # roughly even
    # SHA-256 based: the same on every machine, whatever PYTHONHASHSEED is
    assert [shard_of("alice/gru_cell.py", 16), shard_of("bob/gru_cell.py", 16)] == [13, 3]


def _sub(key: str) -> Submission:
    return Submission(Path("subs") / key, "gru_cell", None, key)


def test_shard_keys_are_relative_to_the_folder_given(tmp_path: Path) -> None:
    for root in ("here", "there/deeper"):
        (tmp_path / root / "alice").mkdir(parents=True)
        (tmp_path / root / "alice" / "scaled_sum.py").write_text(CORRECT_TINY)
    found, _ = find_submissions(
        [str(tmp_path / "here"), str(tmp_path / "there/deeper")], None, {"scaled_sum"}
    )
    assert [s.shard_key for s in found] == ["alice/scaled_sum.py", "alice/scaled_sum.py"]
    assert [s.learner for s in found] == ["alice", "alice"]


# Running a batch on the tiny pack


def _folder(root: Path, sources: dict[str, str]) -> list[Submission]:
    for learner, source in sources.items():
        (root / learner).mkdir(parents=True, exist_ok=True)
        (root / learner / "scaled_sum.py").write_text(source)
    found, _ = find_submissions([str(root)], None, {"scaled_sum"})
    return found


def test_results_are_appended_then_served_while_unchanged(
    tiny_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submissions = _folder(tmp_path / "subs", {"alice": CORRECT_TINY, "bob": TINY_MUTANT})
    path = tmp_path / "results.jsonl"
    grader = Grader(tiny_pack, seed=11)
    with ResultsFile(path, warn=Warnings()) as results:
        first = run_batch(submissions, lambda _: grader, workers=2, results_file=results)
    assert [r.status for r in first.results] == ["pass", "fail"]
    assert (first.served, first.graded, first.interrupted) == (0, 2, False)
    rows = ResultsFile(path, warn=Warnings()).read()
    assert {r.result.submission for r in rows} == {str(s.path) for s in submissions}
    row = rows[0].result
    assert (row.pack, row.pack_version, len(row.sha256)) == ("tiny", "1.0.0", 64)

    graded: list[str] = []
    real = Grader.grade_source

    def counting(self: Grader, source: str, *args: object, **kwargs: object) -> GradeResult:
        graded.append(str(kwargs["submission"]))
        return real(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Grader, "grade_source", counting)
    (tmp_path / "subs" / "bob" / "scaled_sum.py").write_text(CORRECT_TINY)  # bob fixes his code
    with ResultsFile(path, warn=Warnings()) as results:
        again = run_batch(
            submissions,
            lambda _: Grader(tiny_pack, seed=11),
            workers=2,
            results_file=results,
            previous=reusable(results.read()),
        )
    assert graded == [str(tmp_path / "subs" / "bob" / "scaled_sum.py")]
    assert (again.served, again.graded) == (1, 1)
    assert [r.status for r in again.results] == ["pass", "pass"]
    assert again.results[0] == first.results[0]

    graded.clear()
    other_seed = run_batch(
        submissions,
        lambda _: Grader(tiny_pack, seed=12),
        workers=1,
        previous=reusable(ResultsFile(path, warn=Warnings()).read()),
    )
    assert other_seed.served == 0 and len(graded) == 2


def test_a_grader_failure_costs_one_error_row_not_the_batch(
    tiny_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submissions = _folder(
        tmp_path / "subs", {"alice": CORRECT_TINY, "bob": CORRECT_TINY, "carol": TINY_MUTANT}
    )
    real = Grader.grade_source

    def flaky(self: Grader, source: str, *args: object, **kwargs: object) -> GradeResult:
        if "bob" in str(kwargs["submission"]):
            raise SandboxError("the sandbox worker failed to start\n(exit status 1)")
        return real(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Grader, "grade_source", flaky)
    path = tmp_path / "results.jsonl"
    notes: list[str] = []
    progress = QuietProgress(io.StringIO())
    monkeypatch.setattr(progress, "note", notes.append)
    grader = Grader(tiny_pack, seed=3)
    with ResultsFile(path, warn=Warnings()) as results:
        outcome = run_batch(
            submissions, lambda _: grader, workers=3, results_file=results, progress=progress
        )
    assert [r.status for r in outcome.results] == ["pass", "error", "fail"]
    failed = outcome.results[1]
    assert failed.grader_failed and failed.learner == "bob" and failed.score == 0.0
    assert failed.checks[0].message == (
        "the grader failed on this submission (SandboxError: the sandbox worker failed to start "
        "(exit status 1)); grading it again retries it"
    )
    assert len(notes) == 1 and "bob" in notes[0]
    rows = ResultsFile(path, warn=Warnings()).read()
    assert len(rows) == 3
    assert {Identity.of(r.result).submission for r in rows if not r.result.grader_failed} == {
        str(submissions[0].path),
        str(submissions[2].path),
    }
    assert len(reusable(rows)) == 2  # the failed one is graded again next time


def test_an_unexpected_exception_is_an_error_row_too(
    tiny_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submissions = _folder(tmp_path / "subs", {"alice": CORRECT_TINY})

    def broken(*args: object, **kwargs: object) -> GradeResult:
        raise KeyError("boom")

    monkeypatch.setattr(Grader, "grade_source", broken)
    grader = Grader(tiny_pack, seed=3)
    outcome = run_batch(submissions, lambda _: grader, workers=1)
    assert outcome.results[0].status == "error"
    assert "KeyError: 'boom'" in outcome.results[0].checks[0].message


def test_an_unreadable_submission_is_invalid_with_its_reason(
    tiny_pack: Pack, tmp_path: Path
) -> None:
    submissions = _folder(tmp_path / "subs", {"alice": CORRECT_TINY})
    submissions[0].path.write_bytes(b"def scaled_sum(a, b, scale):\n    return '\xff'\n")
    outcome = run_batch(submissions, lambda _: Grader(tiny_pack, seed=3), workers=1)
    assert outcome.results[0].status == "invalid"
    assert "cannot be read" in outcome.results[0].checks[0].message
    assert len(outcome.results[0].sha256) == 64


# Seeds, merge


def _recorded(path: Path, *results: GradeResult) -> list[batch.RecordedResult]:
    with ResultsFile(path, warn=Warnings()) as file:
        for result in results:
            file.append(result)
    return ResultsFile(path, warn=Warnings()).read()


def test_the_recorded_seed_of_these_submissions_is_reused(tmp_path: Path) -> None:
    subs = [Submission(Path("a.py"), "scaled_sum", None, "a.py")]
    rows = _recorded(tmp_path / "r.jsonl", a_result("a.py", seed=5), a_result("other.py", seed=9))
    assert recorded_seed(rows, subs) == 5
    assert recorded_seed(rows, [Submission(Path("new.py"), "scaled_sum", None, "new.py")]) is None
    mixed = _recorded(tmp_path / "m.jsonl", a_result("a.py", seed=5), a_result("a.py", seed=6))
    with pytest.raises(UsageError, match=r"m.jsonl holds results with different seeds \(5, 6\)"):
        recorded_seed(mixed, subs)


def test_merge_keeps_the_later_row_and_warns_about_conflicts(tmp_path: Path) -> None:
    first, second = tmp_path / "shard-1.jsonl", tmp_path / "shard-2.jsonl"
    _recorded(first, a_result("subs/b.py"), a_result("subs/a.py"), a_result("subs/c.py"))
    _recorded(
        second,
        a_result("subs/a.py"),  # the same verdict: no warning
        a_result("subs/c.py", status="pass", score=1.0),
        a_result("subs/d.py"),
    )
    warnings = Warnings()
    merged = merge_results([first, second], warn=warnings)
    assert [r.submission for r in merged] == ["subs/a.py", "subs/b.py", "subs/c.py", "subs/d.py"]
    assert merged[2].status == "pass"
    assert warnings == [
        f"{second}:2: subs/c.py [scaled_sum] differs from {first}:3 (fail 0.50, seed 7 there, "
        "pass 1.00, seed 7 here); keeping this one"
    ]
    with pytest.raises(UsageError, match=r"nope\.jsonl: no such results file"):
        merge_results([tmp_path / "nope.jsonl"], warn=warnings)


def test_a_retried_row_replaces_its_error_row_within_one_file(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    _recorded(path, a_result("a.py", status="error", grader_failed=True), a_result("a.py"))
    warnings = Warnings()
    assert [r.status for r in merge_results([path], warn=warnings)] == ["fail"]
    assert warnings == []


# Progress


def test_the_rich_bar_counts_done_failures_and_prints_notes_above_itself() -> None:
    from rich.console import Console

    screen = io.StringIO()
    progress = RichProgress(Console(file=screen, force_terminal=True, width=120))
    progress.start(3, [a_result(status="pass", score=1.0)])
    progress.note("quizprep: b.py: the grader failed")
    progress.advance(a_result())
    progress.advance(a_result(status="pass", score=1.0))
    progress.stop()
    text = screen.getvalue()
    assert "3/3" in text and "1 not passing" in text
    assert "quizprep: b.py: the grader failed" in text


def test_quiet_progress_prints_only_notes() -> None:
    stream = io.StringIO()
    progress = QuietProgress(stream)
    progress.start(2, [])
    progress.advance(a_result())
    progress.note("a note")
    progress.stop()
    assert stream.getvalue() == "a note\n"


def test_batches_import_rich_only_for_a_bar() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, quizprep.grading.batch\n"
        "print(sorted(m for m in ('rich', 'textual', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_references_are_computed_before_the_sandbox_is_waited_for(
    tiny_pack: Pack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`before_jobs` (the CLI waits there for the sandbox's probe) runs once the references
    exist and before any submission is run: a torch grade computes them while torch's zygote
    boots, rather than after."""
    submissions = _folder(tmp_path / "subs", {"alice": CORRECT_TINY})
    events: list[str] = []
    real_cases, real_grade = Grader.cases, Grader.grade_source

    def cases(self: Grader, *args: object, **kwargs: object) -> object:
        events.append("references")
        return real_cases(self, *args, **kwargs)  # type: ignore[arg-type]

    def grade(self: Grader, source: str, *args: object, **kwargs: object) -> GradeResult:
        events.append("job")
        return real_grade(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Grader, "cases", cases)
    monkeypatch.setattr(Grader, "grade_source", grade)
    grader = Grader(tiny_pack, seed=5)
    outcome = run_batch(
        submissions, lambda _: grader, workers=1, before_jobs=lambda: events.append("sandbox")
    )
    assert [r.status for r in outcome.results] == ["pass"]
    assert events.index("references") < events.index("sandbox") < events.index("job")
    assert events.count("sandbox") == 1

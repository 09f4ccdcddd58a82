"""The command line: the JSON contracts of DESIGN.md, exit codes, and one-line errors."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quizprep.bank.pack import builtin_pack_dir, builtin_pack_dirs, load_pack, modern_pack_dir
from tests.conftest import CORRECT_TINY, TINY_MUTANT, processes_running, write_tiny_pack

REQUIRED = {"submission", "exercise", "status", "score", "seed", "checks"}


def quizprep(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizprep", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_tiny_pack(tmp_path / "tiny")


@pytest.fixture
def submissions(tmp_path: Path) -> Path:
    root = tmp_path / "subs"
    for learner, source in [("alice", CORRECT_TINY), ("bob", TINY_MUTANT)]:
        (root / learner).mkdir(parents=True)
        (root / learner / "scaled_sum.py").write_text(source)
    (root / "alice" / "notes.py").write_text("x = 1\n")
    return root


def test_a_bare_number_is_the_classic_lists_and_a_qualified_one_the_packs() -> None:
    classic = quizprep("show", "8")
    assert classic.returncode == 0, classic.stderr
    assert classic.stdout.startswith("#8 What is a perceptron?")
    modern = quizprep("show", "modern/8")
    assert modern.returncode == 0, modern.stderr
    assert modern.stdout.startswith("#8 ") and "perceptron" not in modern.stdout.splitlines()[0]


def test_list_table_keeps_its_columns_for_long_ids() -> None:
    """Every row's title starts where the header's does, however long an id or exercise is."""
    result = quizprep("list")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    column = header.index("title")
    titles = {q.id: q.title for d in builtin_pack_dirs() for q in load_pack(d).questions}
    for row in rows:
        assert row[column:] == titles[row.split()[1]], row


def test_list_json_contract() -> None:
    result = quizprep("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(set(row) == {"id", "number", "title", "topic", "exercise"} for row in rows)
    by_exercise = {row["exercise"]: row for row in rows}
    assert by_exercise["perceptron_step"]["number"] == 8
    assert by_exercise["gru_cell"]["topic"] == "sequence"


@pytest.mark.parametrize("before_command", [False, True])
def test_list_with_an_extra_pack(pack_dir: Path, before_command: bool) -> None:
    args = ["--pack", pack_dir, "list"] if before_command else ["list", "--pack", pack_dir]
    rows = json.loads(quizprep(*args, "--format", "json").stdout)
    assert "scaled_sum" in {row["exercise"] for row in rows}


def test_grade_folder_json_contract_and_exit_code(
    pack_dir: Path, submissions: Path, tmp_path: Path
) -> None:
    result = quizprep(
        "grade", submissions, "--pack", pack_dir, "--format", "json", "--seed", "7", cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    for row in rows:
        assert set(row) >= REQUIRED
        assert row["seed"] == 7 and row["exercise"] == "scaled_sum"
        assert all({"name", "status", "message"} <= set(check) for check in row["checks"])
    by_learner = {row["learner"]: row for row in rows}
    assert by_learner["alice"]["status"] == "pass" and by_learner["alice"]["score"] == 1.0
    assert by_learner["bob"]["status"] == "fail" and 0 <= by_learner["bob"]["score"] < 1
    assert "without multiplying by scale" in by_learner["bob"]["advice"]
    assert "notes.py" in result.stderr  # skipped, and said so
    # a folder's results are also appended to the default results file, and that is said
    assert "results go to quizprep-results.jsonl" in result.stderr
    recorded = (tmp_path / "quizprep-results.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["learner"] for line in recorded) == ["alice", "bob"]
    # no progress bar when stderr is not a terminal
    assert "\r" not in result.stderr and "ETA" not in result.stderr and "━" not in result.stderr


def test_grade_exit_zero_when_all_pass(pack_dir: Path, submissions: Path) -> None:
    result = quizprep("grade", submissions / "alice" / "scaled_sum.py", "--pack", pack_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1/1 passed" in result.stdout


def test_grade_is_reproducible_from_the_seed(
    pack_dir: Path, submissions: Path, tmp_path: Path
) -> None:
    first = quizprep("grade", submissions, "--pack", pack_dir, "--format", "jsonl", cwd=tmp_path)
    seed = json.loads(first.stdout.splitlines()[0])["seed"]
    again = quizprep(
        "grade",
        submissions,
        "--pack",
        pack_dir,
        "--format",
        "jsonl",
        "--seed",
        str(seed),
        cwd=tmp_path,
    )
    assert "served" not in again.stderr  # the default results file is a log, not a cache
    strip = [
        {k: v for k, v in json.loads(line).items() if k != "seconds"}
        for line in first.stdout.splitlines()
    ]
    strip_again = [
        {k: v for k, v in json.loads(line).items() if k != "seconds"}
        for line in again.stdout.splitlines()
    ]
    assert strip == strip_again


def test_grade_csv_and_output_file(pack_dir: Path, submissions: Path, tmp_path: Path) -> None:
    out = tmp_path / "report" / "grades.csv"
    result = quizprep(
        "grade",
        submissions,
        "--pack",
        pack_dir,
        "--format",
        "csv-submissions",
        "--output",
        out,
        "--no-results",
    )
    assert result.returncode == 1
    lines = out.read_text().splitlines()
    assert lines[0].startswith("submission,learner,exercise,status,score")
    assert len(lines) == 3
    assert "1/2 passed" in result.stderr


def test_explicit_exercise_overrides_the_stem(pack_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "my_answer.py"
    path.write_text(CORRECT_TINY)
    result = quizprep(
        "grade", path, "--exercise", "scaled_sum", "--pack", pack_dir, "--format", "json"
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["exercise"] == "scaled_sum"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "does/not/exist.py"], "no such file or folder"),
        (["grade", "x.py", "--exercise", "nope"], "no exercise 'nope'"),
        (["show", "no_such_question"], "no question 'no_such_question'"),
        (["list", "--pack", "/nonexistent"], "not a pack"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str], message: str) -> None:
    result = quizprep(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_broken_pack_is_one_warning_and_the_rest_is_listed(pack_dir: Path) -> None:
    question = pack_dir / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("topic: basics", "topic: cooking"))
    result = quizprep("list", "--pack", pack_dir, "--format", "json")
    assert result.returncode == 0
    assert "perceptron_step" in {row["exercise"] for row in json.loads(result.stdout)}
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"quizprep: warning: skipped a pack (--pack): {question}:4: topic: ")
    assert "Input should be" in warning


def test_pack_check_of_a_broken_pack_fails_loudly(pack_dir: Path) -> None:
    question = pack_dir / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("topic: basics", "topic: cooking"))
    result = quizprep("pack", "check", pack_dir)
    assert result.returncode == 1
    assert f"{question}:4: topic: Input should be" in result.stdout
    assert "pack check: FAILED" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_pack_list_shows_name_version_count_and_origin(pack_dir: Path) -> None:
    result = quizprep("pack", "list", "--pack", pack_dir)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    count = str(len(load_pack(builtin_pack_dir()).questions))
    assert rows[0][:4] == ["quizprep-builtin", "0.1.0", count, "built-in"]
    modern = str(len(load_pack(modern_pack_dir()).questions))
    assert rows[1][:4] == ["modern", "0.1.0", modern, "built-in"]
    assert rows[2] == ["tiny", "1.0.0", "1", "--pack", str(pack_dir)]


def test_pack_questions_are_namespaced(pack_dir: Path) -> None:
    rows = json.loads(quizprep("list", "--pack", pack_dir, "--format", "json").stdout)
    ids = {row["id"] for row in rows}
    assert "tiny/scaled_sum" in ids and "gru" in ids  # the built-in bank keeps its ids
    shown = quizprep("show", "tiny/scaled_sum", "--pack", pack_dir)
    assert (
        shown.returncode == 0 and "Start it with `quizprep start tiny/scaled_sum`" in shown.stdout
    )


def test_a_bare_id_in_two_packs_is_ambiguous(pack_dir: Path, tmp_path: Path) -> None:
    other = write_tiny_pack(tmp_path / "other")
    (other / "pack.yaml").write_text("name: other\n")
    result = quizprep("show", "scaled_sum", "--pack", pack_dir, "--pack", other)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "quizprep: error: question 'scaled_sum' is ambiguous: it is in tiny/scaled_sum, "
        "other/scaled_sum; use one of these"
    )
    picked = quizprep("show", "other/scaled_sum", "--pack", pack_dir, "--pack", other)
    assert picked.returncode == 0 and "Scaled sum" in picked.stdout


def test_grade_never_lets_one_pack_shadow_another(pack_dir: Path, tmp_path: Path) -> None:
    """Two packs with an exercise of the same id: the bare id is refused with the qualified
    names, and `--exercise pack/id` grades against the pack asked for."""
    other = write_tiny_pack(tmp_path / "other")
    (other / "pack.yaml").write_text("name: other\n")
    reference = other / "reference" / "scaled_sum.py"  # other's answer: plain a + b
    reference.write_text(reference.read_text().replace("return scale * (", "return (", 1))
    work = tmp_path / "work"
    work.mkdir()
    (work / "scaled_sum.py").write_text(TINY_MUTANT)  # a + b: wrong for tiny, right for other
    packs = ["--pack", pack_dir, "--pack", other]
    refused = quizprep("grade", work / "scaled_sum.py", *packs, "--no-results")
    assert refused.returncode == 2
    assert "is in several packs (tiny/scaled_sum, other/scaled_sum)" in refused.stderr
    for exercise, status in (("other/scaled_sum", "pass"), ("tiny/scaled_sum", "fail")):
        graded = quizprep(
            "grade", work / "scaled_sum.py", *packs, "--exercise", exercise, "--format", "json"
        )
        assert json.loads(graded.stdout)[0]["status"] == status, graded.stderr


def test_start_from_a_pack_says_how_to_grade_with_it(pack_dir: Path, tmp_path: Path) -> None:
    result = quizprep("start", "scaled_sum", tmp_path / "work", "--pack", pack_dir)
    assert result.returncode == 0, result.stderr
    command = result.stdout.splitlines()[-1].split()
    assert command == [
        "quizprep",
        "grade",
        str(tmp_path / "work" / "scaled_sum.py"),
        "--pack",
        str(pack_dir),
    ]
    graded = quizprep(*command[1:], "--format", "json")
    assert json.loads(graded.stdout)[0]["status"] == "error"  # the starter: not attempted


def test_pack_schema_prints_or_writes_json(tmp_path: Path) -> None:
    printed = quizprep("pack", "schema")
    assert printed.returncode == 0 and json.loads(printed.stdout)["title"] == "Question"
    out = tmp_path / "s" / "pack.schema.json"
    written = quizprep("pack", "schema", "pack", "--output", out)
    assert written.returncode == 0 and json.loads(out.read_text())["title"] == "PackMeta"


def test_cuda_without_a_gpu_is_a_clear_error(
    pack_dir: Path, submissions: Path, tmp_path: Path
) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = quizprep("grade", submissions, "--pack", pack_dir, "--device", "cuda", cwd=tmp_path)
    assert result.returncode == 2
    assert "no CUDA device is available" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_writes_the_starter_and_keeps_existing_work(tmp_path: Path) -> None:
    result = quizprep("start", "gru_cell", tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "gru_cell.py"
    assert "def gru_cell(" in target.read_text()
    target.write_text("my work")
    again = quizprep("start", "gru_cell", tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_text() == "my work"


def test_starter_grades_as_not_attempted(tmp_path: Path) -> None:
    quizprep("start", "perceptron_step", tmp_path)
    result = quizprep("grade", tmp_path / "perceptron_step.py", "--format", "json")
    assert result.returncode == 1
    row = json.loads(result.stdout)[0]
    assert row["status"] == "error"
    assert "not attempted" in row["checks"][0]["message"]


def test_show_prints_the_question(tmp_path: Path) -> None:
    result = quizprep("show", "8")
    assert result.returncode == 0
    assert "perceptron_step" in result.stdout


# Batches: results file, --resume, --shard and `grade merge`


def many_submissions(root: Path, count: int, sleeper: int | None = None) -> list[Path]:
    """`count` learners with a scaled_sum each (alternately right and wrong); the submission
    number `sleeper` sleeps for an hour, to hold a batch at a known point (only cancelling
    it ends it: a test waits on events, never on how long a loaded machine takes)."""
    files = []
    for index in range(count):
        folder = root / f"learner{index:02d}"
        folder.mkdir(parents=True)
        source = CORRECT_TINY if index % 2 == 0 else TINY_MUTANT
        if index == sleeper:
            source = "import time\n\ndef scaled_sum(a, b, scale):\n    time.sleep(3600)\n"
        (folder / "scaled_sum.py").write_text(source)
        files.append(folder / "scaled_sum.py")
    return files


def rows_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_shards_split_the_batch_and_merge_puts_it_back(pack_dir: Path, tmp_path: Path) -> None:
    many_submissions(tmp_path / "subs", 10)
    whole = quizprep(
        "grade", "subs", "--pack", pack_dir, "--seed", "5", "--format", "json", cwd=tmp_path
    )
    graded: list[str] = []
    for k in (1, 2, 3):
        shard = quizprep(
            "grade", "subs", "--pack", pack_dir, "--seed", "5", "--shard", f"{k}/3",
            "--results", f"shard-{k}.jsonl", "--format", "jsonl", cwd=tmp_path,
        )  # fmt: skip
        assert shard.returncode in (0, 1), shard.stderr
        assert f"shard {k}/3: " in shard.stderr
        graded += [row["submission"] for row in rows_of(tmp_path / f"shard-{k}.jsonl")]
    assert sorted(graded) == sorted(row["submission"] for row in json.loads(whole.stdout))
    assert len(set(graded)) == 10  # disjoint, and together they cover everything

    merged = quizprep(
        "grade", "merge", "shard-1.jsonl", "shard-2.jsonl", "shard-3.jsonl", "--format", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert merged.returncode == 1, merged.stderr  # some submissions fail
    assert "10 results from 3 file(s)" in merged.stderr

    def comparable(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return [(r["submission"], r["status"], r["score"], r["seed"]) for r in rows]

    assert comparable(json.loads(merged.stdout)) == comparable(json.loads(whole.stdout))
    gradescope = quizprep(
        "grade", "merge", *(f"shard-{k}.jsonl" for k in (1, 2, 3)), "--format", "gradescope",
        "--output", "results.json", cwd=tmp_path,
    )  # fmt: skip
    assert "5/10 passed; report written to results.json" in gradescope.stderr
    assert len(json.loads((tmp_path / "results.json").read_text())["tests"]) == 10


def test_a_folder_named_merge_is_still_graded(pack_dir: Path, tmp_path: Path) -> None:
    many_submissions(tmp_path / "merge", 2)
    result = quizprep("grade", "merge", "--pack", pack_dir, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [row["learner"] for row in json.loads(result.stdout)] == ["learner00", "learner01"]


def test_merge_help_and_missing_files(tmp_path: Path) -> None:
    helped = quizprep("grade", "merge", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "usage: quizprep grade merge" in helped.stdout
    missing = quizprep("grade", "merge", "nope.jsonl", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2,
        "quizprep: error: nope.jsonl: no such results file\n",
    )


@pytest.mark.parametrize("shard", ["0/4", "5/4", "x", "2/"])
def test_a_bad_shard_is_a_one_line_error(shard: str, pack_dir: Path, tmp_path: Path) -> None:
    many_submissions(tmp_path / "subs", 1)
    result = quizprep("grade", "subs", "--pack", pack_dir, "--shard", shard, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"quizprep: error: --shard {shard}: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("command", ["grade", "merge"])
def test_a_malformed_results_row_is_a_one_line_error(
    command: str, pack_dir: Path, tmp_path: Path
) -> None:
    many_submissions(tmp_path / "subs", 1)
    row = json.dumps({"submission": "x.py", "exercise": "scaled_sum"})
    (tmp_path / "old.jsonl").write_text(row + "\n" + row + "\n")
    args: list[str | Path] = ["grade", "subs", "--pack", pack_dir, "--results", "old.jsonl"]
    if command == "merge":
        args = ["grade", "merge", "old.jsonl"]
    result = quizprep(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "quizprep: error: old.jsonl:1: status: missing\n"


def test_resume_reuses_the_seed_and_the_rows_of_unchanged_submissions(
    pack_dir: Path, tmp_path: Path
) -> None:
    files = many_submissions(tmp_path / "subs", 4)
    first = quizprep("grade", "subs", "--pack", pack_dir, "--seed", "41", cwd=tmp_path)
    assert "results go to quizprep-results.jsonl" in first.stderr
    files[1].write_text(CORRECT_TINY)  # learner01 fixes the code
    resumed = quizprep(
        "grade", "subs", "--pack", pack_dir, "--resume", "--format", "json", cwd=tmp_path
    )
    assert resumed.returncode == 1, resumed.stderr
    assert "resuming the run with seed 41" in resumed.stderr
    assert "3 of 4 served from quizprep-results.jsonl (unchanged since graded), 1 graded" in (
        resumed.stderr
    )
    rows = json.loads(resumed.stdout)
    assert {row["seed"] for row in rows} == {41}
    assert [row["status"] for row in rows] == ["pass", "pass", "pass", "fail"]
    assert len(rows_of(tmp_path / "quizprep-results.jsonl")) == 5

    quizprep("grade", "subs", "--pack", pack_dir, "--seed", "42", cwd=tmp_path)
    mixed = quizprep("grade", "subs", "--pack", pack_dir, "--resume", cwd=tmp_path)
    assert mixed.returncode == 2
    assert mixed.stderr.splitlines()[-1] == (
        "quizprep: error: quizprep-results.jsonl holds results with different seeds (41, 42): "
        "pass --seed N to say which run to resume"
    )
    chosen = quizprep("grade", "subs", "--pack", pack_dir, "--resume", "--seed", "42", cwd=tmp_path)
    assert "4 of 4 served" in chosen.stderr


def test_an_explicit_results_file_serves_unchanged_submissions(
    pack_dir: Path, tmp_path: Path
) -> None:
    path = many_submissions(tmp_path, 1)[0]
    args: list[str | Path] = [
        "grade",
        path,
        "--pack",
        pack_dir,
        "--seed",
        "3",
        "--results",
        "r.jsonl",
    ]
    first = quizprep(*args, "--format", "json", cwd=tmp_path)
    again = quizprep(*args, "--format", "json", cwd=tmp_path)
    assert "1 of 1 served from r.jsonl" in again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)
    path.write_text(TINY_MUTANT)
    changed = quizprep(*args, "--format", "json", cwd=tmp_path)
    assert "served" not in changed.stderr
    assert json.loads(changed.stdout)[0]["status"] == "fail"
    assert len(rows_of(tmp_path / "r.jsonl")) == 2


def test_a_single_file_writes_no_results_file_by_default(pack_dir: Path, tmp_path: Path) -> None:
    path = many_submissions(tmp_path / "subs", 1)[0]
    result = quizprep("grade", path, "--pack", pack_dir, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert not (tmp_path / "quizprep-results.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--case-timeout", "0"], "--case-timeout must be > 0"),
        (["--timeout", "-1"], "--timeout must be > 0"),
        (["--no-results", "--resume"], "--no-results cannot go with --results or --resume"),
        (["--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_bad_batch_options(args: list[str], message: str, tmp_path: Path) -> None:
    result = quizprep("grade", "subs", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"quizprep: error: {message}\n"


def test_case_timeout_reaches_the_grader(pack_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "scaled_sum.py"
    path.write_text("import time\n\ndef scaled_sum(a, b, scale):\n    time.sleep(30)\n")
    result = quizprep(
        "grade", path, "--pack", pack_dir, "--case-timeout", "0.5", "--format", "json"
    )
    row = json.loads(result.stdout)[0]
    assert row["status"] == "timeout"
    assert row["seconds"] < 10
    assert any("0.5 s" in check["message"] for check in row["checks"])


def test_a_progress_bar_on_a_terminal(pack_dir: Path, tmp_path: Path) -> None:
    many_submissions(tmp_path / "subs", 3)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "quizprep", "grade", "subs", "--pack", str(pack_dir)],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "120"},
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    stdout, _ = process.communicate(timeout=60)
    text = screen.decode(errors="replace")
    assert "3/3" in text and "1 not passing" in text and "ETA" in text
    assert "2/3 passed" in stdout.decode()  # the report itself is untouched


def start_batch(pack_dir: Path, cwd: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable, "-m", "quizprep", "grade", "subs", "--pack", str(pack_dir),
            "--workers", "1", "--timeout", "600", "--seed", "9", *extra,
        ],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip


def wait_for_rows(path: Path, count: int) -> None:
    deadline = time.monotonic() + 600  # only a hung batch takes this long
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().count("\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never had {count} rows")


def test_a_killed_batch_leaves_a_valid_file_and_resume_grades_only_the_rest(
    pack_dir: Path, tmp_path: Path
) -> None:
    files = many_submissions(tmp_path / "subs", 6, sleeper=2)
    results = tmp_path / "quizprep-results.jsonl"
    process = start_batch(pack_dir, tmp_path)
    wait_for_rows(results, 2)  # learner02 now sleeps: the batch is stuck there
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=600)
    assert [row["learner"] for row in rows_of(results)] == ["learner00", "learner01"]
    with results.open("a") as torn:  # as if the kill had come in the middle of a write
        torn.write('{"submission": "subs/learner02/scaled_s')

    files[2].write_text(CORRECT_TINY)  # so the resumed run does not wait on it
    # the same command: rows graded under other limits would not be served
    resumed = quizprep(
        "grade", "subs", "--pack", pack_dir, "--timeout", "600", "--resume", "--format", "jsonl",
        cwd=tmp_path,
    )  # fmt: skip
    assert resumed.returncode == 1, resumed.stderr
    assert "quizprep-results.jsonl:3: ignored a torn last line" in resumed.stderr
    assert "resuming the run with seed 9" in resumed.stderr
    assert "2 of 6 served from quizprep-results.jsonl (unchanged since graded), 4 graded" in (
        resumed.stderr
    )
    assert len(resumed.stdout.splitlines()) == 6
    learners = [row["learner"] for row in rows_of(results)]
    assert sorted(learners) == [f"learner{i:02d}" for i in range(6)]  # each graded once


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_an_interrupted_batch_records_only_finished_work(
    stop: str, pack_dir: Path, tmp_path: Path
) -> None:
    many_submissions(tmp_path / "subs", 4, sleeper=2)
    results = tmp_path / "quizprep-results.jsonl"
    process = start_batch(pack_dir, tmp_path)
    wait_for_rows(results, 2)  # learner02 is next, and sleeps for an hour (or has not begun)
    process.send_signal(getattr(signal, stop))
    # Only cancelling ends learner02's hour-long sleep (its limits allow 600 CPU s and a 1205 s
    # backstop): an answer within this generous bound means it was cancelled.
    _, stderr = process.communicate(timeout=900)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == (
        "quizprep: interrupted: 2 of 4 results are in quizprep-results.jsonl; "
        "run the same command with --resume to finish"
    )
    assert "Traceback" not in stderr
    assert [row["status"] for row in rows_of(results)] == ["pass", "fail"]  # no bogus error row


def test_an_interruption_just_after_a_row_is_written_counts_that_row(
    pack_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A row is flushed to disk before the batch counts its result: Ctrl-C in between (during
    the fsync, as a loaded disk makes likely) must still say the row is in the file."""
    from quizprep import cli
    from quizprep.grading import batch

    many_submissions(tmp_path / "subs", 4)
    real = batch.ResultsFile.append
    written: list[str] = []

    def append_then_interrupted(self: batch.ResultsFile, result: Any) -> None:
        real(self, result)
        written.append(result.submission)
        if len(written) == 2:
            raise KeyboardInterrupt  # the signal, landing as the second row is on disk

    monkeypatch.setattr(batch.ResultsFile, "append", append_then_interrupted)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["grade", "subs", "--pack", str(pack_dir), "--seed", "9", "--workers", "1"])
    assert code == 130
    assert len(rows_of(tmp_path / "quizprep-results.jsonl")) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "quizprep: interrupted: 2 of 4 results are in quizprep-results.jsonl; "
        "run the same command with --resume to finish"
    )


@pytest.mark.parametrize("exercise", ["gru_cell", "conv2d_forward", "multi_head_attention"])
def test_one_torch_file_is_graded_without_the_full_warm_up(exercise: str) -> None:
    """A handful of files skips the torch zygote's warm-up: the worker loads the kernels it
    uses (a convolution, a GRU, attention) itself, and still passes."""
    folder = Path(__file__).resolve().parent / "solutions" / exercise
    solution = next(p for p in sorted(folder.glob("*.py")) if "import torch" in p.read_text())
    result = quizprep("grade", solution, "--exercise", exercise, "--format", "json", "--no-results")
    assert result.returncode == 0, result.stdout + result.stderr
    (row,) = json.loads(result.stdout)
    assert (row["status"], row["arrays"]) == ("pass", "torch")


ZYGOTES_AFTER_GRADE = """
import contextlib, io, json, sys
from quizprep.cli import main
from quizprep.sandbox.pool import shared_pool
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["grade", *sys.argv[1:], "--no-results", "--seed", "1"])
print(json.dumps({"code": code, "running": shared_pool().running(),
                  "warm_up": shared_pool().warm_up}))
"""


@pytest.mark.parametrize(
    ("styles", "running"),
    [(["torch"], ["torch"]), (["numpy"], ["numpy"]), (["numpy", "torch"], ["numpy", "torch"])],
    ids=["torch-file", "numpy-file", "one-of-each"],
)
def test_files_named_one_by_one_start_only_the_sandboxes_they_need(
    styles: list[str], running: list[str], tmp_path: Path
) -> None:
    """The sandbox starts before the packs load, from a glance at the files: a lone torch file
    boots no NumPy zygote beside torch's (on two cores it would slow torch's), and a handful
    skips torch's batch warm-up."""
    files = []
    for exercise, style in zip(["gru_cell", "cross_entropy"], styles, strict=False):
        folder = Path(__file__).resolve().parent / "solutions" / exercise
        wanted = style == "torch"
        source = next(
            p.read_text()
            for p in sorted(folder.glob("*.py"))
            if ("import torch" in p.read_text()) == wanted
        )
        files.append(tmp_path / f"{exercise}.py")
        files[-1].write_text(source)
    result = subprocess.run(
        [sys.executable, "-c", ZYGOTES_AFTER_GRADE, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.splitlines()[-1])
    assert state == {"code": 0, "running": running, "warm_up": False}, result.stderr


@pytest.mark.parametrize("style", ["numpy", "torch"])
def test_a_graded_file_leaves_nothing_running_or_behind(style: str, tmp_path: Path) -> None:
    """The program ends without the interpreter's teardown, but only after the pool's exit
    handlers: no zygote outlives it, its temporary folder is gone, the report is complete."""
    folder = Path(__file__).resolve().parent / "solutions" / "gru_cell"
    source = next(
        p.read_text()
        for p in sorted(folder.glob("*.py"))
        if ("import torch" in p.read_text()) == (style == "torch")
    )
    (tmp_path / "gru_cell.py").write_text(source)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = _zygote_pids()
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "grade", "gru_cell.py", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(temporary)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert [row["status"] for row in json.loads(result.stdout)] == ["pass"]
    assert list(temporary.iterdir()) == []
    assert _zygote_pids() <= before  # its zygotes were stopped before it exited


def _zygote_pids() -> set[int]:
    """The zygote processes alive now (this test process's own pool's included)."""
    return processes_running(b"quizprep.sandbox.zygote")


def test_the_programs_own_numpy_runs_one_blas_thread() -> None:
    """The grader's NumPy only compares results; a BLAS pool per core would spin beside the
    sandbox's processes. A value the user set is kept."""
    probe = (
        "import atexit, os, sys; sys.argv = ['quizprep', 'list']\n"
        "atexit.register(lambda: print(os.environ.get('OPENBLAS_NUM_THREADS'), "
        "os.environ.get('OMP_NUM_THREADS'), file=sys.stderr))\n"
        "from quizprep.cli import program\nprogram()\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    for extra, expected in (({}, "1 1"), ({"OMP_NUM_THREADS": "3"}, "1 3")):
        done = subprocess.run(
            [sys.executable, "-c", probe],
            env={**clean, **extra},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.strip().splitlines()[-1] == expected


def test_grade_with_its_standard_streams_closed_writes_the_report(
    pack_dir: Path, tmp_path: Path
) -> None:
    """Run from a job runner with stdin and stdout closed (`<&- >&-`), a grade that writes its
    report with --output still grades (Python then has no sys.stdout at all)."""
    submission = tmp_path / "scaled_sum.py"
    submission.write_text(CORRECT_TINY)
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "quizprep", "grade", str(submission), "--pack", str(pack_dir)]
    command += ["--format", "json", "--output", str(report)]
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" <&- >&-', "sh", *command],
        stdout=subprocess.DEVNULL,  # replaced by the shell's closing
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert [row["status"] for row in json.loads(report.read_text())] == ["pass"]

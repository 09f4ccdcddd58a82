"""The command line: the JSON contracts of DESIGN.md, exit codes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORRECT_TINY, TINY_MUTANT, write_tiny_pack

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


def test_grade_folder_json_contract_and_exit_code(pack_dir: Path, submissions: Path) -> None:
    result = quizprep("grade", submissions, "--pack", pack_dir, "--format", "json", "--seed", "7")
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


def test_grade_exit_zero_when_all_pass(pack_dir: Path, submissions: Path) -> None:
    result = quizprep("grade", submissions / "alice" / "scaled_sum.py", "--pack", pack_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1/1 passed" in result.stdout


def test_grade_is_reproducible_from_the_seed(pack_dir: Path, submissions: Path) -> None:
    first = quizprep("grade", submissions, "--pack", pack_dir, "--format", "jsonl")
    seed = json.loads(first.stdout.splitlines()[0])["seed"]
    again = quizprep(
        "grade", submissions, "--pack", pack_dir, "--format", "jsonl", "--seed", str(seed)
    )
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
    result = quizprep("grade", submissions, "--pack", pack_dir, "--format", "csv", "--output", out)
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


def test_broken_pack_is_one_line(pack_dir: Path) -> None:
    question = pack_dir / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("topic: basics", "topic: cooking"))
    result = quizprep("list", "--pack", pack_dir)
    assert result.returncode == 2
    assert "scaled_sum.yaml:4: topic: Input should be" in result.stderr
    assert "Traceback" not in result.stderr


def test_cuda_without_a_gpu_is_a_clear_error(pack_dir: Path, submissions: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = quizprep("grade", submissions, "--pack", pack_dir, "--device", "cuda")
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

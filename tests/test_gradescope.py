"""`quizprep gradescope build` (issue 17): the autograder zip Gradescope asks for, tested end to
end without Gradescope: unpacked into a tree that mirrors /autograder (source, submission,
results), its setup.sh run against the local package index into a fresh virtualenv, its
run_autograder grading a submission, and results.json checked against Gradescope's fields."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from quizprep.gradescope import Graded, results_json

# https://gradescope-autograders.readthedocs.io/en/latest/specs/ (results.json)
TOP_LEVEL = {
    "score": (int, float),
    "execution_time": (int, float),
    "output": str,
    "output_format": str,
    "test_output_format": str,
    "test_name_format": str,
    "visibility": str,
    "stdout_visibility": str,
    "extra_data": dict,
    "tests": list,
    "leaderboard": list,
}
TEST_FIELDS = {
    "score": (int, float),
    "max_score": (int, float),
    "status": str,
    "name": str,
    "name_format": str,
    "number": str,
    "output": str,
    "output_format": str,
    "tags": list,
    "visibility": str,
    "extra_data": dict,
}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def check_results(data: Any) -> None:
    """Raise AssertionError where `data` breaks Gradescope's documented results.json."""
    assert isinstance(data, dict)
    assert "score" in data or "tests" in data
    for key, value in data.items():
        assert key in TOP_LEVEL, f"unknown top-level field {key!r}"
        assert isinstance(value, TOP_LEVEL[key]), f"{key}: {type(value).__name__}"
    for key in ("visibility", "stdout_visibility"):
        assert data.get(key, "visible") in VISIBILITY
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert data.get(key, "text") in FORMATS
    for test in data.get("tests", []):
        for key, value in test.items():
            assert key in TEST_FIELDS, f"unknown test field {key!r}"
            assert isinstance(value, TEST_FIELDS[key]), f"test {key}: {type(value).__name__}"
        assert test.get("status", "passed") in {"passed", "failed"}
        assert test.get("visibility", "visible") in VISIBILITY
        assert test.get("output_format", "text") in FORMATS
        if "score" in test:
            assert 0 <= test["score"] <= test.get("max_score", test["score"])


def quizprep(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizprep", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def build(tmp_path: Path) -> Path:
    output = tmp_path / "autograder.zip"
    result = quizprep(
        "gradescope", "build",
        "--exercise", "softmax", "--exercise", "iterations_per_epoch", "--exercise", "gru_cell",
        "--points", "softmax=4", "--points", "gru_cell=10", "--hidden", "gru_cell",
        "--output", output,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return output


def test_the_zip_holds_what_gradescope_runs(tmp_path: Path) -> None:
    archive = zipfile.ZipFile(build(tmp_path))
    names = set(archive.namelist())
    for name in ("setup.sh", "run_autograder", "requirements.txt", "quizprep-gradescope.json"):
        assert name in names
    for name in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(archive.getinfo(name).external_attr >> 16) & 0o111
    assert "quizprep/_bank/questions/pack.yaml" in names
    assert "quizprep/_bank/reference/gru_cell.py" in names
    assert "quizprep/_bank/modern/questions/pack.yaml" in names
    requirements = archive.read("requirements.txt").decode().split()
    assert f"torch=={version('torch')}" in requirements
    assert "download.pytorch.org/whl/cpu" in archive.read("setup.sh").decode()
    config = json.loads(archive.read("quizprep-gradescope.json"))
    assert config["exercises"] == [
        {"exercise": "softmax", "points": 4.0, "visibility": "visible"},
        {"exercise": "iterations_per_epoch", "points": 1.0, "visibility": "visible"},
        {"exercise": "gru_cell", "points": 10.0, "visibility": "after_due_date"},
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--exercise", "nope"], "no exercise 'nope'"),
        (["--exercise", "softmax", "--points", "softmax=0"], "points must be > 0"),
        (["--exercise", "softmax", "--points", "gru_cell=2"], "one of the --exercise IDs"),
        (["--exercise", "softmax", "--points", "softmax=lots"], "is not a number"),
        (["--exercise", "softmax", "--hidden", "gru_cell"], "not one of the --exercise IDs"),
    ],
)
def test_bad_options_are_one_line(tmp_path: Path, args: list[str], says: str) -> None:
    result = quizprep("gradescope", "build", *args, "--output", tmp_path / "a.zip")
    assert result.returncode == 2 and says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_results_give_each_exercise_its_points_and_say_what_is_missing() -> None:
    graded = [Graded("softmax", 4.0, "visible"), Graded("gru_cell", 10.0, "after_due_date")]
    rows = [
        {"exercise": "softmax", "status": "fail", "score": 0.5, "advice": "A known mistake.",
         "checks": [{"name": "case 1", "status": "fail", "message": "expected 1, got 2"}]},
    ]  # fmt: skip
    data = results_json(graded, rows, "")
    check_results(data)
    softmax, gru = data["tests"]
    assert (softmax["score"], softmax["max_score"], softmax["status"]) == (2.0, 4.0, "failed")
    assert "A known mistake." in softmax["output"] and "expected 1, got 2" in softmax["output"]
    assert (gru["score"], gru["max_score"], gru["visibility"]) == (0.0, 10.0, "after_due_date")
    assert "upload gru_cell.py" in gru["output"]
    assert data["score"] == 2.0


@pytest.mark.slow
def test_setup_and_run_autograder_in_a_tree_like_gradescopes(tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    source, submission = root / "source", root / "submission"
    zipfile.ZipFile(build(tmp_path)).extractall(source)
    for name in ("setup.sh", "run_autograder"):  # zipfile does not restore modes
        (source / name).chmod(0o755)
    submission.mkdir(parents=True)
    (submission / "softmax.py").write_text(
        "import numpy as np\n\ndef softmax(x, axis=-1):\n"
        "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
        "    return e / e.sum(axis=axis, keepdims=True)\n"
    )
    (submission / "iterations_per_epoch.py").write_text(
        "def iterations_per_epoch(n, batch_size, drop_last=False):\n    return n // batch_size\n"
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {
        **os.environ,
        "QUIZPREP_PYTHON": str(venv / "bin" / "python"),
        "QUIZPREP_TORCH_INDEX": "",  # this machine's pip configuration: its local index
        "QUIZPREP_GRADESCOPE_ROOT": str(root),
        "PYTHONPATH": "",
    }
    setup = subprocess.run(
        ["bash", str(source / "setup.sh")], env=env, capture_output=True, text=True, timeout=1500
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    run = subprocess.run(
        [str(source / "run_autograder")], env=env, capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    check_results(data)
    tests = {t["name"]: t for t in data["tests"]}
    assert (tests["softmax"]["score"], tests["softmax"]["status"]) == (4.0, "passed")
    assert tests["iterations_per_epoch"]["status"] == "failed"
    assert "drop_last" in tests["iterations_per_epoch"]["output"]
    assert tests["gru_cell"]["score"] == 0 and tests["gru_cell"]["visibility"] == "after_due_date"

"""An installed wheel carries the built-in bank and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_the_bank_and_grades_from_anywhere(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(ROOT),
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("quizprep-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "quizprep/_bank/questions/pack.yaml" in names
    assert "quizprep/_bank/reference/gru_cell.py" in names
    assert "quizprep/_bank/modern/questions/pack.yaml" in names  # the second built-in pack
    assert "quizprep/tui/app.tcss" in names  # the app cannot start without its styles
    assert "quizprep/bank/templates/pack/pack.yaml.tmpl" in names  # `pack new` needs them
    assert "quizprep/bank/templates/pack/reference/huber_loss.py.tmpl" in names
    assert any(n.startswith("quizprep/_bank/reference/mutants/gru_cell/") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "quizprep", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import quizprep; print(quizprep.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
    assert run("pack", "new", "fresh").returncode == 0
    assert (elsewhere / "fresh" / "questions" / "q01_huber_loss.yaml").is_file()
    rows = json.loads(run("list", "--format", "json").stdout)
    assert {"perceptron_step", "gru_cell"} <= {r["exercise"] for r in rows}
    assert sum(r["id"].startswith("modern/") for r in rows) >= 30
    assert run("start", "perceptron_step").returncode == 0
    graded = run("grade", "perceptron_step.py", "--format", "json")
    assert json.loads(graded.stdout)[0]["status"] == "error"  # the starter: not attempted

"""Remembered reference requests (`refhints`): a cold grade of one file without --seed sends
its exercise's last request to the spare helper at once; only the built-in packs' reference
modules are ever named, whatever the hint file says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizprep.bank.builtin import builtin_reference_dirs
from quizprep.bank.pack import builtin_pack_dirs, load_pack
from quizprep.grading import refhints

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QUIZPREP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_built_in_reference_folders_are_the_packs_own() -> None:
    assert builtin_reference_dirs() == [load_pack(d).reference_dir for d in builtin_pack_dirs()]


def test_a_remembered_request_is_recalled_with_the_new_seed(cache: Path) -> None:
    module = builtin_reference_dirs()[0] / "gru_cell.py"
    assert refhints.recall("gru_cell", 7) is None
    refhints.remember("gru_cell", module, 60.0, 1024, 8)
    assert refhints.recall("gru_cell", 7) == {
        "op": "cases",
        "path": str(module),
        "seconds": 60.0,
        "memory_mb": 1024,
        "seed": 7,
        "count": 8,
        "outputs": True,
    }
    assert refhints.recall("rnn_bptt", 7) is None


def test_a_module_outside_the_built_in_packs_is_never_named(cache: Path, tmp_path: Path) -> None:
    """A hint is a file in the cache folder: whoever can write that folder must not get the
    grader to run a module of their choosing."""
    planted = tmp_path / "gru_cell.py"
    planted.write_text("import os\nos.system('echo owned')\n")
    refhints.remember("gru_cell", planted, 60.0, 1024, 8)
    assert not (cache / "hints").exists()  # a pack of one's own is not remembered
    (cache / "hints").mkdir(parents=True)
    hint_file = cache / "hints" / "gru_cell.json"
    good = {
        "path": str(builtin_reference_dirs()[0] / "gru_cell.py"),
        "count": 8,
        "seconds": 60.0,
        "memory_mb": 1024,
    }
    for planted_hint in [
        {**good, "path": str(planted)},
        {**good, "path": str(builtin_reference_dirs()[0] / "rnn_bptt.py")},  # another's
        {
            **good,
            "path": str(builtin_reference_dirs()[0] / ".." / "reference" / "x" / "gru_cell.py"),
        },
        {**good, "count": 10_000},
        {**good, "seconds": 1e9},
        {**good, "memory_mb": "all"},
        [good],
    ]:
        hint_file.write_text(json.dumps(planted_hint))
        assert refhints.recall("gru_cell", 1) is None, planted_hint
    hint_file.write_text(json.dumps({**good, "pad": "x" * refhints.MAX_HINT_BYTES}))
    assert refhints.recall("gru_cell", 1) is None  # read only so far: not JSON there
    assert refhints.recall("../hints/gru_cell", 1) is None


def test_no_hint_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZPREP_CACHE", "off")
    refhints.remember("gru_cell", builtin_reference_dirs()[0] / "gru_cell.py", 60.0, 1024, 8)
    assert refhints.recall("gru_cell", 1) is None


def test_a_cold_grade_remembers_its_request_and_keeps_no_outputs_for_its_fresh_seed(
    tmp_path: Path,
) -> None:
    solution = tmp_path / "perceptron_step.py"
    solution.write_text((ROOT / "tests" / "solutions" / "perceptron_step" / "loops.py").read_text())
    cache = tmp_path / "cache"

    def grade(*options: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "quizprep", "grade", *options, str(solution)],
            capture_output=True,
            text=True,
            env={**os.environ, "QUIZPREP_CACHE": str(cache)},
            timeout=300,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert "1/1 passed" in done.stdout

    grade()
    grade()  # sends the remembered request as its helper is forked
    hint = json.loads((cache / "hints" / "perceptron_step.json").read_text())
    assert Path(hint["path"]) == builtin_reference_dirs()[0] / "perceptron_step.py"
    assert not (cache / "reference").exists()
    grade("--seed", "3")
    assert (cache / "reference").is_dir()  # a seed a later run can name: kept

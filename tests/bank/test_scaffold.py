"""`quizprep pack new`: the scaffold loads, points editors at its schemas, and passes pack check
as generated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizprep import __version__
from quizprep.bank.json_schema import schema_text
from quizprep.bank.pack import load_pack
from quizprep.bank.scaffold import new_pack
from quizprep.errors import UsageError


def quizprep(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QUIZPREP_PACKS"}
    return subprocess.run(
        [sys.executable, "-m", "quizprep", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=env,
    )


def test_new_pack_loads_namespaced_with_this_version_range(tmp_path: Path) -> None:
    written = new_pack("my-pack", tmp_path / "my-pack", author="Ada: Lovelace")
    assert {p.relative_to(tmp_path / "my-pack").as_posix() for p in written} == {
        "README.md",
        "pack.yaml",
        "questions/q01_huber_loss.yaml",
        "reference/huber_loss.py",
        "reference/mutants/huber_loss/sum_not_mean.py",
        "reference/mutants/huber_loss/linear_without_offset.py",
        "schema/question.schema.json",
        "schema/pack.schema.json",
    }
    pack = load_pack(tmp_path / "my-pack")
    assert pack.meta.name == "my-pack" and pack.meta.authors == ["Ada: Lovelace"]
    assert pack.meta.quizprep is not None and __version__.startswith(
        pack.meta.quizprep.split(",")[0].removeprefix(">=")
    )
    assert [q.id for q in pack.questions] == ["my-pack/huber_loss"]
    exercise = pack.exercise("huber_loss")
    assert exercise is not None and [m.name for m in exercise.mutants] == [
        "sum_not_mean",
        "linear_without_offset",
    ]


def test_yaml_files_point_editors_at_the_schemas(tmp_path: Path) -> None:
    root = tmp_path / "p"
    new_pack("p", root, author="me")
    first = (root / "pack.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/pack.schema.json"
    question = root / "questions" / "q01_huber_loss.yaml"
    first = question.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/question.schema.json"
    schema = (question.parent / first.split("=", 1)[1]).resolve()
    assert schema.read_text() == schema_text("question")
    assert json.loads((root / "schema" / "pack.schema.json").read_text())["title"] == "PackMeta"


@pytest.mark.parametrize("name", ["My Pack", "9lives", "a/b", ""])
def test_a_name_that_cannot_be_a_namespace_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="lower case letters"):
        new_pack(name, tmp_path / "x", author="me")


def test_an_existing_folder_with_files_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not an empty folder"):
        new_pack("p", tmp_path, author="me")
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_cli_writes_to_the_name_by_default(tmp_path: Path) -> None:
    result = quizprep("pack", "new", "course-pack", "--author", "Ada", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "quizprep pack check course-pack" in result.stdout
    assert load_pack(tmp_path / "course-pack").meta.authors == ["Ada"]
    again = quizprep("pack", "new", "course-pack", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.slow
def test_the_scaffold_passes_pack_check_as_generated(tmp_path: Path) -> None:
    assert quizprep("pack", "new", "fresh", cwd=tmp_path).returncode == 0
    result = quizprep("pack", "check", "fresh", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    huber_loss" in result.stdout and "warning" not in result.stdout
    assert "pack check: all good" in result.stdout

"""docs/authoring.md, followed literally: every `console` block is run and every file block
(```` ```yaml path=... ````) is written, in order, in an empty folder. The pack it builds passes
pack check, shows up in the app, grades a student's file, and installs as a package."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import OptionList

from quizprep.bank import schema

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "authoring.md"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
PUBLISHING = "## 7. Publishing"


@dataclass(frozen=True)
class Step:
    """A command to run, or a file to write, in the doc's order."""

    section: str
    command: str | None = None
    path: str | None = None
    text: str = ""


def steps() -> list[Step]:
    doc = DOC.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(doc):
        section = next(
            (h for h in reversed(re.findall(r"^## .*$", doc[: match.start()], re.M))), ""
        )
        info = match["info"].split()
        paths = [word.removeprefix("path=") for word in info if word.startswith("path=")]
        if info[:1] == ["console"]:
            for line in match["body"].splitlines():
                if line.startswith("$ "):
                    found.append(Step(section, command=line[2:]))
        elif paths:
            found.append(Step(section, path=paths[0], text=match["body"]))
    return found


def run_steps(work: Path, until: str | None = None) -> list[tuple[str, str]]:
    """Run the doc's steps in `work` (stopping at the section `until`); return each command
    with its output."""
    bin_dir = work / ".bin"
    site = work / ".site"
    bin_dir.mkdir()
    # `pip install` goes to a private folder, never into the environment the tests run in.
    (bin_dir / "pip").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -m pip "$@" --quiet --no-deps '
        f'--no-build-isolation --target "{site}"\n'
    )
    (bin_dir / "pip").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZPREP_PACKS", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), env["PATH"]])
    env["PYTHONPATH"] = str(site)
    env["QUIZPREP_HOME"] = str(work / ".home")
    outputs = []
    for step in steps():
        if until is not None and step.section.startswith(until):
            break
        if step.path is not None:
            target = work / step.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.text, encoding="utf-8")
            continue
        assert step.command is not None
        words = shlex.split(step.command)
        if words[:2] == ["quizprep", "--pack"] and len(words) == 3:
            asyncio.run(app_shows_pack(work / words[2], work))
            continue
        result = subprocess.run(
            ["bash", "-c", step.command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"$ {step.command}\n{result.stdout}{result.stderr}"
        assert "warning" not in result.stdout + result.stderr, result.stdout + result.stderr
        outputs.append((step.command, result.stdout))
    return outputs


async def app_shows_pack(pack_dir: Path, work: Path) -> None:
    """`quizprep --pack DIR` needs a terminal: open the same app headless instead, and find
    the pack's question on the home screen."""
    from quizprep.bank.catalog import load_catalog
    from quizprep.bank.discovery import discover
    from quizprep.progress.store import ProgressStore
    from quizprep.tui.app import QuizprepApp

    catalog = load_catalog(*discover([pack_dir], environ={}, entry_points=False))
    assert not catalog.problems
    (work / ".app").mkdir()
    store = ProgressStore(work / ".app" / "progress.sqlite3")
    app = QuizprepApp(list(catalog.packs), store, work / ".app" / "workspace")
    async with app.run_test() as pilot:
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        slugs = [topics.get_option_at_index(i).id for i in range(topics.option_count)]
        topics.highlighted = slugs.index("training")
        await pilot.pause()
        questions = app.screen.query_one("#questions", OptionList)
        ids = [questions.get_option_at_index(i).id for i in range(questions.option_count)]
        assert f"{catalog.packs[-1].name}/huber_loss" in ids


def test_the_doc_has_steps_of_every_kind() -> None:
    found = steps()
    commands = [s.command for s in found if s.command]
    assert 'quizprep pack new my-course --author "Ada Lovelace"' in commands
    assert any(c.startswith("quizprep grade") for c in commands)
    assert any(c.startswith("pip install") for c in commands)
    assert {Path(s.path).suffix for s in found if s.path} == {".yaml", ".py", ".toml"}


@pytest.mark.parametrize(
    "model",
    [
        schema.PackMeta,
        schema.Question,
        schema.Exercise,
        schema.ChoiceItem,
        schema.NumericItem,
        schema.FormulaItem,
        schema.ShortItem,
        schema.Mutant,
        schema.SymbolSpec,
        schema.Tolerance,
    ],
)
def test_every_field_is_documented(model: type[schema.Model]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for name in model.model_fields:
        assert f"`{name}`" in doc or f"{name}:" in doc, f"{model.__name__}.{name} is not documented"


@pytest.mark.slow
def test_the_walk_through_builds_a_pack_that_checks_shows_and_grades(tmp_path: Path) -> None:
    outputs = dict(run_steps(tmp_path, until=PUBLISHING))
    assert "pack check: all good" in outputs["quizprep pack check my-course"]
    assert "ok    softplus" in outputs["quizprep pack check my-course"]
    assert "1/1 passed" in outputs["quizprep grade work/softplus.py --pack my-course"]
    assert "my-course/huber_loss" in outputs["quizprep list --pack my-course"]
    listed = outputs["QUIZPREP_PACKS=my-course quizprep pack list"]
    assert re.search(r"^my-course +0\.1\.0 +2 +QUIZPREP_PACKS", listed, re.MULTILINE)


@pytest.mark.slow
def test_the_published_package_is_found_by_its_entry_point(tmp_path: Path) -> None:
    outputs = run_steps(tmp_path)
    command, listed = outputs[-1]
    assert command == "quizprep pack list"
    assert "entry point my-course (quizprep-my-course 0.1.0)" in listed

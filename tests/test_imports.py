"""Import hygiene (DESIGN invariant 3) and the one-way arrows between the package's parts."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quizprep"


def _modules_after(code: str) -> set[str]:
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["list", "--format", "json"], [], ["pack", "list"]],
    ids=["help", "list", "list-json", "no-command", "pack-list"],
)
def test_start_up_paths_import_neither_torch_nor_sympy(argv: list[str]) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from quizprep.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass\n"
    )
    loaded = _modules_after(code)
    assert "torch" not in loaded
    assert "sympy" not in loaded
    assert "textual" not in loaded


def test_grading_a_numpy_submission_does_not_import_torch_in_the_grader() -> None:
    loaded = _modules_after("import quizprep.grading.grader, quizprep.grading.packcheck")
    assert "torch" not in loaded and "sympy" not in loaded


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


# part -> the parts of quizprep it may import (besides itself and the leaves every part may
# use: quizprep.errors, quizprep.cachedir and __init__)
ALLOWED = {
    "bank": set(),
    "sandbox": set(),
    "grading": {"bank", "sandbox"},
    "progress": {"bank"},
}


def test_leaves_import_nothing_of_quizprep() -> None:
    for leaf in ("errors", "cachedir"):
        path = PACKAGE / f"{leaf}.py"
        assert not {m for m in _imports_of(path) if m.startswith("quizprep")}, path


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_arrows_point_one_way(part: str) -> None:
    for path in (PACKAGE / part).rglob("*.py"):
        for module in _imports_of(path):
            if module == "textual" or module.startswith("textual."):
                pytest.fail(f"{path} imports textual")
            if not module.startswith("quizprep."):
                continue
            other = module.split(".")[1]
            if other in (part, "errors", "cachedir"):
                continue
            assert other in ALLOWED[part], f"{path.relative_to(PACKAGE)} imports {module}"

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


def test_a_cold_single_file_grade_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Each of these cost a cold `quizprep grade one.py` milliseconds for nothing: NumPy's
    masked arrays (np.unique loads them, ~8 ms), XML (JUnit reports only), torch, SymPy and
    Textual (a NumPy file, graded from the command line)."""
    solution = tmp_path / "perceptron_step.py"
    solution.write_text(
        (PACKAGE.parent / "tests" / "solutions" / "perceptron_step" / "loops.py").read_text()
    )
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))\n"
        f"sys.argv = ['quizprep', 'grade', {str(solution)!r}]\n"
        "from quizprep.cli import program\nprogram()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    unused = {"numpy.ma", "xml.etree.ElementTree", "torch", "sympy", "textual"}
    assert loaded & unused == set()

"""quizprep in Jupyter (issue 17): `%load_ext quizprep`, `%%quizprep ID` cells and
`quizprep.check(...)`, run in a real kernel (nbclient); the same notebook graded as a file by
`quizprep grade` gives the same verdicts; checks land in the learner's progress."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizprep.jupyter import function_source, needed_cells

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient", reason="nbclient (dev extra) runs notebooks")
pytest.importorskip("ipykernel", reason="a Jupyter kernel (ipykernel, dev extra) is needed")

SOFTMAX_RIGHT = """%%quizprep softmax
def softmax(x, axis=-1):
    return np.exp(x - logsumexp(x, axis))
"""
SOFTMAX_HELPER = """def logsumexp(x, axis):
    m = np.max(x, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
"""
ITERATIONS_WRONG = """%%quizprep iterations_per_epoch
def iterations_per_epoch(n, batch_size, drop_last=False):
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return n // batch_size
"""
ACTIVATIONS_NAIVE = """def activations(x, name):
    x = np.asarray(x, dtype=np.float64)
    table = {
        "relu": (np.maximum(x, 0), (x > 0) * 1.0),
        "leaky_relu": (np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)),
        "sigmoid": (1 / (1 + np.exp(-x)), np.exp(-x) / (1 + np.exp(-x)) ** 2),
        "tanh": (np.tanh(x), 1 - np.tanh(x) ** 2),
    }
    if name not in table:
        raise ValueError(name)
    return table[name]
"""


def test_a_cell_needs_the_cells_that_define_what_it_reads() -> None:
    cells = [
        "import numpy as np",
        "data = np.random.rand(10**9)  # heavy, and not needed",
        SOFTMAX_HELPER,
        "def unrelated():\n    return 1",
        "import this is not python",
    ]
    body = "def softmax(x, axis=-1):\n    return np.exp(x - logsumexp(x, axis))"
    assert needed_cells(cells, body) == [0, 2]


def test_a_function_brings_its_helpers_imports_and_constants() -> None:
    namespace: dict[str, object] = {}
    code = "import numpy as np\nSCALE = 2.0\ndef helper(x):\n    return x * SCALE\n"
    code += "def f(x):\n    return np.sum(helper(x))\n"
    path = Path(__file__).with_name("_generated_for_source.py")
    path.write_text(code)
    try:
        exec(compile(code, str(path), "exec"), namespace)
        source = function_source(namespace["f"])  # type: ignore[arg-type]
    finally:
        path.unlink()
    assert "import numpy as np" in source and "SCALE = 2.0" in source
    assert source.index("def helper") < source.index("def f")
    checked: dict[str, object] = {}
    exec(source, checked)
    assert checked["f"](3.0) == 6.0  # type: ignore[operator]


def _notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Three exercises"),
        nbformat.v4.new_code_cell("%load_ext quizprep\nimport numpy as np\nimport quizprep"),
        nbformat.v4.new_code_cell(SOFTMAX_HELPER),
        nbformat.v4.new_code_cell(SOFTMAX_RIGHT),
        nbformat.v4.new_code_cell(ITERATIONS_WRONG),
        nbformat.v4.new_code_cell("%%quizprep activations\n" + ACTIVATIONS_NAIVE),
        nbformat.v4.new_code_cell('quizprep.check("activations", activations, record=False)'),
    ]
    path = tmp_path / "homework.ipynb"
    path.write_text(nbformat.writes(nb))
    return path


def _text(output: dict[str, object]) -> str:
    data = output.get("data", {})
    assert isinstance(data, dict)
    return str(data.get("text/plain", "")) + str(data.get("text/html", ""))


def test_a_notebook_graded_in_a_kernel_and_as_a_file_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZPREP_HOME", str(home))
    path = _notebook(tmp_path)
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    shown = {i: " ".join(map(_text, c.get("outputs", []))) for i, c in enumerate(nb.cells)}
    assert "softmax: PASS" in shown[3], shown[3]
    assert "iterations_per_epoch: FAIL" in shown[4], shown[4]
    assert "<table>" in shown[4]  # rich output: HTML with a table of checks
    assert "drop_last" in shown[4] or "short last batch" in shown[4]
    for cell in (5, 6):  # the %%quizprep cell, and quizprep.check on the function it defined
        assert "activations: FAIL" in shown[cell], shown[cell]
        assert "overflow" in shown[cell].lower()

    graded = subprocess.run(
        [sys.executable, "-m", "quizprep", "grade", str(path), "--format", "json", "--no-results"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    verdicts = {r["exercise"]: r["status"] for r in json.loads(graded.stdout)}
    assert verdicts == {"softmax": "pass", "iterations_per_epoch": "fail", "activations": "fail"}

    with sqlite3.connect(home / "progress.sqlite3") as db:
        rows = db.execute("SELECT exercise_id, status FROM exercise_attempts").fetchall()
    assert sorted(rows) == [  # the check with record=False is not among them
        ("activations", "fail"),
        ("iterations_per_epoch", "fail"),
        ("softmax", "pass"),
    ]


def test_start_notebook_writes_the_task_the_starter_and_a_checking_cell(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "start", "gru_cell", str(tmp_path), "--notebook"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(tmp_path / "gru_cell.ipynb", as_version=4)
    nbformat.validate(nb)
    kinds = [cell.cell_type for cell in nb.cells]
    assert kinds == ["markdown", "code", "code"]
    assert "GRU" in nb.cells[0].source
    assert nb.cells[1].source.startswith("%load_ext quizprep")
    assert nb.cells[2].source.startswith("%%quizprep gru_cell\n")
    assert "def gru_cell(" in nb.cells[2].source
    again = subprocess.run(
        [sys.executable, "-m", "quizprep", "start", "gru_cell", str(tmp_path), "--notebook"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2 and "already exists" in again.stderr  # the learner's work is kept
    graded = subprocess.run(
        [sys.executable, "-m", "quizprep", "grade", str(tmp_path / "gru_cell.ipynb")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "not attempted" in graded.stdout  # the starter, as for a .py file

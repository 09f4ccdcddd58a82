"""`.ipynb` submissions (issue 17): `quizprep grade` takes notebooks wherever it takes `.py`
files; code cells are joined in order, IPython magics and shell escapes dropped, a `%%quizprep ID`
cell marks the answer to exercise ID, lines are reported as "cell N, line M", and a malformed
notebook is one `invalid` row or a skipped entry that says why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from quizprep.grading.notebook import NotebookError, notebook_parts

SOFTMAX = """def softmax(x, axis=-1):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
"""
WRONG_SOFTMAX = """def softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)
"""
ACTIVATIONS = """def activations(x, name):
    x = np.asarray(x, dtype=np.float64)
    if name == "relu":
        return np.maximum(x, 0), (x > 0).astype(np.float64)
    if name == "leaky_relu":
        return np.where(x > 0, x, 0.01 * x), np.where(x > 0, 1.0, 0.01)
    if name == "sigmoid":
        s = 0.5 * (1 + np.tanh(x / 2))
        return s, s * (1 - s)
    if name == "tanh":
        return np.tanh(x), 1 - np.tanh(x) ** 2
    raise ValueError(name)
"""


def notebook(*cells: tuple[str, str]) -> str:
    """A notebook of (kind, source) cells, as nbformat writes it."""
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source))
    return nbformat.writes(nb)


def grade(*args: str | Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "grade", "--format", "json", "--no-results"]
        + [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_code_cells_join_in_order_with_magics_dropped() -> None:
    text = notebook(
        ("markdown", "# Homework"),
        ("code", "%matplotlib inline\nimport numpy as np\n!pip install nothing"),
        ("code", "%%time\nraise SystemExit('a timed cell is not Python to grade')"),
        ("code", "for i in range(2):\n    !echo {i}\nx = 1"),
    )
    (part,) = notebook_parts(text.encode())
    assert part.exercise is None
    assert part.source == "pass\nimport numpy as np\npass\nfor i in range(2):\n    pass\nx = 1\n"
    compile(part.source, "notebook", "exec")
    assert part.where(2) == "cell 2, line 2" and part.where(6) == "cell 4, line 3"
    assert part.relabel("NameError (line 5)") == "NameError (cell 4, line 2)"


def test_quizprep_cells_mark_one_part_per_exercise_with_the_shared_cells_before() -> None:
    text = notebook(
        ("code", "import numpy as np"),
        ("code", "%%quizprep softmax\n" + SOFTMAX),
        ("code", "HELPER = 2"),
        ("code", "%%quizprep activations\n" + ACTIVATIONS),
    )
    first, second = notebook_parts(text.encode())
    assert (first.exercise, second.exercise) == ("softmax", "activations")
    assert "HELPER" not in first.source and "def softmax" in first.source
    assert "HELPER = 2" in second.source and "def softmax" not in second.source
    assert second.where(1) == "cell 1, line 1" and second.where(3) == "cell 4, line 1"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"{not json", "not a notebook"),
        (b'{"cells": 3, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid"),
        (b"\xff\xfe", "not UTF-8"),
        (notebook(("code", "%%quizprep\nx = 1")).encode(), "names no exercise"),
    ],
)
def test_a_malformed_notebook_is_one_line_that_says_why(data: bytes, says: str) -> None:
    with pytest.raises(NotebookError, match=says) as caught:
        notebook_parts(data)
    assert "\n" not in str(caught.value)


def test_grade_takes_a_notebook_and_reports_cells(tmp_path: Path) -> None:
    path = tmp_path / "softmax.ipynb"
    path.write_text(
        notebook(
            ("markdown", "Softmax"),
            ("code", "import numpy as np\n%load_ext autoreload"),
            ("code", "def softmax(x, axis=-1):\n    return undefined_name\n"),
        )
    )
    (row,) = grade(path)
    assert row["exercise"] == "softmax" and row["status"] == "error"
    messages = " ".join(check["message"] for check in row["checks"])
    assert "cell 3, line 2" in messages, messages


def test_a_folder_mixes_notebooks_and_files_and_each_marked_cell_is_a_row(tmp_path: Path) -> None:
    alice, bob = tmp_path / "subs" / "alice", tmp_path / "subs" / "bob"
    alice.mkdir(parents=True)
    bob.mkdir()
    (alice / "homework.ipynb").write_text(
        notebook(
            ("code", "import numpy as np"),
            ("code", "%%quizprep softmax\n" + WRONG_SOFTMAX),
            ("code", "%%quizprep activations\n" + ACTIVATIONS),
        )
    )
    (bob / "softmax.py").write_text("import numpy as np\n\n" + SOFTMAX)
    (bob / "broken.ipynb").write_text("{")
    rows = grade(tmp_path / "subs")
    verdicts = {(r["learner"], r["exercise"]): r["status"] for r in rows}
    assert verdicts == {
        ("alice", "softmax"): "fail",
        ("alice", "activations"): "pass",
        ("bob", "softmax"): "pass",
    }
    wrong = next(r for r in rows if r["learner"] == "alice" and r["exercise"] == "softmax")
    assert "overflow" in (wrong["advice"] + json.dumps(wrong["checks"])).lower()


def test_several_exercises_grade_one_unmarked_notebook_once_each(tmp_path: Path) -> None:
    path = tmp_path / "answers.ipynb"
    path.write_text(
        notebook(("code", "import numpy as np"), ("code", SOFTMAX), ("code", ACTIVATIONS))
    )
    rows = grade(path, "--exercise", "softmax", "--exercise", "activations")
    assert sorted((r["exercise"], r["status"]) for r in rows) == [
        ("activations", "pass"),
        ("softmax", "pass"),
    ]


def test_an_unreadable_notebook_named_for_an_exercise_is_an_invalid_row(tmp_path: Path) -> None:
    path = tmp_path / "softmax.ipynb"
    path.write_text('{"cells": []')
    (row,) = grade(path)
    assert row["status"] == "invalid"
    assert "not a notebook" in row["checks"][0]["message"]


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,  # nested past the JSON parser's recursion limit
        b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code",'
        b' "source": [1, 2], "metadata": {}, "outputs": [], "execution_count": null}]}',
        b'{"nbformat": 99, "nbformat_minor": 0, "metadata": {}, "cells": []}',
    ],
    ids=["deep", "source-not-text", "future-version"],
)
def test_hostile_notebooks_are_one_line_not_a_crash(data: bytes) -> None:
    with pytest.raises(NotebookError) as caught:
        notebook_parts(data)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300


def test_a_linked_notebook_in_a_folder_is_invalid_never_followed(tmp_path: Path) -> None:
    subs = tmp_path / "subs" / "mallory"
    subs.mkdir(parents=True)
    secret = tmp_path / "answers.ipynb"
    secret.write_text(notebook(("code", "%%quizprep softmax\n" + SOFTMAX)))
    (subs / "softmax.ipynb").symlink_to(secret)
    (row,) = grade(tmp_path / "subs")
    assert row["status"] == "invalid" and "symbolic link" in row["checks"][0]["message"]

"""`quizprep pack check`: a good pack passes; each kind of broken content is named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizprep.grading.packcheck import check_pack, exec_blocks
from tests.conftest import CORRECT_TINY, write_tiny_pack

ROOT = Path(__file__).resolve().parents[2]


def problems(root: Path) -> list[str]:
    return [p for report in check_pack(root, seeds=3) for p in report.problems]


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_tiny_pack(tmp_path / "tiny")


def test_good_pack_passes(pack_dir: Path) -> None:
    reports = list(check_pack(pack_dir, seeds=3))
    assert [r.ok for r in reports] == [True]
    assert "oracle agrees" in reports[0].line()


def test_mutant_that_passes_is_reported(pack_dir: Path) -> None:
    (pack_dir / "reference/mutants/scaled_sum/forgot_scale.py").write_text(CORRECT_TINY)
    assert problems(pack_dir) == ["mutant forgot_scale passes (the cases do not catch it)"]


def test_missing_and_stray_mutants(pack_dir: Path) -> None:
    mutant = pack_dir / "reference/mutants/scaled_sum/forgot_scale.py"
    mutant.rename(mutant.with_name("other.py"))
    found = problems(pack_dir)
    assert any("mutant files not listed in the YAML: other" in p for p in found)
    assert any("mutant forgot_scale:" in p and "is missing" in p for p in found)


def test_reference_that_fails_its_own_exercise(pack_dir: Path) -> None:
    reference = pack_dir / "reference/scaled_sum.py"
    reference.write_text(
        reference.read_text().replace(
            "def reference(a, b, scale):\n    return scale",
            "def reference(a, b, scale):\n"
            "    import os\n"
            "    if os.environ.get('HOME', '').startswith('/tmp/quizprep-'):  # in the sandbox\n"
            "        return 0 * a\n"
            "    return scale",
        )
    )
    found = problems(pack_dir)
    assert any("reference fails its own exercise on 3 of 3 seeds" in p for p in found)


def test_reference_that_disagrees_with_its_oracle(pack_dir: Path) -> None:
    reference = pack_dir / "reference/scaled_sum.py"
    reference.write_text(
        reference.read_text().replace(
            "(scale * (torch.from_numpy(a) + torch.from_numpy(b)))",
            "(scale * (torch.from_numpy(a) - torch.from_numpy(b)))",
        )
    )
    assert any("reference and PyTorch oracle disagree" in p for p in problems(pack_dir))


def test_starter_that_does_not_fail(pack_dir: Path) -> None:
    question = pack_dir / "questions/scaled_sum.yaml"
    question.write_text(
        question.read_text().replace("raise NotImplementedError", "return scale * (a + b)")
    )
    assert any("starter should fail as not attempted, got pass" in p for p in problems(pack_dir))


def test_failing_answer_block(pack_dir: Path) -> None:
    question = pack_dir / "questions/scaled_sum.yaml"
    block = "  ```python exec\n  import numpy as np\n  assert np.sum([1, 2]) == 4, 'sum'\n  ```\n"
    question.write_text(
        question.read_text().replace(
            "  The sum, times the scale.\n", "  The sum, times the scale.\n\n" + block
        )
    )
    found = problems(pack_dir)
    assert found == ["python exec block 1 line 2: AssertionError: sum"]


def test_formula_forms_must_parse_and_agree(pack_dir: Path) -> None:
    question = pack_dir / "questions/scaled_sum.yaml"
    quiz = (
        "quiz:\n  - kind: formula\n    prompt: p\n    symbols: [x]\n"
        "    answer: ['2*x', 'x + x', 'x^3', 'x +* 1']\nexercise:"
    )
    question.write_text(question.read_text().replace("exercise:", quiz, 1))
    found = problems(pack_dir)
    assert found == ["quiz[0]: accepted form 'x +* 1': cannot read 'x +* 1': SyntaxError"]
    question.write_text(question.read_text().replace(", 'x +* 1'", ""))
    found = problems(pack_dir)
    assert len(found) == 1
    assert found[0].startswith("quiz[0]: accepted form 'x^3': Not equivalent to 2*x.")


def test_only_checks_the_named_questions() -> None:
    reports = list(check_pack(ROOT / "questions", seeds=1, only=["8", "no_such_thing"]))
    labels = [r.label for r in reports]
    assert labels[0] == "--only no_such_thing" and not reports[0].ok
    assert [label.split()[0] for label in labels[1:]] == ["perceptron_step", "perceptron"]
    assert all(r.ok for r in reports[1:])


def test_exec_blocks_are_found_only_when_marked() -> None:
    text = "```python\nnot run\n```\n\n```python exec\nrun = 1\n```\n"
    assert exec_blocks(text) == ["run = 1\n"]


def test_schema_error_is_a_failing_line(pack_dir: Path) -> None:
    question = pack_dir / "questions/scaled_sum.yaml"
    question.write_text(question.read_text().replace("difficulty: easy", "difficulty: trivial"))
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "pack", "check", str(pack_dir)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "scaled_sum.yaml:5: difficulty:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.cuda
@pytest.mark.slow
def test_builtin_bank_passes_pack_check_on_cuda() -> None:
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizprep",
            "pack",
            "check",
            str(ROOT / "questions"),
            "--device",
            "cuda",
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_builtin_bank_passes_pack_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "pack", "check", str(ROOT / "questions")],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pack check: all good" in result.stdout
    for exercise in (
        "perceptron_step",
        "conv2d_output_shape",
        "cross_entropy",
        "rnn_bptt",
        "gru_cell",
    ):
        assert f"ok    {exercise}" in result.stdout

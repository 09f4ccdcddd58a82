"""`python exec` blocks of model answers run in the same allow-listed jail as submissions: a
pack's author code sees neither the pack nor the machine."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizprep.grading.packcheck import check_pack
from tests.conftest import write_tiny_pack


@pytest.fixture
def pack_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="quizprep-blocks-", dir="/var/tmp"))
    try:
        yield write_tiny_pack(root / "tiny")
    finally:
        shutil.rmtree(root)


def test_an_answer_block_runs_in_the_jail(pack_dir: Path) -> None:
    question = pack_dir / "questions/scaled_sum.yaml"
    block = (
        "  ```python exec\n"
        "  import os\n"
        f"  assert not os.path.exists({str(pack_dir)!r}), 'sees the pack'\n"
        "  assert not os.path.exists('/etc/shadow'), 'sees /etc/shadow'\n"
        "  assert os.getuid() == 65534, os.getuid()\n"
        "  import torch\n"
        "  assert torch.ones(2).sum() == 2\n"
        "  ```\n"
    )
    text = question.read_text()
    anchor = "  The sum, times the scale.\n"
    question.write_text(text.replace(anchor, anchor + "\n" + block, 1))
    reports = list(check_pack(pack_dir, seeds=2))
    problems = [str(p) for report in reports for p in report.problems]
    assert problems == [], problems
    assert any("1 python exec block ran" in note for r in reports for note in r.notes)

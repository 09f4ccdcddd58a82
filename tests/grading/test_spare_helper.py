"""A helper process started ahead (`trusted.start_spare_helper`): a cold `quizprep grade` with
a fresh seed computes references in a helper that booted while the packs loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading import trusted
from quizprep.grading.cases import Case
from quizprep.grading.grader import Grader


def test_the_first_grader_that_needs_a_helper_adopts_the_spare(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    trusted.start_spare_helper()  # one spare at a time
    spare = trusted._SPARE
    assert spare is not None and spare.process.poll() is None
    grader = Grader(tiny_pack, seed=12345, device="cpu")
    grader.disk_cache.directory = None  # computed, never read from a cache
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0
    assert grader.reference(exercise).runner._helpers == [spare]
    assert trusted._SPARE is None


def test_a_dead_spare_is_not_adopted(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    spare = trusted._SPARE
    assert spare is not None
    spare.stop()
    grader = Grader(tiny_pack, seed=54321, device="cpu")
    grader.disk_cache.directory = None
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0  # a fresh helper served it
    assert grader.reference(exercise).runner._helpers[0] is not spare


def test_pack_code_runs_with_one_thread_per_math_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """References are computed with one BLAS thread, whatever the grader's environment says:
    the same bits on every machine, and no spinning BLAS threads on the cores the sandbox
    needs (they cost a cold `quizprep grade` ~70 ms on 2 cores)."""
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "8")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    module = tmp_path / "threads.py"
    module.write_text(
        "import os\n\n\ndef reference():\n"
        "    names = ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')\n"
        "    return [int(os.environ.get(name, 0)) for name in names]\n"
    )
    runner = trusted.TrustedRunner()
    try:
        pack_module = trusted.PackModule(runner, module, trusted.CallLimits(30.0, 1024))
        case = Case("no inputs", (), {}, None)
        assert pack_module.outputs("reference", [case]) == [[1, 1, 1]]
    finally:
        runner.close()

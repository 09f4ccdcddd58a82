"""Shared fixtures: the built-in pack, and a tiny self-contained pack for grader tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack, builtin_pack_dir, load_pack

ROOT = Path(__file__).resolve().parents[1]

TINY_QUESTION = """\
id: scaled_sum
number: 1
title: Scaled sum
topic: basics
difficulty: easy
prompt: Add two arrays and scale the sum.
answer: |
  The sum, times the scale.
exercise:
  id: scaled_sum
  signature: "(a (N,), b (N,), scale) -> (N,)"
  task: Return `scale * (a + b)`.
  starter: |
    def scaled_sum(a, b, scale):
        raise NotImplementedError
  tolerance: {rtol: 1.0e-6, atol: 1.0e-9}
  random_cases: 3
  timeout: 5
  memory_mb: 512
  mutants:
    - name: forgot_scale
      explanation: You returned a + b without multiplying by scale.
"""

TINY_REFERENCE = '''\
"""Reference for the tiny test exercise."""
import numpy as np

from quizprep.grading.cases import Case


def reference(a, b, scale):
    return scale * (np.asarray(a) + np.asarray(b))


def oracle(a, b, scale):
    import torch

    return (scale * (torch.from_numpy(a) + torch.from_numpy(b))).numpy()


def edge_cases():
    return [Case("zeros", (np.zeros(3), np.zeros(3), 2.0)),
            Case("scale of 3", (np.arange(4.0), np.ones(4), 3.0))]


def random_case(rng, index):
    n = int(rng.integers(1, 6))
    scale = float(rng.uniform(1.5, 3))
    return Case(f"random {index}", (rng.normal(size=n), rng.normal(size=n), scale))
'''

TINY_MUTANT = """\
def scaled_sum(a, b, scale):
    return a + b
"""

CORRECT_TINY = """\
def scaled_sum(a, b, scale):
    return scale * (a + b)
"""


def write_tiny_pack(root: Path) -> Path:
    """Write a one-question pack to `root` and return it."""
    (root / "questions").mkdir(parents=True)
    (root / "reference" / "mutants" / "scaled_sum").mkdir(parents=True)
    (root / "pack.yaml").write_text("name: tiny\nversion: 1.0.0\n")
    (root / "questions" / "scaled_sum.yaml").write_text(TINY_QUESTION)
    (root / "reference" / "scaled_sum.py").write_text(TINY_REFERENCE)
    (root / "reference" / "mutants" / "scaled_sum" / "forgot_scale.py").write_text(TINY_MUTANT)
    return root


@pytest.fixture(scope="session")
def tiny_pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """A loaded one-exercise pack (`scaled_sum`) that needs no torch."""
    return load_pack(write_tiny_pack(tmp_path_factory.mktemp("tiny")))


@pytest.fixture(scope="session")
def builtin_pack() -> Pack:
    """The built-in bank."""
    return load_pack(builtin_pack_dir())


def processes_running(marker: bytes, parent: int | None = None) -> set[int]:
    """The processes alive now whose command line holds `marker` (children of `parent` only,
    when given)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text() if parent is not None else ""
        except OSError:
            continue
        if marker in command and (
            parent is None or int(stat.rsplit(")", 1)[1].split()[1]) == parent
        ):
            found.add(int(entry.name))
    return found


def dedent(text: str) -> str:
    """textwrap.dedent, for submissions written inline in tests."""
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(autouse=True, scope="session")
def _private_reference_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or fill the user's reference cache (subprocesses inherit this)."""
    import os

    os.environ["QUIZPREP_CACHE"] = str(tmp_path_factory.mktemp("reference-cache"))

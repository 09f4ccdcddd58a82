"""Test cases, and the trusted reference module each exercise ships.

A reference module (`reference/<exercise>.py` in a pack) defines:

    reference(*args, **kwargs)            the trusted NumPy implementation (runs in the grader)
    oracle(*args, **kwargs)               optional: the same computed with PyTorch (import inside)
    edge_cases() -> list[Case]            fixed cases that catch the classic mistakes
    random_case(rng, index) -> Case       one random case from a numpy Generator

Reference modules import torch only inside `oracle`, so numpy exercises grade without torch.
The grader itself never imports them: `grading.trusted` runs them (and mutants) in a helper
process, bounded in time and memory. `load_reference` imports one here, for tests and tools.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from quizprep.errors import GradingError


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: positional and keyword arguments, and a name that
    tells the learner what the case is about ("logits of +-1000: needs the log-sum-exp trick").

    `raises` names the exception a correct implementation raises for these inputs (e.g.
    "ValueError"); then there is no reference output to compare.
    """

    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    raises: str | None = None


_NUMPY_SCALAR = re.compile(r"\b(?:np|numpy)\.(?:u?int|float|complex|bool)\w*\(([^()]*)\)")
_NUMPY_BOOL = re.compile(r"\b(?:np|numpy)\.(True|False)_")


def plain_name(name: str) -> str:
    """A case name as a learner should read it: NumPy 2's scalar reprs that an f-string put
    there ("shape=(np.int64(3), np.int64(2))") become plain numbers ("shape=(3, 2)")."""
    return _NUMPY_BOOL.sub(r"\1", _NUMPY_SCALAR.sub(r"\1", name))


def _inputs(case: Case) -> Iterator[Any]:
    """Every value among a case's inputs, containers and what they hold (10,000 items of a
    container at most)."""
    stack: list[Any] = [*case.args, *case.kwargs.values()]
    while stack:
        value = stack.pop()
        yield value
        if isinstance(value, list | tuple):
            stack.extend(value[:10_000])
        elif isinstance(value, dict):
            stack.extend(list(value.values())[:10_000])


def simplicity(case: Case) -> tuple[int, int]:
    """How simple a case's inputs are to reason about: (distinct numbers, numbers in all). Zero
    weights and a one-element batch come before random ones, so that the first failing case a
    learner reads is the most telling one."""
    chunks: list[np.ndarray] = []
    for value in _inputs(case):
        if isinstance(value, int | float) and not isinstance(value, bool):
            chunks.append(np.array([value], dtype=np.float64))
        elif isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            chunks.append(value.astype(np.float64, copy=False).ravel()[:100_000])
    if not chunks:
        return 0, 0
    numbers = np.sort(np.concatenate(chunks))  # not np.unique: it loads numpy.ma (~8 ms)
    if not numbers.size:
        return 0, 0
    new = numbers[1:] != numbers[:-1]
    new &= ~(np.isnan(numbers[1:]) & np.isnan(numbers[:-1]))  # NaNs are one value, as in unique
    return int(np.count_nonzero(new)) + 1, int(numbers.size)


def input_sizes(case: Case) -> frozenset[int]:
    """The lengths and dimensions of a case's inputs (a wrong factor equal to one is telling:
    the batch size of a sum that should be a mean)."""
    sizes: set[int] = set()
    for value in _inputs(case):
        if isinstance(value, np.ndarray):
            sizes.update(int(n) for n in value.shape)
        elif isinstance(value, list | tuple):
            sizes.add(len(value))
    return frozenset(sizes)


@dataclass(frozen=True)
class ReferenceModule:
    """The trusted functions of one exercise, loaded in the grader."""

    path: Path
    reference: Callable[..., Any]
    edge_cases: Callable[[], list[Case]]
    random_case: Callable[[np.random.Generator, int], Case]
    oracle: Callable[..., Any] | None

    def cases(self, seed: int, random_count: int) -> list[Case]:
        """The fixed edge cases, then `random_count` random ones drawn from `seed`."""
        rng = np.random.default_rng(seed)
        return [*self.edge_cases(), *(self.random_case(rng, i) for i in range(random_count))]


_loaded: dict[Path, ModuleType] = {}


def load_python_file(path: Path, prefix: str) -> ModuleType:
    """Import a trusted pack file (a reference or a mutant) under a private module name."""
    path = path.resolve()
    if path in _loaded:
        return _loaded[path]
    if not path.is_file():
        raise GradingError(f"{path}: file not found")
    name = f"_quizprep_{prefix}_{abs(hash(path)):x}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise GradingError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise GradingError(f"{path}: failed to import: {type(exc).__name__}: {exc}") from exc
    _loaded[path] = module
    return module


def load_reference(path: Path) -> ReferenceModule:
    """Load a reference module and check it has what the grader needs."""
    module = load_python_file(path, "ref")
    missing = [n for n in ("reference", "edge_cases", "random_case") if not hasattr(module, n)]
    if missing:
        raise GradingError(f"{path}: reference module lacks {', '.join(missing)}")
    return ReferenceModule(
        path=path,
        reference=module.reference,
        edge_cases=module.edge_cases,
        random_case=module.random_case,
        oracle=getattr(module, "oracle", None),
    )

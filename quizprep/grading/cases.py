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
import sys
from collections.abc import Callable
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

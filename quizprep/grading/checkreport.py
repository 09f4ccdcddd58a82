"""What `quizprep pack check` reports: problems that name file, line and field, grouped per
exercise or answer, with warnings and notes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from quizprep.errors import QuizprepError, SchemaError


def shown(path: Path) -> str:
    """A path as a reader wants it: relative to the working folder when it is inside it."""
    try:
        return (
            os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else str(path)
        )
    except (OSError, ValueError):
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is: `questions/q1.yaml:31: exercise.mutants[0]: message`."""

    path: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = shown(self.path) + (f":{self.line}" if self.line is not None else "")
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    @classmethod
    def of(cls, error: QuizprepError, fallback: Path) -> Problem:
        """A problem from a loading error (a SchemaError keeps its file, line and field)."""
        if isinstance(error, SchemaError):
            return cls(error.path, error.line, error.field, error.message)
        return cls(fallback, None, "", str(error).removeprefix(f"{fallback}: "))


@dataclass
class ItemReport:
    """What failed (problems), what looks risky (warnings) and what was checked (notes) for one
    exercise, one question's answer, or the pack as a whole."""

    label: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed (warnings do not fail a pack)."""
        return not self.problems

    def lines(self) -> list[str]:
        """A summary line, then one indented line per problem and warning."""
        details = [f"      {p}" for p in self.problems] + [
            f"      warning: {w}" for w in self.warnings
        ]
        if self.problems:
            count = len(self.problems)
            return [f"FAIL  {self.label}: {count} problem{'s' * (count > 1)}", *details]
        notes = f"  ({'; '.join(self.notes)})" if self.notes else ""
        return [f"{'warn' if self.warnings else 'ok  '}  {self.label}{notes}", *details]

    def line(self) -> str:
        """The report as text for a terminal (`lines()` joined)."""
        return "\n".join(self.lines())

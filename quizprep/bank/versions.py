"""Version ranges such as `>=0.1, <0.2`: which quizprep versions a pack was written for.

A small subset of PEP 440 specifiers (`==`, `!=`, `<`, `<=`, `>`, `>=`, `~=`, and `==X.Y.*`) over
release numbers only, so the bank needs no extra dependency to read `pack.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE = re.compile(r"^\s*(~=|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?\s*$")
_RELEASE = re.compile(r"^\s*v?(\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class Clause:
    """One comparison of a range: `>= 0.1`."""

    operator: str
    release: tuple[int, ...]
    wildcard: bool = False

    def admits(self, version: tuple[int, ...]) -> bool:
        """Whether `version` satisfies this clause."""
        if self.wildcard:
            prefix = version[: len(self.release)] + (0,) * (len(self.release) - len(version))
            return (prefix == self.release) == (self.operator == "==")
        if self.operator == "~=":
            upper = (*self.release[:-2], self.release[-2] + 1)
            return _cmp(version, self.release) >= 0 and _cmp(version, upper) < 0
        order = _cmp(version, self.release)
        return {
            "==": order == 0,
            "!=": order != 0,
            "<": order < 0,
            "<=": order <= 0,
            ">": order > 0,
            ">=": order >= 0,
        }[self.operator]


def parse_range(text: str) -> tuple[Clause, ...]:
    """The clauses of a comma-separated range; ValueError names the clause it cannot read."""
    clauses = []
    for part in text.split(","):
        match = _CLAUSE.match(part)
        if match is None:
            raise ValueError(
                f"cannot read the version range clause {part.strip()!r} (write e.g. '>=0.1, <0.2')"
            )
        operator, release, wildcard = match.groups()
        numbers = tuple(int(n) for n in release.split("."))
        if wildcard and operator not in ("==", "!="):
            raise ValueError(f"{part.strip()!r}: '.*' goes only with == or !=")
        if operator == "~=" and len(numbers) < 2:
            raise ValueError(f"{part.strip()!r}: ~= needs at least two numbers (e.g. ~=0.1)")
        clauses.append(Clause(operator, numbers, bool(wildcard)))
    return tuple(clauses)


def release_of(version: str) -> tuple[int, ...]:
    """The release numbers of a version string (`0.1.0rc1` -> (0, 1, 0))."""
    match = _RELEASE.match(version)
    if match is None:
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(n) for n in match.group(1).split("."))


def in_range(version: str, version_range: str) -> bool:
    """Whether `version` satisfies every clause of `version_range`."""
    release = release_of(version)
    return all(clause.admits(release) for clause in parse_range(version_range))


def _cmp(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    width = max(len(a), len(b))
    a, b = a + (0,) * (width - len(a)), b + (0,) * (width - len(b))
    return (a > b) - (a < b)

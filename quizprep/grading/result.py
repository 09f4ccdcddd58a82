"""Results of grading: one check per case, a status and a score per submission."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "error", "timeout", "memory", "invalid"]

STATUS_ORDER: tuple[Status, ...] = ("invalid", "timeout", "memory", "error", "fail", "pass")
"""Worst first: a submission's status is the worst of its checks."""


@dataclass(frozen=True)
class Check:
    """One graded check (usually one case): its name, status and a message a learner can act on."""

    name: str
    status: Status
    message: str = ""


@dataclass(frozen=True)
class GradeResult:
    """The verdict on one submission; `to_json` is the contract of `--format json`."""

    submission: str
    exercise: str
    status: Status
    score: float
    seed: int
    checks: tuple[Check, ...]
    learner: str | None = None
    device: str = "cpu"
    arrays: str = "numpy"
    seconds: float = 0.0
    output: str = ""
    isolation: tuple[str, ...] = field(default_factory=tuple)
    advice: str = ""
    """One line of overall advice (a recognised known mistake, a hint to read the first failure)."""

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(check.status == "pass" for check in self.checks)

    def to_json(self) -> dict[str, Any]:
        """Plain data, with the fields DESIGN.md promises first."""
        data = asdict(self)
        data["checks"] = [asdict(check) for check in self.checks]
        data["isolation"] = list(self.isolation)
        data["score"] = round(self.score, 6)
        return data


def overall_status(checks: list[Check]) -> Status:
    """The worst status among the checks (pass only when every check passed)."""
    if not checks:
        return "error"
    return min((check.status for check in checks), key=STATUS_ORDER.index)

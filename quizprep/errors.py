"""The one exception tree of quizprep; the CLI maps it to exit codes and one-line messages.

QuizprepError                 anything quizprep reports to a user as a single line
├── UsageError                bad command-line input (exit 2)
├── PackError                 a pack that cannot be loaded or is invalid (exit 2)
│   └── SchemaError           one field of one file: "file:line: field: message"
├── GradingError              the grader itself could not grade (not the learner's fault)
│   ├── DeviceError           a device was asked for that this machine lacks
│   └── Cancelled             the user cancelled a grading run
└── SandboxError              a worker could not be started or talked to
"""

from __future__ import annotations

from pathlib import Path


class QuizprepError(Exception):
    """Base of every error that reaches a user as one line, never a traceback."""

    exit_code = 2


class UsageError(QuizprepError):
    """The command line asks for something that cannot be done."""


class PackError(QuizprepError):
    """A pack (or the built-in bank) cannot be loaded."""


class SchemaError(PackError):
    """One field of one file is wrong; the message names file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field: str, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class GradingError(QuizprepError):
    """The grader could not grade (a broken reference, an unknown exercise)."""


class DeviceError(GradingError):
    """The requested device (e.g. cuda) is not available here."""


class Cancelled(GradingError):
    """A grading run was cancelled before it finished."""


class SandboxError(QuizprepError):
    """A sandbox worker could not be started or its reply could not be read."""

"""Results of grading: one check per case, a status and a score per submission."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, get_args

from quizprep.errors import UsageError

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
    sha256: str = ""
    """The SHA-256 of the submission's bytes as graded ("" when they could not be read)."""
    pack: str = ""
    """Name of the pack whose exercise graded it."""
    pack_version: str = ""
    """Version of that pack: a results row is reused only for the same name and version."""
    grader_failed: bool = False
    """The grader itself failed (not the learner's fault); a resumed batch grades it again."""
    graded_with: str = ""
    """The quizprep version and the limits it was graded under (`batch.grading_key`): a results
    row is reused only when they are unchanged."""

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

    @classmethod
    def from_json(cls, data: Any, *, where: str = "results row") -> GradeResult:
        """Rebuild a result from `to_json()` output; unknown keys are ignored, and a missing or
        mistyped field is a UsageError that starts with `where` (e.g. "results.jsonl:12")."""
        if not isinstance(data, dict):
            raise UsageError(f"{where}: expected a JSON object, got {type(data).__name__}")
        for name in ("submission", "exercise", "status", "score", "seed", "checks"):
            if name not in data:
                raise UsageError(f"{where}: {name}: missing")
        values: dict[str, Any] = {}
        for spec in fields(cls):
            if spec.name not in data:
                continue
            value = data[spec.name]
            if spec.name == "checks":
                value = _checks_from_json(value, where)
            elif spec.name == "isolation":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise UsageError(f"{where}: isolation: expected a list of strings")
                value = tuple(value)
            elif spec.name == "status":
                value = _status(value, f"{where}: status")
            else:
                value = _typed(value, _FIELD_TYPES[spec.name], f"{where}: {spec.name}")
            values[spec.name] = value
        return cls(**values)


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "submission": (str,),
    "exercise": (str,),
    "score": (float, int),
    "seed": (int,),
    "learner": (str, type(None)),
    "device": (str,),
    "arrays": (str,),
    "seconds": (float, int),
    "output": (str,),
    "advice": (str,),
    "sha256": (str,),
    "pack": (str,),
    "pack_version": (str,),
    "grader_failed": (bool,),
    "graded_with": (str,),
}


def _typed(value: Any, types: tuple[type, ...], where: str) -> Any:
    # bool is an int in Python; a seed or score of `true` is still a malformed row.
    if isinstance(value, bool) and bool not in types:
        raise UsageError(f"{where}: expected {_names(types)}, got a boolean")
    if not isinstance(value, types):
        raise UsageError(f"{where}: expected {_names(types)}, got {type(value).__name__}")
    return float(value) if float in types and isinstance(value, int | float) else value


def _names(types: tuple[type, ...]) -> str:
    words = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    return " or ".join(words.get(t, "null") for t in types if t is not int or float not in types)


def _status(value: Any, where: str) -> Status:
    if value not in get_args(Status):
        raise UsageError(f"{where}: expected one of {', '.join(get_args(Status))}, got {value!r}")
    return value  # type: ignore[no-any-return]


def _checks_from_json(value: Any, where: str) -> tuple[Check, ...]:
    if not isinstance(value, list):
        raise UsageError(f"{where}: checks: expected a list")
    checks = []
    for index, item in enumerate(value):
        at = f"{where}: checks[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise UsageError(f"{at}: expected an object with a name, status and message")
        message = item.get("message", "")
        if not isinstance(message, str):
            raise UsageError(f"{at}: message: expected a string")
        checks.append(Check(item["name"], _status(item.get("status"), f"{at}: status"), message))
    return tuple(checks)


def overall_status(checks: list[Check]) -> Status:
    """The worst status among the checks (pass only when every check passed)."""
    if not checks:
        return "error"
    return min((check.status for check in checks), key=STATUS_ORDER.index)


_CONTROL = (
    {
        code: f"\\x{code:02x}"
        for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
        if code not in (9, 10)
    }
    | {
        code: f"\\u{code:04x}"
        for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    }
    | {code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)}
    # A byte of a file name that is not UTF-8 (Python's surrogateescape) shows as that byte.
    | {code: f"\\x{code - 0xDC00:02x}" for code in range(0xDC80, 0xDD00)}
)
_NAME_CONTROL = _CONTROL | {9: "\\t", 10: "\\n"}


def printable(text: str) -> str:
    """`text` with terminal control characters (escape sequences, carriage returns, bells,
    bidi overrides) written out as visible escapes: learner text must not drive an
    instructor's terminal. Newlines and tabs stay. So do file-name bytes that are not UTF-8,
    as `\\xff`, so that the text can always be written out."""
    return text.translate(_CONTROL)


def printable_name(text: str) -> str:
    """A path or learner name for a report: `printable`, and on one line (newlines and tabs
    escaped too), so that a folder name cannot forge a report line or a CSV row."""
    return text.translate(_NAME_CONTROL)


MAX_SOURCE_BYTES = 1 << 20
"""The default limit on a submission's source (`--max-source-bytes`): parsing 1 MB of Python
costs the grader up to about 0.8 GB."""


def over_limit(size: int, limit: int) -> str:
    """How a `size`-byte source exceeds a `limit`, in words: `is 6.0 MB, over the 1 MB limit`."""
    shown = _amount(size)
    if size >= 1024 and shown == _amount(limit):  # rounding would hide the difference
        return f"is {size:,} bytes, over the {limit:,}-byte limit"
    return f"is {shown}, over the {_limit(limit)} limit"


def _amount(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    if size >= 1 << 10:
        return f"{size / (1 << 10):.1f} KB"
    return f"{size:,} bytes"


def _limit(limit: int) -> str:
    if limit >= 1 << 20 and limit % (1 << 20) == 0:
        return f"{limit >> 20} MB"
    if limit >= 1 << 10 and limit % (1 << 10) == 0:
        return f"{limit >> 10} KB"
    return f"{limit:,}-byte"

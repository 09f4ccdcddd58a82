"""Version ranges in pack.yaml (`quizprep: ">=0.1, <0.2"`)."""

from __future__ import annotations

import pytest

from quizprep.bank.scaffold import compatible_range
from quizprep.bank.versions import in_range, parse_range


@pytest.mark.parametrize(
    ("version", "version_range", "expected"),
    [
        ("0.1.0", ">=0.1, <0.2", True),
        ("0.2.0", ">=0.1, <0.2", False),
        ("0.1.7", "~=0.1.0", True),
        ("0.2.0", "~=0.1.0", False),
        ("1.9", "~=1.2", True),
        ("2.0", "~=1.2", False),
        ("0.1.3", "==0.1.*", True),
        ("0.10.0", "==0.1.*", False),
        ("1.0", "!=1.0.0", False),
        ("1.0.1", "> 1.0", True),
        ("0.1.0rc1", "<=0.1", True),
    ],
)
def test_ranges(version: str, version_range: str, expected: bool) -> None:
    assert in_range(version, version_range) is expected


@pytest.mark.parametrize("bad", ["0.1", ">= x", "~=1", ">=0.1.*", ""])
def test_unreadable_ranges_say_which_clause(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_range(bad)


def test_the_scaffold_range_admits_this_series_only() -> None:
    assert compatible_range("0.1.0") == ">=0.1, <0.2"
    assert compatible_range("1.4.2") == ">=1.4, <2"
    assert in_range("0.1.9", compatible_range("0.1.0"))
    assert not in_range("0.2.0", compatible_range("0.1.0"))

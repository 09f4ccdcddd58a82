"""Untrusted batch input is bounded before it is parsed (DESIGN invariant 2b): folder entries that
are not regular files are never followed or read, oversized and unparseable sources are `invalid`
rows (never grader failures), and hostile folder names reach no report raw.

Anything that could hang or grow the grader runs `quizprep grade` in a subprocess, under an
address-space cap and a timeout, with its batch folder under /var/tmp."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading.batch import find_submissions, run_batch, shard_of
from quizprep.grading.grader import Grader, inspect_source
from quizprep.grading.report import FORMATS, render
from quizprep.grading.result import Check, GradeResult

MB = 1 << 20

CORRECT = """\
import numpy as np


def cross_entropy(logits, targets):
    top = logits.max(axis=1, keepdims=True)
    log_sum_exp = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return float(np.mean(log_sum_exp - logits[np.arange(len(targets)), targets]))
"""

ENTRY = "def cross_entropy(logits, targets):\n    return "
DEEP_SUM = ENTRY + "+".join(["1"] * 3000) + "\n"
DEEP_BRACKETS = ENTRY + "[" * 100_000 + "]" * 100_000 + "\n"
DEEP_NOTS = ENTRY + "not " * 100_000 + "1\n"  # the parser's own MemoryError
BIG = CORRECT + "x = 1\n" * (6 * MB // 6)  # 6 MB of valid Python: 2.5 GB to parse

SYMLINK = "is a symbolic link; submissions must be regular files"
OVER_LIMIT = "is 6.0 MB, over the 1 MB limit (--max-source-bytes)"
TOO_DEEP = "too deeply nested to parse"

GRADER_CAP = 6 << 30
"""The address-space cap of every `quizprep grade` run here: a runaway read fails, not the host."""

_MEASURED = """\
import json, os, resource, signal, subprocess, sys

report, cap, timeout, stdout, stderr, *command = sys.argv[1:]

def cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (int(cap), int(cap)))

with open(stdout, "wb") as out, open(stderr, "wb") as err:
    child = subprocess.Popen(command, stdout=out, stderr=err, preexec_fn=cap_memory,
                             start_new_session=True)
    try:
        code = child.wait(timeout=float(timeout))
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        code = None
with open(report, "w") as file:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    json.dump({"returncode": code, "peak_kib": peak}, file)
"""
"""Runs the grader (the only child of this wrapper, so RUSAGE_CHILDREN is the grader's own peak:
the largest single process among it and the descendants it waited for)."""


@dataclass(frozen=True)
class Graded:
    """What one `quizprep grade` run did."""

    returncode: int | None
    """None when it did not finish within the timeout (it was killed)."""
    peak_kib: int
    stdout: str
    stderr: str

    def rows(self) -> list[dict[str, Any]]:
        """The JSON report's rows."""
        assert self.returncode is not None, f"quizprep grade hung:\n{self.stderr[-3000:]}"
        assert "Traceback" not in self.stderr, self.stderr[-3000:]
        return json.loads(self.stdout)  # type: ignore[no-any-return]

    def by_learner(self) -> dict[str, dict[str, Any]]:
        """The JSON rows by learner name."""
        return {row["learner"]: row for row in self.rows()}


def grade(folder: Path, *options: str, fmt: str = "json", timeout: float = 120) -> Graded:
    """`quizprep grade FOLDER` in a subprocess with GRADER_CAP of address space, killed (and
    reported as hung) after `timeout` seconds."""
    work = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="quizprep-run-"))
    try:
        command = [sys.executable, "-m", "quizprep", "grade", os.fsdecode(folder)]
        command += ["--format", fmt, "--no-results", *options]
        report, stdout, stderr = work / "report.json", work / "stdout", work / "stderr"
        wrapper = [sys.executable, "-c", _MEASURED, str(report), str(GRADER_CAP), str(timeout)]
        subprocess.run(
            [*wrapper, str(stdout), str(stderr), *command],
            cwd=work,
            timeout=timeout + 60,
            check=True,
        )
        measured = json.loads(report.read_text())
        return Graded(
            measured["returncode"],
            measured["peak_kib"],
            stdout.read_bytes().decode("utf-8"),  # a report is UTF-8 text, whatever the names
            stderr.read_bytes().decode("utf-8", "replace"),
        )
    finally:
        _remove(work)


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def folder() -> Iterator[Path]:
    """An empty folder under /var/tmp, removed afterwards (links in it are not followed)."""
    path = Path(tempfile.mkdtemp(dir="/var/tmp", prefix="quizprep-untrusted-"))
    try:
        yield path
    finally:
        _remove(path)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _learner(subs: Path, learner: str) -> Path:
    """Where learner's cross_entropy.py goes (its folder made)."""
    (subs / learner).mkdir(parents=True, exist_ok=True)
    return subs / learner / "cross_entropy.py"


# 1. Folder entries: only regular files are graded; nothing else is followed or read


def test_only_regular_files_are_graded_and_nothing_else_is_followed_or_read(
    folder: Path,
) -> None:
    subs, outside = folder / "subs", folder / "outside"
    _write(outside / "cross_entropy.py", CORRECT)
    _write(outside / "frank" / "cross_entropy.py", CORRECT)
    _write(_learner(subs, "alice"), CORRECT)
    links = {
        "bob": outside / "cross_entropy.py",  # a correct file outside the folder
        "carol": Path("/dev/zero"),
        "dave": Path("/etc/shadow"),
        "grace": outside,  # a folder
    }
    for learner, target in links.items():
        _learner(subs, learner).symlink_to(target)
    os.mkfifo(_learner(subs, "erin"))
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(_learner(subs, "ivan")))
    listener.close()
    expected = {name: SYMLINK for name in links} | {
        "erin": "is a FIFO (named pipe); submissions must be regular files",
        "ivan": "is a socket; submissions must be regular files",
        "judy": OVER_LIMIT,
    }
    if os.geteuid() == 0:
        os.mknod(_learner(subs, "heidi"), stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
        expected["heidi"] = "is a character device; submissions must be regular files"
    _write(_learner(subs, "judy"), BIG)
    (subs / "frank").symlink_to(outside / "frank")  # a linked learner folder: not descended into

    graded = grade(subs)

    rows = graded.by_learner()
    assert graded.returncode == 1, graded.stderr[-3000:]
    assert set(rows) == {"alice", *expected}
    assert rows["alice"]["status"] == "pass", rows["alice"]
    for learner, message in expected.items():
        row = rows[learner]
        assert (row["status"], row["score"], row["grader_failed"]) == ("invalid", 0, False), row
        assert [check["message"] for check in row["checks"]] == [message], row
        assert row["sha256"] == "", f"{learner}'s entry was read"
    assert f"skipped {subs / 'frank'}: is a symbolic link" in graded.stderr


def test_discovery_classifies_entries_without_opening_them(folder: Path) -> None:
    subs = folder / "subs"
    _write(_learner(subs, "alice"), CORRECT)
    _learner(subs, "bob").symlink_to("/etc/shadow")
    os.mkfifo(_learner(subs, "erin"))
    _write(_learner(subs, "judy"), "#" * (2 * MB))
    (subs / "frank").symlink_to(folder)  # would loop forever if followed
    _write(subs / "alice" / "notes.py", "x = 1\n")

    found, skipped = find_submissions([str(subs)], None, {"cross_entropy"}, max_source_bytes=MB)

    problems = {s.learner: s.problem for s in found}
    assert problems == {
        "alice": None,
        "bob": SYMLINK,
        "erin": "is a FIFO (named pipe); submissions must be regular files",
        "judy": "is 2.0 MB, over the 1 MB limit (--max-source-bytes)",
    }
    assert [(s.path, s.reason) for s in skipped] == [
        (subs / "alice" / "notes.py", "its name matches no exercise (use --exercise)"),
        (subs / "frank", "is a symbolic link; it was not followed"),
    ]
    small, _ = find_submissions([str(subs)], None, {"cross_entropy"}, max_source_bytes=100)
    assert {s.learner: s.problem for s in small}["alice"] == (
        f"is {len(CORRECT.encode())} bytes, over the 100-byte limit (--max-source-bytes)"
    )


def test_a_file_named_on_the_command_line_is_held_to_the_same_rules(folder: Path) -> None:
    os.mkfifo(folder / "cross_entropy.py")
    (folder / "link.py").symlink_to("/etc/shadow")
    found, _ = find_submissions(
        [str(folder / "cross_entropy.py"), str(folder / "link.py")], "cross_entropy", set()
    )
    assert [s.problem for s in found] == [
        "is a FIFO (named pipe); submissions must be regular files",
        SYMLINK,
    ]


def test_a_file_swapped_for_a_link_after_discovery_is_not_followed(
    tiny_pack: Pack, folder: Path
) -> None:
    path = _write(folder / "subs" / "alice" / "scaled_sum.py", "def scaled_sum(a, b, s): ...\n")
    found, _ = find_submissions([str(folder / "subs")], None, {"scaled_sum"})
    path.unlink()
    path.symlink_to("/etc/shadow")
    outcome = run_batch(found, lambda _: Grader(tiny_pack, seed=3), workers=1)
    [row] = outcome.results
    assert (row.status, row.grader_failed, row.sha256) == ("invalid", False, "")
    assert row.checks[0].message == SYMLINK


# 2. Names that are not UTF-8 or hold control characters


def test_the_shard_of_a_name_that_is_not_utf8_is_its_bytes_hash() -> None:
    key = os.fsdecode(b"bad\xff/cross_entropy.py")
    assert shard_of(key, 16) == shard_of_bytes(b"bad\xff/cross_entropy.py", 16)
    assert shard_of("alice/gru_cell.py", 16) == shard_of_bytes(b"alice/gru_cell.py", 16)


def shard_of_bytes(key: bytes, count: int) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count + 1


def test_sharding_a_folder_with_a_name_that_is_not_utf8(folder: Path) -> None:
    subs = folder / "subs"
    _write(_learner(subs, "good"), CORRECT)
    os.mkdir(os.fsencode(subs) + b"/bad\xff")
    _write(subs / os.fsdecode(b"bad\xff") / "cross_entropy.py", CORRECT)
    learners: list[str] = []
    for shard in ("1/2", "2/2"):
        graded = grade(subs, "--shard", shard)
        assert graded.returncode == 0, graded.stderr[-3000:]
        learners += [row["learner"] for row in graded.rows()]
    assert sorted(learners) == ["bad\udcff", "good"]


HOSTILE_NAMES = [
    "evil\nok   x.py  [cross_entropy]  pass",
    "\x1b[2J",
    os.fsdecode(b"bad\xff"),
]


def _hostile_results() -> list[GradeResult]:
    return [
        GradeResult(
            submission=f"subs/{name}/cross_entropy.py",
            exercise="cross_entropy",
            status=status,
            score=0.0,
            seed=1,
            checks=(Check("case 1: zeros", status, "wrong"),),
            learner=name,
        )
        for name in HOSTILE_NAMES
        for status in ("fail", "invalid")  # invalid: exercism writes those differently
    ]


def _shown_strings(text: str, fmt: str) -> list[str]:
    """Every string a reader of this format sees, parsed as its tools would parse it."""
    if fmt == "csv" or fmt == "csv-submissions":
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    if fmt == "junit":
        root = ET.fromstring(text)
        return [v for e in root.iter() for v in [*e.attrib.values(), e.text or ""]]
    if fmt in ("gradescope", "exercism"):
        return list(_json_strings(json.loads(text)))
    return [text]


def _json_strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _json_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _json_strings(item)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_shows_hostile_names_escaped(fmt: str) -> None:
    text = render(_hostile_results(), fmt)
    text.encode("utf-8")  # no lone surrogates: it can be written out
    if fmt in ("json", "jsonl"):  # the raw names, JSON-escaped: the machine-readable contract
        rows = [json.loads(line) for line in text.splitlines()] if fmt == "jsonl" else None
        rows = rows if rows is not None else json.loads(text)
        assert sorted({row["learner"] for row in rows}) == sorted(HOSTILE_NAMES)
        assert text.isascii()
        return
    for shown in _shown_strings(text, fmt):
        assert "\x1b" not in shown and "\udcff" not in shown, shown
        assert "evil\nok" not in shown, shown
    if fmt == "table":
        assert not [line for line in text.splitlines() if line.startswith("ok")], text
    joined = "\n".join(_shown_strings(text, fmt))
    assert "evil\\nok" in joined and "\\x1b[2J" in joined and "bad\\xff" in joined, joined


def test_a_hostile_folder_name_forges_no_line_of_the_table(folder: Path) -> None:
    subs = folder / "subs"
    subs.mkdir()
    for name in HOSTILE_NAMES:
        os.mkdir(os.fsencode(subs / name))
        _write(subs / name / "cross_entropy.py", ENTRY + "0.0\n")
    graded = grade(subs, fmt="table")
    assert graded.returncode == 1 and "Traceback" not in graded.stderr, graded.stderr[-3000:]
    assert "\x1b" not in graded.stdout
    verdicts = [line for line in graded.stdout.splitlines() if line[:4] in ("ok  ", "FAIL")]
    assert len(verdicts) == 3 and all(line.startswith("FAIL") for line in verdicts), graded.stdout
    assert "evil\\nok   x.py" in graded.stdout and "bad\\xff/" in graded.stdout


# 3. Submission sources: bounded before they are parsed, and never a grader failure


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (DEEP_SUM, f"{TOO_DEEP} (Python's parser gives up)"),
        (DEEP_NOTS, f"{TOO_DEEP} (Python's parser gives up)"),
        (ENTRY + "(" * 5000, "line 2: syntax error: too many nested parentheses"),
        (DEEP_BRACKETS, "line 2: syntax error: too many nested parentheses"),
        ("x = a" + "[0]" * 100_000 + "\n" + ENTRY + "1\n", TOO_DEEP),
        (BIG, "is 6.0 MB, over the 1 MB limit for a submission"),
        ("def cross_entropy(logits, targets):\n    return '\0'\n", "null bytes"),
    ],
    ids=[
        "3000-terms",
        "100k-nots",
        "5000-parens",
        "100k-brackets",
        "100k-subscripts",
        "6mb",
        "nul",
    ],
)
def test_a_source_the_parser_refuses_is_invalid_with_the_reason(source: str, problem: str) -> None:
    info = inspect_source(source, "cross_entropy.py", "cross_entropy")
    assert info.problem is not None and problem in info.problem, info.problem


def test_the_size_limit_of_a_parsed_source_counts_bytes() -> None:
    source = ENTRY + "'" + "é" * 600 + "'\n"
    assert len(source) < 1000 < len(source.encode()) == 1250
    assert inspect_source(source, "x.py", "cross_entropy", max_bytes=1000).problem == (
        "is 1.2 KB, over the 1,000-byte limit for a submission"
    )
    assert inspect_source(source, "x.py", "cross_entropy", max_bytes=1300).problem is None


def test_an_unparseable_submission_is_an_invalid_row_not_a_grader_failure(
    tiny_pack: Pack, folder: Path
) -> None:
    sources = {"alice": DEEP_SUM, "bob": DEEP_NOTS, "carol": "x = a" + "[0]" * 100_000 + "\n"}
    for learner, source in sources.items():
        _write(folder / learner / "scaled_sum.py", source.replace("cross_entropy", "scaled_sum"))
    found, _ = find_submissions([str(folder)], None, {"scaled_sum"})
    outcome = run_batch(found, lambda _: Grader(tiny_pack, seed=3), workers=2)
    assert [(r.learner, r.status, r.grader_failed) for r in outcome.results] == [
        (learner, "invalid", False) for learner in sources
    ]
    assert all(TOO_DEEP in r.checks[0].message for r in outcome.results)


# 4. The whole bad batch, measured from outside


def test_a_hostile_batch_costs_the_grader_little_memory_and_gets_a_row_each(folder: Path) -> None:
    subs = folder / "subs"
    os.mkfifo(_learner(subs, "fifo"))
    _learner(subs, "devzero").symlink_to("/dev/zero")
    sources = {"big": BIG, "terms": DEEP_SUM, "brackets": DEEP_BRACKETS, "nots": DEEP_NOTS}
    for learner, source in sources.items():
        _write(_learner(subs, learner), source)

    graded = grade(subs)

    rows = graded.by_learner()
    assert graded.returncode == 1, graded.stderr[-3000:]
    assert sorted(rows) == sorted(["fifo", "devzero", *sources])
    assert {row["status"] for row in rows.values()} == {"invalid"}, rows
    assert not any(row["grader_failed"] for row in rows.values())
    assert graded.peak_kib < 1.5 * (1 << 20), f"the grader peaked at {graded.peak_kib} KiB"


def test_a_larger_max_source_bytes_is_honoured(folder: Path) -> None:
    """--max-source-bytes raises the limit for discovery and for the grader's own parse alike:
    a correct 2 MB file (a long comment) is graded with the option, refused without it."""
    padding = "# " + "x" * 98 + "\n"
    _write(_learner(folder, "verbose"), CORRECT + padding * 20_000)
    refused = grade(folder).by_learner()["verbose"]
    assert refused["status"] == "invalid", refused
    graded = grade(folder, "--max-source-bytes", str(3 << 20)).by_learner()["verbose"]
    assert graded["status"] == "pass", graded["checks"][:1]

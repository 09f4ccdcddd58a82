"""Grading results in the formats people's tools read: table, json, jsonl, csv."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from quizprep.grading.result import GradeResult

FORMATS = ("table", "json", "jsonl", "csv")


def render(results: Sequence[GradeResult], fmt: str, *, verbose: bool = True) -> str:
    """All results in one format, as text ending with a newline."""
    if fmt == "json":
        return json.dumps([r.to_json() for r in results], indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_json()) + "\n" for r in results)
    if fmt == "csv":
        return _csv(results)
    return table(results, verbose=verbose)


def _csv(results: Sequence[GradeResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "submission",
            "learner",
            "exercise",
            "status",
            "score",
            "passed",
            "checks",
            "seed",
            "device",
            "first_problem",
        ]
    )
    for r in results:
        first = next((c for c in r.checks if c.status != "pass"), None)
        writer.writerow(
            [
                r.submission,
                r.learner or "",
                r.exercise,
                r.status,
                f"{r.score:.4f}",
                r.passed,
                len(r.checks),
                r.seed,
                r.device,
                f"{first.name}: {first.message}" if first else "",
            ]
        )
    return buffer.getvalue()


SHOWN_FAILURES = 3
_MARK = {
    "pass": "ok  ",
    "fail": "FAIL",
    "error": "ERR ",
    "timeout": "TIME",
    "memory": "MEM ",
    "invalid": "INV ",
}


def table(results: Sequence[GradeResult], *, verbose: bool = True) -> str:
    """A plain-text report: a line per submission and, when verbose, what each failure means."""
    lines: list[str] = []
    for r in results:
        who = f"{r.learner}/" if r.learner else ""
        lines.append(
            f"{_MARK[r.status]} {who}{r.submission}  [{r.exercise}]  {r.status}  "
            f"{r.passed}/{len(r.checks)} checks  ({r.arrays} on {r.device}, {r.seconds:.2f} s)"
        )
        if not verbose or r.status == "pass":
            continue
        if r.advice:
            lines.append(f"     > {r.advice}")
        failing = [c for c in r.checks if c.status != "pass"]
        for check in failing[:SHOWN_FAILURES]:
            lines.append(f"     - {check.name}")
            lines.append(f"       {check.status}: {check.message}")
        if len(failing) > SHOWN_FAILURES:
            lines.append(
                f"     ... and {len(failing) - SHOWN_FAILURES} more failing checks "
                "(--format json lists them all)"
            )
        if r.output.strip():
            printed = r.output.strip().splitlines()
            lines.append(
                "     printed: "
                + " | ".join(printed[:3])[:200]
                + (" ..." if len(printed) > 3 else "")
            )
    if results:
        passed = sum(r.status == "pass" for r in results)
        seeds = sorted({r.seed for r in results})
        lines.append(f"{passed}/{len(results)} passed (seed {', '.join(map(str, seeds))})")
    return "\n".join(lines) + "\n"

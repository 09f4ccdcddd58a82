"""Grading results in the formats people's tools read.

table (for people), json / jsonl (the `GradeResult.to_json` contract), csv (a gradebook: a row
per learner, a column per exercise), csv-submissions (a row per submission), gradescope
(`results.json` of a Gradescope autograder), junit (XML for CI test reports) and exercism
(`results.json` of an Exercism test runner, spec version 3).

Paths and learner names are folder names, chosen by whoever handed the work in: every format
but json / jsonl (which keep them exact, JSON-escaped) shows them through `printable_name`, so
that none can forge a line or a row, drive a terminal, or fail to encode.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quizprep.grading import FORMATS as FORMATS  # its home; the renderers are here
from quizprep.grading.result import Check, GradeResult, printable_name

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


def render(results: Sequence[GradeResult], fmt: str, *, verbose: bool = True) -> str:
    """All results in one format, as text ending with a newline; unknown names are a ValueError."""
    if fmt == "table":
        return table(results, verbose=verbose)
    if fmt == "json":
        return json.dumps([r.to_json() for r in results], indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_json()) + "\n" for r in results)
    if fmt == "csv":
        return gradebook_csv(results)
    if fmt == "csv-submissions":
        return submissions_csv(results)
    if fmt == "gradescope":
        return json.dumps(gradescope(results), indent=2) + "\n"
    if fmt == "junit":
        return junit(results)
    if fmt == "exercism":
        return json.dumps(exercism(results), indent=2) + "\n"
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def learner_of(result: GradeResult) -> str:
    """Whose work this is: the learner's name, or the submission's path when there is none."""
    return result.learner if result.learner is not None else result.submission


def _shown_learner(result: GradeResult) -> str:
    return printable_name(learner_of(result))


def _failing(result: GradeResult) -> list[Check]:
    return [c for c in result.checks if c.status != "pass"]


# --- csv ------------------------------------------------------------------------------------


def gradebook_csv(results: Sequence[GradeResult]) -> str:
    """A row per learner (sorted), a column per exercise (sorted), then `total`.

    A cell is the score 0..1 with 4 decimals, the best one when a learner handed in an exercise
    more than once, and empty when they handed in none; `total` sums a row's scores.
    """
    best: dict[str, dict[str, float]] = {}
    for r in results:
        row = best.setdefault(learner_of(r), {})
        row[r.exercise] = max(r.score, row.get(r.exercise, r.score))
    exercises = sorted({r.exercise for r in results})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["learner", *exercises, "total"])
    for learner in sorted(best):
        scores = best[learner]
        cells = [f"{scores[e]:.4f}" if e in scores else "" for e in exercises]
        writer.writerow([printable_name(learner), *cells, f"{sum(scores.values()):.4f}"])
    return buffer.getvalue()


def submissions_csv(results: Sequence[GradeResult]) -> str:
    """A row per submission with its status, score and first problem."""
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
        first = next(iter(_failing(r)), None)
        writer.writerow(
            [
                printable_name(r.submission),
                printable_name(r.learner or ""),
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


# --- gradescope -----------------------------------------------------------------------------

PRINTED_MAX = 2000
"""Characters of a submission's printed output kept in a Gradescope test's output."""


def gradescope(results: Sequence[GradeResult]) -> dict[str, Any]:
    """A Gradescope autograder `results.json`: one test per submission, worth 1 point.

    Field names and types follow https://gradescope-autograders.readthedocs.io/en/latest/specs/
    (gradescope/autograder_samples docs/specs.md): top-level `score` (it overrides the tests'
    total, so it is that total), `execution_time` in seconds, `output`; per test `name`,
    `score`, `max_score`, `status` ("passed"/"failed"), `output`, `visibility`. Every
    `*_format` is "text": the default for the top-level output is "simple_format", which
    renders HTML, and learner output is not to be rendered. `stdout_visibility` is left out so
    the autograder's own stdout stays instructor-only (Gradescope's default).
    """
    scores = [round(float(r.score), 6) for r in results]
    tests = [
        {
            "name": r.exercise if r.learner is None else f"{_shown_learner(r)}: {r.exercise}",
            "score": score,
            "max_score": 1.0,
            "status": "passed" if r.status == "pass" else "failed",
            "output": _gradescope_output(r),
            "output_format": "text",
            "visibility": "visible",
        }
        for r, score in zip(results, scores, strict=True)
    ]
    total = round(float(sum(scores)), 6)
    passed = sum(r.status == "pass" for r in results)
    return {
        "score": total,
        "execution_time": round(sum(r.seconds for r in results), 3),
        "output": (
            f"{passed}/{len(results)} submissions passed every check; "
            f"score {total:.2f} of {len(results)}."
        ),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "tests": tests,
    }


def _gradescope_output(result: GradeResult) -> str:
    failing = _failing(result)
    lines = [
        f"{result.status}: {result.passed}/{len(result.checks)} checks passed "
        f"({result.exercise}, {printable_name(result.submission)})"
    ]
    if result.advice:
        lines.append(result.advice)
    lines += [f"- {c.name}: {c.status}: {c.message}" for c in failing]
    printed = result.output.strip()
    if printed:
        cut = " ... (cut)" if len(printed) > PRINTED_MAX else ""
        lines.append(f"printed:\n{printed[:PRINTED_MAX]}{cut}")
    return "\n".join(lines)


# --- junit ----------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all, not even as character references: all but tab, LF,
CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF (written as this complement, it compiles
in 1 ms instead of 7 on every start)."""


def xml_safe(text: str) -> str:
    """`text` with each character XML 1.0 forbids written out as a visible escape (`\\x1b`)."""
    return _NOT_XML.sub(lambda m: ascii(m.group())[1:-1], text)


def junit(results: Sequence[GradeResult]) -> str:
    """JUnit XML: `<testsuites>`, a `<testsuite>` per exercise, a `<testcase>` per check.

    A check's `classname` is its learner (or submission path). A fail is a `<failure>`; error,
    timeout, memory and invalid are an `<error>` whose `type` is the status. A run's printed
    output is `<system-out>` of the submission's failing test cases (of its first when it
    passed). The sandbox times a run, not each case, so a test case's `time` is an even share.
    """
    import xml.etree.ElementTree as ET  # here: only JUnit reports need it

    root = ET.Element("testsuites", name="quizprep")
    exercises = sorted({r.exercise for r in results})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for exercise in exercises:
        mine = [r for r in results if r.exercise == exercise]
        suite = ET.SubElement(root, "testsuite", name=xml_safe(exercise))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for r in mine:
            for status in _add_testcases(suite, r):
                counts["tests"] += 1
                counts["failures"] += status == "fail"
                counts["errors"] += status not in ("pass", "fail")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
        suite.set("time", f"{sum(r.seconds for r in mine):.3f}")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{sum(r.seconds for r in results):.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _add_testcases(suite: ET.Element, result: GradeResult) -> list[str]:
    """The submission's checks as test cases in `suite`; returns their statuses."""
    import xml.etree.ElementTree as ET

    checks = list(result.checks) or [
        Check("submission", result.status, "no checks were run on this submission")
    ]
    share = f"{result.seconds / len(checks):.3f}"
    printed = xml_safe(result.output)
    failing = [i for i, c in enumerate(checks) if c.status != "pass"]
    show_printed_on = set(failing or [0])
    for index, check in enumerate(checks):
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_safe(_shown_learner(result)),
            name=xml_safe(check.name),
            time=share,
        )
        if check.status != "pass":
            tag = "failure" if check.status == "fail" else "error"
            detail = "\n".join(filter(None, [check.message, result.advice]))
            problem = ET.SubElement(case, tag, message=xml_safe(check.message), type=check.status)
            problem.text = xml_safe(detail)
        if printed and index in show_printed_on:
            ET.SubElement(case, "system-out").text = printed
    return [c.status for c in checks]


# --- exercism -------------------------------------------------------------------------------

EXERCISM_OUTPUT_MAX = 500
EXERCISM_TRUNCATED = "Output was truncated. Please limit to 500 chars"
EXERCISM_MESSAGE_MAX = 65535
_EXERCISM_STATUS = {"pass": "pass", "fail": "fail"}  # every other status is "error"


def exercism(results: Sequence[GradeResult]) -> dict[str, Any]:
    """Exercism test-runner `results.json` (version 3); a spec file describes one submission.

    One result gives the plain v3 object. Several (or none) give a JSON object mapping each
    submission path to its v3 object (`path (exercise)` when a path repeats).
    """
    if len(results) == 1:
        return exercism_one(results[0])
    keyed: dict[str, Any] = {}
    for r in results:
        shown = printable_name(r.submission)
        key = shown if shown not in keyed else f"{shown} ({r.exercise})"
        keyed[key] = exercism_one(r)
    return keyed


def exercism_one(result: GradeResult) -> dict[str, Any]:
    """One submission in the v3 format of exercism/docs building/tooling/test-runners/interface.md.

    Top-level status: "pass" when every check passed, "error" when no test could run (an
    invalid submission: a syntax error or no such function), else "fail". A top-level
    `message` only for "error" (null otherwise). One test per check, in the grader's order:
    `name`, `status` (pass/fail/error), `message` (null when it passed), `output` (what the
    learner printed, at most 500 characters). `test_code` is optional for Practice Exercises
    and `task_id` is optional, and quizprep has neither, so both are left out.
    """
    if result.status == "invalid" or not result.checks:
        problems = _failing(result) or list(result.checks)
        text = "\n".join(f"{c.name}: {c.message}" for c in problems) or "the submission was not run"
        if result.advice:
            text += "\n" + result.advice
        return {
            "version": 3,
            "status": "error",
            "message": text[:EXERCISM_MESSAGE_MAX],
            "tests": [],
        }
    output = result.output
    if len(output) > EXERCISM_OUTPUT_MAX:
        keep = EXERCISM_OUTPUT_MAX - len(EXERCISM_TRUNCATED) - 1
        output = output[:keep] + "\n" + EXERCISM_TRUNCATED
    tests = []
    for check in result.checks:
        message = None
        if check.status != "pass":
            message = "\n".join(filter(None, [check.message, result.advice])) or check.status
        test: dict[str, Any] = {
            "name": check.name,
            "status": _EXERCISM_STATUS.get(check.status, "error"),
            "message": message,
        }
        if output:
            test["output"] = output
        tests.append(test)
    return {
        "version": 3,
        "status": "pass" if result.status == "pass" else "fail",
        "message": None,
        "tests": tests,
    }


# --- table ----------------------------------------------------------------------------------

SHOWN_FAILURES = 3
LEARNER_WIDTH = 24
"""The learner column of the table is padded to the longest name, up to this many characters."""

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
    # The learner is a column of its own: glued to the path ("alice/subs/alice/x.py") it read
    # as one garbled path.
    names = [printable_name(r.learner) if r.learner else "-" for r in results]
    width = min(max(map(len, names), default=0), LEARNER_WIDTH)
    with_learners = any(r.learner for r in results)
    for r, name in zip(results, names, strict=True):
        who = f"{name:<{width}}  " if with_learners else ""
        lines.append(
            f"{_MARK[r.status]} {who}{printable_name(r.submission)}  [{r.exercise}]  {r.status}  "
            f"{r.passed}/{len(r.checks)} checks  ({r.arrays} on {r.device}, {r.seconds:.2f} s)"
        )
        if not verbose or r.status == "pass":
            continue
        if r.advice:
            lines.append(f"     > {r.advice}")
        failing = _failing(r)
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

"""Report formats: each one parses with the reader its tool uses and says what the grader found."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from quizprep.grading.report import (
    EXERCISM_OUTPUT_MAX,
    EXERCISM_TRUNCATED,
    FORMATS,
    render,
    table,
    xml_safe,
)
from quizprep.grading.result import Check, GradeResult, overall_status

HOSTILE = "\x00\x1b[31m<&>\"'\x07]]>"
ADVICE = "This looks like a known mistake: the reset gate multiplies h after the matmul"


def result(
    submission: str,
    exercise: str,
    checks: list[Check],
    *,
    learner: str | None = None,
    seconds: float = 1.0,
    output: str = "",
    advice: str = "",
) -> GradeResult:
    passed = sum(c.status == "pass" for c in checks)
    return GradeResult(
        submission=submission,
        exercise=exercise,
        status=overall_status(checks),
        score=passed / len(checks),
        seed=7,
        checks=tuple(checks),
        learner=learner,
        seconds=seconds,
        output=output,
        advice=advice,
    )


OK = Check("case 1: small", "pass")
ALICE_GRU = result(
    "subs/alice/gru_cell.py",
    "gru_cell",
    [OK, Check("case 2: batch", "pass"), Check("case 3: zeros", "pass")],
    learner="alice",
    seconds=1.5,
)
ALICE_GRU_OLD = result(  # a worse, earlier attempt: the gradebook keeps the best
    "subs/alice/old/gru_cell.py",
    "gru_cell",
    [OK, Check("case 2: batch", "fail", "wrong shape"), Check("case 3: zeros", "pass")],
    learner="alice",
)
BOB_GRU = result(
    "subs/bob/gru_cell.py",
    "gru_cell",
    [OK, Check("case 2: batch", "fail", "values differ at [0, 3]"), Check("case 3: z", "pass")],
    learner="bob",
    seconds=0.5,
    advice=ADVICE,
)
ALICE_ATTENTION = result(
    "subs/alice/attention.py",
    "attention",
    [OK, Check("case 2: mask", "error", "raised ValueError: shapes (line 4)")],
    learner="alice",
    seconds=2.0,
)
BOB_ATTENTION = result(
    "subs/bob/attention.py",
    "attention",
    [
        Check("case 1: small", "timeout", "did not finish within 10 s (an endless loop?)"),
        Check("case 2: mask", "timeout", "did not finish within 10 s (an endless loop?)"),
    ],
    learner="bob",
    seconds=10.0,
)
INVALID = result(  # no learner: graded as a loose file
    "loose/relu.py",
    "relu",
    [Check("submission is valid Python defining relu()", "invalid", "line 3: syntax error")],
)
MEMORY = result(
    "subs/carol/relu.py",
    "relu",
    [OK, Check("case 2: huge", "memory", "ran out of memory")],
    learner="carol",
)
HOSTILE_RESULT = result(
    "subs/mallory/softmax.py",
    "softmax",
    [OK, Check(f"case 2: {HOSTILE}", "fail", f"expected 1, got {HOSTILE}")],
    learner=f"mallory{HOSTILE}",
    output=f"debug {HOSTILE}\nline two\n",
    advice=f"advice {HOSTILE}",
)
ALL = [ALICE_GRU, BOB_GRU, ALICE_ATTENTION, BOB_ATTENTION, INVALID, MEMORY, HOSTILE_RESULT]


def test_formats_lists_every_format_and_render_accepts_each() -> None:
    assert FORMATS == (
        "table",
        "json",
        "jsonl",
        "csv",
        "csv-submissions",
        "gradescope",
        "junit",
        "exercism",
    )
    for fmt in FORMATS:
        assert render(ALL, fmt).endswith("\n")
    with pytest.raises(ValueError, match="gradescope"):
        render(ALL, "xlsx")


# --- csv ------------------------------------------------------------------------------------


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_is_a_gradebook_a_row_per_learner_a_column_per_exercise() -> None:
    rows = rows_of(
        render([BOB_GRU, ALICE_GRU_OLD, ALICE_ATTENTION, ALICE_GRU, BOB_ATTENTION], "csv")
    )
    assert rows[0] == ["learner", "attention", "gru_cell", "total"]
    assert rows[1:] == [
        ["alice", "0.5000", "1.0000", "1.5000"],  # best of two gru_cell attempts
        ["bob", "0.0000", "0.6667", "0.6667"],
    ]


def test_csv_leaves_a_cell_empty_without_a_submission_and_names_loose_files_by_path() -> None:
    rows = rows_of(render([INVALID, MEMORY, ALICE_GRU], "csv"))
    assert rows[0] == ["learner", "gru_cell", "relu", "total"]
    by_learner = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == sorted(by_learner)
    assert by_learner["loose/relu.py"] == ["loose/relu.py", "", "0.0000", "0.0000"]
    assert by_learner["carol"] == ["carol", "", "0.5000", "0.5000"]
    assert by_learner["alice"] == ["alice", "1.0000", "", "1.0000"]


def test_csv_submissions_keeps_the_row_per_submission_table() -> None:
    rows = rows_of(render(ALL, "csv-submissions"))
    assert rows[0][:5] == ["submission", "learner", "exercise", "status", "score"]
    assert len(rows) == len(ALL) + 1
    bob = next(row for row in rows if row[0] == BOB_GRU.submission)
    assert bob[1:5] == ["bob", "gru_cell", "fail", "0.6667"]
    assert bob[-1] == "case 2: batch: values differ at [0, 3]"


# --- gradescope -----------------------------------------------------------------------------


def test_gradescope_results_json_fields_types_and_score() -> None:
    data = json.loads(render(ALL, "gradescope"))
    assert isinstance(data, dict)
    tests = data["tests"]
    assert len(tests) == len(ALL)
    for test, graded in zip(tests, ALL, strict=True):
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert isinstance(test["score"], float) and isinstance(test["max_score"], float)
        assert test["max_score"] == 1.0
        assert test["score"] == pytest.approx(graded.score)
        assert test["status"] == ("passed" if graded.status == "pass" else "failed")
        assert test["visibility"] == "visible"
        assert isinstance(test["output"], str)
    assert data["score"] == pytest.approx(sum(r.score for r in ALL))
    assert data["score"] == pytest.approx(sum(t["score"] for t in tests))
    assert isinstance(data["execution_time"], int | float)
    assert data["execution_time"] == pytest.approx(sum(r.seconds for r in ALL))
    assert isinstance(data["output"], str) and "1/7" in data["output"]
    # learner text must not be rendered as HTML (the top-level default is simple_format)
    assert data["output_format"] == "text" and data["test_output_format"] == "text"
    assert all(t["output_format"] == "text" for t in tests)


def test_gradescope_names_tests_by_learner_and_says_what_is_wrong() -> None:
    data = json.loads(render([BOB_GRU, INVALID, ALICE_GRU], "gradescope"))
    bob, invalid, alice = data["tests"]
    assert bob["name"] == "bob: gru_cell"
    assert invalid["name"] == "relu"
    assert ADVICE in bob["output"]
    assert "values differ at [0, 3]" in bob["output"]
    assert "case 3" not in bob["output"]  # passing checks are not listed
    assert "line 3: syntax error" in invalid["output"]
    assert alice["status"] == "passed" and alice["score"] == 1.0
    assert invalid["score"] == 0.0 and invalid["status"] == "failed"


# --- junit ----------------------------------------------------------------------------------


def junit_root(results: list[GradeResult]) -> ET.Element:
    text = render(results, "junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text)


def test_junit_parses_and_its_counts_match_its_test_cases() -> None:
    root = junit_root(ALL)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["attention", "gru_cell", "relu", "softmax"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert all(child.tag == "testcase" for child in suite)
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", "-1")) == len(suite.findall("testcase/error"))
        assert suite.get("skipped") == "0"
        float(suite.get("time", "x"))
        for case in cases:
            assert case.get("classname") and case.get("name")
            float(case.get("time", "x"))
            assert len(case.findall("failure")) + len(case.findall("error")) <= 1
    assert int(root.get("tests", "-1")) == sum(len(r.checks) for r in ALL)
    assert int(root.get("failures", "-1")) == 2  # bob's gru_cell and mallory's softmax
    assert int(root.get("errors", "-1")) == 1 + 2 + 1 + 1  # error, 2 timeouts, invalid, memory
    assert float(root.get("time", "x")) == pytest.approx(sum(r.seconds for r in ALL), abs=1e-3)


def test_junit_failure_and_error_elements_carry_status_and_message() -> None:
    root = junit_root([BOB_GRU, BOB_ATTENTION, INVALID, MEMORY])
    failure = root.find(".//testcase[@name='case 2: batch']/failure")
    assert failure is not None
    assert failure.get("type") == "fail" and failure.get("message") == "values differ at [0, 3]"
    assert ADVICE in (failure.text or "")
    types = sorted(e.get("type", "") for e in root.iter("error"))
    assert types == ["invalid", "memory", "timeout", "timeout"]
    invalid = root.find(".//testcase[@classname='loose/relu.py']/error")
    assert invalid is not None and invalid.get("message") == "line 3: syntax error"
    passing = root.find(
        "testsuite[@name='gru_cell']/testcase[@classname='bob'][@name='case 1: small']"
    )
    assert passing is not None and len(passing) == 0


def test_junit_survives_control_characters_and_markup_in_learner_text() -> None:
    root = junit_root([HOSTILE_RESULT])
    (suite,) = root.findall("testsuite")
    ok_case, bad_case = suite.findall("testcase")
    assert bad_case.get("classname") == "mallory\\x00\\x1b[31m<&>\"'\\x07]]>"
    assert bad_case.get("name") == "case 2: \\x00\\x1b[31m<&>\"'\\x07]]>"
    failure = bad_case.find("failure")
    assert failure is not None
    assert failure.get("message") == "expected 1, got \\x00\\x1b[31m<&>\"'\\x07]]>"
    out = bad_case.find("system-out")
    assert out is not None
    assert out.text == "debug \\x00\\x1b[31m<&>\"'\\x07]]>\nline two\n"
    assert ok_case.find("system-out") is None  # printed output goes with the failure


def test_junit_puts_printed_output_on_the_first_case_of_a_passing_submission() -> None:
    printed = result("a/gru_cell.py", "gru_cell", [OK, Check("b", "pass")], output="hi\n")
    cases = junit_root([printed]).findall("testsuite/testcase")
    assert [c.findtext("system-out") for c in cases] == ["hi\n", None]


# --- exercism -------------------------------------------------------------------------------

EXERCISM_STATUS = {"pass", "fail", "error"}


def test_exercism_one_result_is_a_plain_v3_object_with_a_test_per_check() -> None:
    data = json.loads(render([BOB_GRU], "exercism"))
    assert data["version"] == 3
    assert data["status"] == "fail"
    assert data.get("message") is None
    assert [t["name"] for t in data["tests"]] == [c.name for c in BOB_GRU.checks]
    assert [t["status"] for t in data["tests"]] == ["pass", "fail", "pass"]
    failed = data["tests"][1]
    assert "values differ at [0, 3]" in failed["message"] and ADVICE in failed["message"]
    assert data["tests"][0].get("message") is None
    for test in data["tests"]:
        assert set(test) <= {"name", "status", "message", "output", "test_code", "task_id"}


def test_exercism_maps_every_problem_status_to_error_and_the_top_level_to_fail() -> None:
    for graded in (ALICE_ATTENTION, BOB_ATTENTION, MEMORY):
        data = json.loads(render([graded], "exercism"))
        assert data["status"] == "fail" and data.get("message") is None
        statuses = [t["status"] for t in data["tests"]]
        assert set(statuses) <= EXERCISM_STATUS
        assert "error" in statuses and "fail" not in statuses
    passed = json.loads(render([ALICE_GRU], "exercism"))
    assert passed["status"] == "pass" and passed.get("message") is None
    assert {t["status"] for t in passed["tests"]} == {"pass"}


def test_exercism_invalid_submission_is_a_top_level_error_with_a_message() -> None:
    data = json.loads(render([INVALID], "exercism"))
    assert data["version"] == 3
    assert data["status"] == "error"
    assert "line 3: syntax error" in data["message"]
    assert data["tests"] == []


def test_exercism_output_is_what_was_printed_cut_to_500_characters() -> None:
    short = json.loads(render([HOSTILE_RESULT], "exercism"))
    assert all(t["output"] == HOSTILE_RESULT.output for t in short["tests"])
    chatty = result("c.py", "relu", [Check("a", "fail", "no")], output="x" * 2000)
    (test,) = json.loads(render([chatty], "exercism"))["tests"]
    assert len(test["output"]) <= EXERCISM_OUTPUT_MAX
    assert test["output"].startswith("xxx") and test["output"].endswith(EXERCISM_TRUNCATED)
    quiet = json.loads(render([BOB_GRU], "exercism"))
    assert all("output" not in t for t in quiet["tests"])


def test_exercism_several_results_are_keyed_by_submission_path() -> None:
    data = json.loads(render(ALL, "exercism"))
    assert set(data) == {r.submission for r in ALL}
    for graded in ALL:
        one = data[graded.submission]
        assert one["version"] == 3 and one["status"] in EXERCISM_STATUS
        if one["status"] == "pass":
            assert all(t["status"] == "pass" for t in one["tests"])
        elif one["status"] == "fail":
            assert any(t["status"] in ("fail", "error") for t in one["tests"])
        else:
            assert one["message"]
    assert data[INVALID.submission]["status"] == "error"
    assert data[ALICE_GRU.submission]["status"] == "pass"


def test_the_table_shows_the_learner_beside_the_path_not_glued_to_it() -> None:
    """`alice/subs/alice/cross_entropy.py` read as one garbled path: the learner is a column."""
    rows = [
        result(
            "subs/alice/cross_entropy.py", "cross_entropy", [Check("c", "pass")], learner="alice"
        ),
        result(
            "subs/bobby/cross_entropy.py", "cross_entropy", [Check("c", "pass")], learner="bobby"
        ),
        result("loose/cross_entropy.py", "cross_entropy", [Check("c", "pass")]),
    ]
    text = table(rows)
    assert "alice/subs" not in text
    lines = text.splitlines()
    assert lines[0].startswith("ok   alice  subs/alice/cross_entropy.py  [cross_entropy]")
    assert lines[1].startswith("ok   bobby  subs/bobby/cross_entropy.py")
    assert lines[2].startswith("ok   -      loose/cross_entropy.py")


def test_xml_safe_escapes_exactly_what_xml_forbids() -> None:
    """Every code point: kept when XML 1.0 allows it (tab, LF, CR, U+0020-U+D7FF,
    U+E000-U+FFFD, U+10000-U+10FFFF), written out as an escape otherwise."""

    def allowed(point: int) -> bool:
        return point in (0x9, 0xA, 0xD) or any(
            low <= point <= high
            for low, high in ((0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
        )

    every = "".join(map(chr, range(0x110000)))
    expected = "".join(c if allowed(ord(c)) else ascii(c)[1:-1] for c in every)
    assert xml_safe(every) == expected

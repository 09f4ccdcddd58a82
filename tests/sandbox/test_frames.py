"""What a worker sends back is untrusted: oversized, deeply nested or forged frames are the
submission's own `error` ("sent malformed data"), never a grader failure, and the grader's
memory stays bounded while it reads them (DESIGN.md invariant 2b)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading.grader import Grader
from tests.sandbox.test_hostile import FORGE

ROOT = Path(__file__).resolve().parents[2]

SOURCES = {
    # 15 million empty objects: 60 MB of JSON, ~3 GB once decoded into Python dicts
    "sixty-mb-of-empty-objects": """
        def scaled_sum(a, b, scale):
            body = b"[" + b"{}," * 15_000_000 + b"{}]"
            header = struct.pack("<I", len(body)) + body
            _send(struct.pack("<Q", len(header)) + header)
            return scale * (a + b) + 1.0
        """,
    "nested-a-million-deep": """
        def scaled_sum(a, b, scale):
            body = b"[" * 1_000_000 + b"]" * 1_000_000
            header = struct.pack("<I", len(body)) + body
            _send(struct.pack("<Q", len(header)) + header)
            return scale * (a + b) + 1.0
        """,
    "npy-shape-beyond-memory": """
        import io
        from numpy.lib import format as npy_format

        def scaled_sum(a, b, scale):
            header = io.BytesIO()
            npy_format.write_array_header_1_0(
                header, {"descr": "<f8", "fortran_order": False, "shape": (0, 2**63)}
            )
            case = {"event": "case", "index": 0, "value": {"__npy__": 0}, "seconds": 0.0}
            _send(_frame(case, [header.getvalue()]))
            return scale * (a + b) + 1.0
        """,
    "npy-shape-of-a-bool": """
        import io
        from numpy.lib import format as npy_format

        def scaled_sum(a, b, scale):
            header = io.BytesIO()
            npy_format.write_array_header_1_0(
                header, {"descr": "<f8", "fortran_order": False, "shape": (True,)}
            )
            case = {"event": "case", "index": 0, "value": {"__npy__": 0}, "seconds": 0.0}
            _send(_frame(case, [header.getvalue() + bytes(8)]))
            return scale * (a + b) + 1.0
        """,
    "forged-start-event": """
        def scaled_sum(a, b, scale):
            _send(_frame({"event": "start", "layers": []}))
            return scale * (a + b)
        """,
    "forged-layers-and-weak-events": """
        def scaled_sum(a, b, scale):
            _send(_frame({"event": "weak", "missing": ["everything"]}))
            return scale * (a + b)
        """,
}

GRADE = """
import json, sys
from quizprep.bank.pack import load_pack
from quizprep.grading.grader import Grader

pack = load_pack(sys.argv[1])
result = Grader(pack, seed=0, timeout=60).grade_source(
    sys.stdin.read(), pack.exercise("scaled_sum"), submission="scaled_sum.py"
)
first = next((c.message for c in result.checks if c.status != "pass"), "")
print(json.dumps({"status": result.status, "message": first,
                  "grader_failed": result.grader_failed}))
"""


def source_of(name: str) -> str:
    return FORGE + "\nimport struct\n" + textwrap.dedent(SOURCES[name])


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_malformed_frames_are_the_submissions_error(name: str, tiny_pack: Pack) -> None:
    """Graded in a child process capped at 6 GiB of address space: a verdict that is not a
    pass and not a grader failure, said in words, and no process of the grader past 1.5 GiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))

    done = subprocess.run(
        [sys.executable, "-c", GRADE, str(tiny_pack.root)],
        input=source_of(name),
        capture_output=True,
        text=True,
        cwd=ROOT,
        preexec_fn=cap,
        timeout=600,
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    row = json.loads(done.stdout.strip().splitlines()[-1])
    assert row["status"] != "pass", row
    assert not row["grader_failed"], row
    if name != "forged-layers-and-weak-events":
        assert "malformed" in row["message"] or "nested" in row["message"], row
    if peak_kib > before:  # the largest process reaped so far is this grade's
        assert peak_kib < 1536 << 10, f"a process reached {peak_kib >> 10} MiB"


def test_a_forged_start_does_not_rerun_the_submission(tiny_pack: Pack) -> None:
    """The grader retries a worker that died before any learner code ran; a forged start
    event must not make it look so (the submission would run twice, then be a grader
    failure)."""
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    result = Grader(tiny_pack, seed=0).grade_source(
        source_of("forged-start-event"), exercise, submission="scaled_sum.py"
    )
    assert result.status == "error" and not result.grader_failed, result.checks[:1]
    assert "malformed" in result.checks[0].message

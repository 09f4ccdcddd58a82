"""A helper process started ahead (`trusted.start_spare_helper`): a cold `quizprep grade` with
a fresh seed computes references in a helper that booted while the packs loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading import trusted
from quizprep.grading.cases import Case
from quizprep.grading.grader import Grader
from quizprep.sandbox import ONE_THREAD


def test_the_first_grader_that_needs_a_helper_adopts_the_spare(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    trusted.start_spare_helper()  # one spare at a time
    spare = trusted._SPARE
    assert spare is not None and spare.process.poll() is None
    grader = Grader(tiny_pack, seed=12345, device="cpu")
    grader.disk_cache.directory = None  # computed, never read from a cache
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0
    assert grader.reference(exercise).runner._helpers == [spare]
    assert trusted._SPARE is None


def test_a_dead_spare_is_not_adopted(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    spare = trusted._SPARE
    assert spare is not None
    spare.stop()
    grader = Grader(tiny_pack, seed=54321, device="cpu")
    grader.disk_cache.directory = None
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0  # a fresh helper served it
    assert grader.reference(exercise).runner._helpers[0] is not spare


def test_pack_code_runs_with_one_thread_per_math_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """References are computed with one BLAS thread, whatever the grader's environment says:
    the same bits on every machine, and no spinning BLAS threads on the cores the sandbox
    needs (they cost a cold `quizprep grade` ~70 ms on 2 cores)."""
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "8")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    module = tmp_path / "threads.py"
    module.write_text(
        "import os\n\n\ndef reference():\n"
        "    names = ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')\n"
        "    return [int(os.environ.get(name, 0)) for name in names]\n"
    )
    runner = trusted.TrustedRunner()
    try:
        pack_module = trusted.PackModule(runner, module, trusted.CallLimits(30.0, 1024))
        case = Case("no inputs", (), {}, None)
        assert pack_module.outputs("reference", [case]) == [[1, 1, 1]]
    finally:
        runner.close()


SPARE_PROBE = """
import json, os, sys, threading
from pathlib import Path
from quizprep.bank.pack import load_pack
from quizprep.grading import trusted
from quizprep.grading.grader import Grader
from tests.conftest import write_tiny_pack

if "with-a-thread" in sys.argv[1]:
    threading.Thread(target=threading.Event().wait, daemon=True).start()
pack = load_pack(write_tiny_pack(Path(sys.argv[2])))
marker = open(Path(sys.argv[2]) / "grader-only", "w")  # the grader's: no helper has it
if "stdin-closed" in sys.argv[1]:  # the helper's request pipe then takes descriptor 0
    os.close(0)
stdout = sys.stdout
if "no-sys-stdout" in sys.argv[1]:  # what Python makes of a stream closed before it started
    sys.stdout = None
trusted.start_spare_helper()
sys.stdout = stdout
spare = trusted._SPARE
pid = spare.process.pid
grader = Grader(pack, seed=7, device="cpu")
grader.disk_cache.directory = None
exercise = pack.exercises[0]
found = {"cases": len(grader.cases(exercise).cases)}  # served: the helper is up
found["adopted"] = grader.reference(exercise).runner._helpers == [spare]
found["cmdline"] = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
found["fds"] = sorted(os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
found["session"] = os.getsid(pid) == pid
grader.reference(exercise).runner.close()
found["stopped"] = spare.process.poll() is not None
print(json.dumps(found))
"""


@pytest.mark.parametrize(
    "threads",
    [
        "single-threaded",
        "with-a-thread",
        "stdin-closed",
        "with-a-thread,stdin-closed",
        "no-sys-stdout",
    ],
)
def test_a_spare_helper_is_forked_only_from_a_single_threaded_grader(
    tmp_path: Path, threads: str
) -> None:
    """Forked from a grader with one thread, the spare helper has NumPy and the helper's code
    loaded already (a fresh interpreter costs ~90 ms of CPU beside the sandbox's boot); it
    keeps none of the grader's descriptors but its three, leads its own session (killed
    whole) and serves as a started one does, also when the grader's stdin is closed (its
    pipes must not be where the helper's streams go). With another thread running it is a
    new interpreter: a fork would copy locks that thread may hold."""
    done = subprocess.run(
        [sys.executable, "-c", SPARE_PROBE, threads, str(tmp_path / "tiny")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, **ONE_THREAD},  # as the program sets them
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    forked = "trusted_helper import serve" not in found["cmdline"]
    assert forked == ("with-a-thread" not in threads)
    # stdin, stdout, stderr, the request and reply pipes, the watch page (and its mapping's)
    assert len(found["fds"]) <= 7 and not any("grader-only" in fd for fd in found["fds"])
    assert found["session"] and found["adopted"] and found["stopped"]
    assert found["cases"] > 0


COUNTED = """
from quizprep.grading.cases import Case


def edge_cases():
    with open({counter!r}, "a") as counter:  # one mark per time the cases are made
        counter.write("x")
    return [Case("one", (1.0,), {{}})]


def random_case(rng, index):
    return Case(f"random {{index}}", (float(rng.random()),), {{}})


def reference(x):
    return 2 * x
"""


@pytest.mark.parametrize("speculated_seed", [5, 6], ids=["the-same-request", "another-seed"])
def test_a_speculated_request_serves_the_equal_one_and_no_other(
    tmp_path: Path, speculated_seed: int
) -> None:
    """The spare starts on a remembered request at once; the first request equal to it takes
    its reply (the cases are made once), and a different one gets its own, correct reply."""
    counter = tmp_path / "made"
    module_path = tmp_path / "counted.py"
    module_path.write_text(COUNTED.format(counter=str(counter)))
    limits = trusted.limits_for(10.0, 256)
    header = {
        "op": "cases",
        "path": str(module_path),
        **trusted._limits(limits),
        "seed": speculated_seed,
        "count": 2,
        "outputs": True,
    }
    trusted.start_spare_helper(header)
    runner = trusted.TrustedRunner()
    try:
        cases, expected, edges = trusted.PackModule(runner, module_path, limits).cases_and_outputs(
            5, 2
        )
    finally:
        runner.close()
    fresh = trusted.TrustedRunner()
    try:
        again = trusted.PackModule(fresh, module_path, limits).cases_and_outputs(5, 2)
    finally:
        fresh.close()
    assert (cases, expected, edges) == again
    assert expected == [2 * case.args[0] for case in cases]
    made = 1 if speculated_seed == 5 else 2  # the other seed's cases were made, and dropped
    assert counter.read_text() == "x" * (made + 1)  # +1: the fresh runner's


def test_a_speculated_request_that_fails_costs_the_real_one_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("raise SystemExit(3)\n")
    working = tmp_path / "working.py"
    working.write_text(COUNTED.format(counter=str(tmp_path / "made")))
    limits = trusted.limits_for(10.0, 256)
    trusted.start_spare_helper(
        {
            "op": "cases",
            "path": str(broken),
            **trusted._limits(limits),
            "seed": 1,
            "count": 1,
            "outputs": True,
        }
    )
    runner = trusted.TrustedRunner()
    try:
        _, expected, _ = trusted.PackModule(runner, working, limits).cases_and_outputs(1, 1)
    finally:
        runner.close()
    assert len(expected) == 2

"""The warm worker pool: fresh, isolated workers forked from a zygote per framework set."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from quizprep.bank.pack import Pack, load_pack
from quizprep.grading.grader import Grader
from quizprep.sandbox.doctor import Diagnosis, diagnose
from quizprep.sandbox.pool import WorkerPool
from quizprep.sandbox.runner import Job, Limits
from tests.conftest import CORRECT_TINY, write_tiny_pack

MODULES = """
import os
import sys
import tempfile


def probe(x):
    return {"torch": "torch" in sys.modules, "pid": os.getpid(), "cwd": os.getcwd(), "x": x}
"""


@pytest.fixture
def pool() -> WorkerPool:
    workers = WorkerPool()
    yield workers  # type: ignore[misc]
    workers.close()


def _job(source: str, *cases: tuple[object, ...], torch: bool = False) -> Job:
    return Job(
        source=source,
        source_name="probe.py",
        entry="probe",
        cases=[(args, {}) for args in cases],
        torch=torch,
    )


def test_numpy_jobs_never_import_torch_and_every_job_gets_a_fresh_worker(
    pool: WorkerPool,
) -> None:
    runs = [pool.run(_job(MODULES, (1,)), Limits(timeout=10)) for _ in range(3)]
    values = [run.outcomes[0].value for run in runs]
    assert all(v["torch"] is False for v in values)
    assert all(run.finished for run in runs)
    spawned = {run.spawned_pid for run in runs}
    assert len(spawned) == 3 and None not in spawned  # a new init (namespace) per job


def test_torch_jobs_get_tensors_from_the_torch_zygote(pool: WorkerPool) -> None:
    source = (
        "import torch\n\ndef probe(x):\n    assert isinstance(x, torch.Tensor)\n    return x * 2\n"
    )
    run = pool.run(_job(source, (np.arange(3.0),), torch=True), Limits(timeout=60))
    assert run.finished, (run.problem, run.output)
    np.testing.assert_array_equal(run.outcomes[0].value, [0.0, 2.0, 4.0])


def test_a_dead_zygote_is_replaced(pool: WorkerPool) -> None:
    assert pool.run(_job(MODULES, (1,)), Limits(timeout=10)).finished
    zygote = pool.zygote("numpy")
    os.kill(zygote.process.pid, signal.SIGKILL)
    zygote.process.wait()
    run = pool.run(_job(MODULES, (2,)), Limits(timeout=10))
    assert run.finished and run.outcomes[0].value["x"] == 2


def test_concurrent_jobs_keep_their_own_results(pool: WorkerPool) -> None:
    def one(index: int) -> int:
        run = pool.run(_job(MODULES, (index,)), Limits(timeout=20))
        return int(run.outcomes[0].value["x"])

    with ThreadPoolExecutor(max_workers=6) as threads:
        assert list(threads.map(one, range(24))) == list(range(24))


def test_cancel_stops_a_running_job_quickly(pool: WorkerPool) -> None:
    source = "import time\n\ndef probe(x):\n    time.sleep(60)\n"
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    run = pool.run(_job(source, (1,)), Limits(timeout=30), cancel)
    assert run.cancelled
    assert time.monotonic() - started < 50  # not the submission's 60 s sleep


def test_per_case_timeout_names_the_case(tiny_pack: Pack) -> None:
    source = (
        "import time\n\n"
        "def scaled_sum(a, b, scale):\n"
        "    if len(a) == 3 and not a.any():\n"
        "        return scale * (a + b)\n"
        "    time.sleep(30)\n"
    )
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    started = time.monotonic()
    result = Grader(tiny_pack, seed=0, case_timeout=1).grade_source(
        source, exercise, submission="scaled_sum.py"
    )
    assert time.monotonic() - started < 25  # not 30 s of sleep for each case
    assert result.status == "timeout"
    assert result.checks[0].status == "pass"
    assert "case 2 did not finish within 1 s" in result.checks[1].message


def test_the_exercise_can_set_a_per_case_timeout(tiny_pack: Pack) -> None:
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    slow = exercise.model_copy(update={"case_timeout": 1.0})
    source = "import time\n\ndef scaled_sum(a, b, scale):\n    time.sleep(30)\n"
    result = Grader(tiny_pack, seed=0).grade_source(source, slow, submission="scaled_sum.py")
    assert result.status == "timeout"
    assert "case 1 did not finish within 1 s" in result.checks[0].message


def test_the_pack_is_not_in_the_sandbox() -> None:
    """A pack outside /tmp (which the sandbox replaces anyway): its reference folder does not
    exist in the submission's allow-listed root."""
    root = Path(tempfile.mkdtemp(prefix="quizprep-hidden-", dir="/var/tmp"))
    try:
        pack = load_pack(write_tiny_pack(root / "pack"))
        source = (
            "import os\n\n"
            "def scaled_sum(a, b, scale):\n"
            f"    raise RuntimeError('sees ' + str(os.listdir({str(pack.reference_dir)!r})))\n"
        )
        exercise = pack.exercise("scaled_sum")
        assert exercise is not None
        result = Grader(pack, seed=0).grade_source(source, exercise, submission="scaled_sum.py")
        message = result.checks[0].message
        assert "allow-listed root" in result.isolation
        assert "FileNotFoundError" in message, message
        assert "sees [" not in message
    finally:
        shutil.rmtree(root)


def test_doctor_reports_every_layer_and_verifies_them_with_a_probe() -> None:
    diagnosis = diagnose()
    assert not diagnosis.problem, diagnosis.problem
    names = {layer["name"] for layer in diagnosis.layers}
    assert {"network namespace", "pid namespace", "seccomp allow-list", "landlock"} <= names
    assert {"allow-listed root", "unprivileged identity", "ipc namespace"} <= names
    active = {layer["name"] for layer in diagnosis.layers if layer["active"]}
    assert "allow-listed root" in active  # this machine has user namespaces
    assert any(entry.startswith("/dev/null") for entry in diagnosis.root)
    if "seccomp allow-list" in active:
        assert diagnosis.probe["sockets"] == "denied"
    if {"allow-listed root", "landlock"} & active:
        assert diagnosis.probe["write outside work folder"] == "denied"
    if "private /proc" in active:
        assert diagnosis.probe["processes visible"] <= 3
    text = diagnosis.text()
    for layer in diagnosis.layers:
        assert layer["name"] in text


def test_doctor_says_what_is_missing_and_why() -> None:
    diagnosis = Diagnosis(
        "test machine",
        layers=[
            {"name": "landlock", "active": False, "why": "the kernel has no Landlock"},
            {"name": "seccomp allow-list", "active": True, "why": ""},
        ],
    )
    text = diagnosis.text()
    assert "--    landlock" in text and "MISSING: the kernel has no Landlock" in text
    assert "would stop writing outside the work folder" in text
    assert "ok    seccomp allow-list" in text
    assert "refuses to run here" in text and "without: landlock" in text


def test_doctor_command_prints_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "quizprep", "doctor", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["layers"] and report["probe"]["work folder"]
    assert "numpy zygote start" in report["timings_ms"]


def test_the_cold_path_still_runs_and_isolates() -> None:
    """`run_job` (a fresh interpreter) is what grading falls back to when no zygote can start
    and weak sandboxes were allowed."""
    from quizprep.sandbox.runner import run_job

    run = run_job(_job(MODULES, (3,)), Limits(timeout=30))
    assert run.finished and run.outcomes[0].value["x"] == 3
    assert "process group" in run.layers
    if os.geteuid() == 0:  # root can always have a network namespace
        assert "network namespace" in run.layers


def test_a_pack_can_allow_more_imports(tmp_path: Path) -> None:
    """`sandbox_imports` in pack.yaml binds a distribution (here PyYAML) into the jail; without
    it the same import fails with a message naming the module."""
    root = Path(tempfile.mkdtemp(prefix="quizprep-imports-", dir="/var/tmp"))
    try:
        pack_dir = write_tiny_pack(root / "pack")
        source = "import yaml\n\ndef scaled_sum(a, b, scale):\n    return scale * (a + b)\n"
        plain = load_pack(pack_dir)
        result = Grader(plain, seed=0).grade_source(
            source, plain.exercise("scaled_sum"), submission="scaled_sum.py"
        )
        assert result.status == "error"
        assert "No module named 'yaml'" in result.checks[0].message
        assert "the sandbox has only" in result.checks[0].message
        meta = pack_dir / "pack.yaml"
        meta.write_text(meta.read_text() + "sandbox_imports: [PyYAML]\n")
        allowing = load_pack(pack_dir)
        result = Grader(allowing, seed=0).grade_source(
            source, allowing.exercise("scaled_sum"), submission="scaled_sum.py"
        )
        assert result.status == "pass", result.checks
    finally:
        shutil.rmtree(root)


def test_a_wedged_zygote_is_replaced_and_the_job_graded_again(pool: WorkerPool) -> None:
    """A zygote that stops answering (here: stopped with SIGSTOP) is replaced after
    ANSWER_TIMEOUT, and the submission in flight is run again on the fresh one: its verdict
    is its own, never a `timeout` caused by the grader."""
    job = _job(MODULES, (5,))
    first = pool.zygote("numpy")
    pid = first.process.pid  # it waits for the serving zygote, PID 1 of its own namespace
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        serving = [int(child) for child in children.read().split()]
    assert serving, "the zygote has no serving child"
    for child in serving:
        os.kill(child, signal.SIGSTOP)
    try:
        run = pool.run(job, Limits(timeout=30))
    finally:
        for child in serving:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGCONT)
    assert run.finished and not run.timed_out, run
    assert run.outcomes[0].value["x"] == 5
    assert pool.zygote("numpy") is not first
    assert not first.alive()


def test_grading_refuses_a_weak_sandbox_in_one_line(
    tiny_pack: Pack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A required layer that cannot be set up (here: one no machine has) stops `quizprep
    grade` before any submission runs, with one line naming it; --allow-weak-sandbox grades
    anyway and says so."""
    from quizprep import cli
    from quizprep.sandbox import pool as pool_module

    monkeypatch.setattr(pool_module, "JOB_REQUIRED", (*pool_module.JOB_REQUIRED, "a moon base"))
    monkeypatch.setattr(pool_module, "_SHARED", None)
    root = Path(tempfile.mkdtemp(prefix="quizprep-weak-", dir="/var/tmp"))
    try:
        submission = root / "scaled_sum.py"
        submission.write_text(CORRECT_TINY)
        argv = ["grade", str(submission), "--pack", str(tiny_pack.root), "--no-results"]
        assert cli.main(argv) == 2
        error = capsys.readouterr().err.strip().splitlines()
        assert len(error) == 1, error
        assert "missing a moon base" in error[0] and "--allow-weak-sandbox" in error[0]
        assert cli.main([*argv, "--allow-weak-sandbox"]) == 0
        assert "grading in a weak sandbox" in capsys.readouterr().err
    finally:
        shutil.rmtree(root)
        if pool_module._SHARED is not None:
            pool_module._SHARED.close()


def test_a_zygote_started_ahead_is_the_one_jobs_use(pool: WorkerPool) -> None:
    """`start` spawns the zygote at once (its policy built while it boots); the first job waits
    for that very process rather than starting another."""
    pool.start("numpy")
    pool.start("numpy")  # already starting: no second process
    started = pool._starting[("numpy", frozenset())]
    assert pool.run(_job(MODULES, (1,)), Limits(timeout=10)).finished
    assert pool.zygote("numpy") is started
    assert pool.running() == ["numpy"] and not pool._starting


def test_closing_stops_a_zygote_nobody_waited_for() -> None:
    workers = WorkerPool()
    workers.start("torch")
    process = workers._starting[("torch", frozenset())].process
    workers.close()
    assert process.poll() is not None  # gone, not left importing torch


def test_a_probe_in_the_background_ends_when_the_pool_closes() -> None:
    workers = WorkerPool()
    probe = workers.check_in_background("torch")
    workers.close()
    with contextlib.suppress(Exception):  # cancelled, or done first on a fast machine
        probe.result()
    assert workers.running() == []


def test_the_zygote_builds_its_policy_not_the_grader(
    pool: WorkerPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the jail's policy reads the installed distributions' records (~30 ms): the
    zygote does it on a core of its own, so a cold single file does not wait for it in the
    grader."""
    from quizprep.sandbox import policy

    def refuse(wanted: tuple[str, ...]) -> None:
        raise AssertionError("the grader built a policy")

    monkeypatch.setattr(policy, "_build", refuse)
    pool.start("numpy")
    assert pool.run(_job(MODULES, (1,)), Limits(timeout=10)).finished


STREAMS_CLOSED = """
import os, sys
os.close(0)
os.close(1)  # a grader run with `<&- >&-` (a report written with --output)
from quizprep.sandbox.pool import WorkerPool
from quizprep.sandbox.runner import Job, Limits, run_job
source = "def f(x):\\n    return x + 1\\n"
job = Job(source=source, source_name="f.py", entry="f", cases=[((2,), {})])
pool = WorkerPool()
try:
    warm = pool.run(job, Limits(timeout=30)).outcomes[0].value
finally:
    pool.close()
cold = run_job(job, Limits(timeout=30)).outcomes[0].value
os.write(2, f"{warm} {cold}\\n".encode())
"""


def test_the_sandbox_works_when_the_graders_standard_streams_are_closed() -> None:
    """The descriptors handed to a zygote or a worker may then be 0 or 1, where the child's
    own streams go: they are moved above them first, or the child's channel is lost."""
    done = subprocess.run(
        [sys.executable, "-c", STREAMS_CLOSED], stderr=subprocess.PIPE, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "3 3"

"""`quizprep doctor`: which isolation layers hold on this machine, what is missing and why,
checked by running a probe submission through the real sandbox (claims are not enough)."""

from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from quizprep.sandbox.pool import WorkerPool, ZygoteError
from quizprep.sandbox.runner import Job, Limits, RunResult

ALWAYS = [
    ("separate worker process", "stops monkeypatching, __eq__ tricks, exit(0), forged output"),
    ("process group / kill at the end", "stops orphans and daemons outliving the grade"),
    ("scrubbed environment, stdin /dev/null", "stops environment secrets, terminal input"),
    ("rlimits (CPU, data, file size, files)", "stops loops, heap bombs, big files, fd floods"),
    ("memory watchdog, output and result caps", "stops shared-memory bombs, output floods"),
]
WHAT_IT_STOPS = {
    "user namespace": "lets the layers below work without root",
    "allow-listed root": "stops reading anything not on the list: answers, checkouts, "
    "classmates' files, home folders, /etc/shadow, the terminal",
    "pid namespace": "stops seeing or signalling the grader, kill(-1), escaped daemons",
    "only the channel inherited": "stops using the zygote's descriptors (stalling the batch)",
    "mount namespace": "stops one job's mounts from reaching the next",
    "network namespace": "stops TCP/UDP and abstract Unix sockets, even to 127.0.0.1",
    "ipc namespace": "stops SysV shared memory, queues and semaphores outliving the job",
    "uts namespace": "stops changing the host name others see",
    "private work folder": "stops filling the disk (size-capped tmpfs), reading other work",
    "private /dev/shm": "lets multiprocessing work, capped and counted as memory",
    "private /proc": "stops reading /proc of other processes",
    "unprivileged identity": "stops using the grader's own file permissions",
    "no capabilities": "stops undoing mounts, regaining privileges by exec",
    "landlock": "stops writing outside the work folder, signalling outside the sandbox",
    "seccomp allow-list": "stops every system call not on the list: sockets, ptrace, "
    "mounts, namespaces, SysV IPC, memfd, io_uring, BPF",
}

WEAK_FALLBACK = (
    "with --allow-weak-sandbox, where the warm sandbox cannot start at all, each submission "
    "runs in a fresh interpreter with only user, network and PID namespaces and rlimits: it "
    "loses the allow-listed root (it sees this machine's files as the grader's user does), the "
    "unprivileged identity, seccomp, Landlock and the per-job IPC namespace"
)

PROBE = """
import os


def probe():
    found = {}
    try:
        import socket

        socket.socket(socket.AF_UNIX).close()
        found["sockets"] = "allowed"
    except OSError:
        found["sockets"] = "denied"
    try:
        with open("/quizprep-doctor-probe", "w"):
            pass
        os.unlink("/quizprep-doctor-probe")
        found["write outside work folder"] = "allowed"
    except OSError:
        found["write outside work folder"] = "denied"
    found["processes visible"] = sum(name.isdigit() for name in os.listdir("/proc"))
    found["work folder"] = os.getcwd()
    return found
"""


@dataclass
class Diagnosis:
    """What `doctor` found."""

    system: str
    layers: list[dict[str, Any]] = field(default_factory=list)
    probe: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    problem: str = ""
    root: list[str] = field(default_factory=list)
    """The allow-listed root, one line per entry."""

    def to_json(self) -> dict[str, Any]:
        """Plain data for `--format json`."""
        return {
            "system": self.system,
            "layers": self.layers,
            "probe": self.probe,
            "timings_ms": {k: round(v * 1000, 1) for k, v in self.timings.items()},
            "problem": self.problem,
            "root": self.root,
        }

    def text(self) -> str:
        """The report a person reads."""
        lines = [f"quizprep doctor: {self.system}", ""]
        lines += [f"  ok    {name:<40} {stops}" for name, stops in ALWAYS]
        for layer in self.layers:
            stops = WHAT_IT_STOPS.get(layer["name"], "")
            if layer["active"]:
                detail = f" ({layer['why']})" if layer["why"] else ""
                lines.append(f"  ok    {layer['name'] + detail:<40} {stops}")
            else:
                lines.append(
                    f"  --    {layer['name']:<40} MISSING: {layer['why'] or 'unavailable'}"
                )
                lines.append(f"        {'':<40} (it {stops.replace('stops', 'would stop')})")
        if self.root:
            lines += ["", "what a submission's root holds (nothing else of this machine):"]
            lines += [f"  {entry}" for entry in self.root]
        missing = [layer["name"] for layer in self.layers if not layer["active"]]
        if missing:
            lines += [
                "",
                "quizprep grade refuses to run here (--allow-weak-sandbox grades anyway, "
                "without: " + ", ".join(missing) + ")",
            ]
        lines += ["", WEAK_FALLBACK]
        if self.probe:
            lines += ["", "probe submission (run through the sandbox):"]
            lines += [f"  {key}: {value}" for key, value in self.probe.items()]
        if self.timings:
            lines += ["", "warm workers:"]
            lines += [f"  {key}: {value * 1000:.0f} ms" for key, value in self.timings.items()]
        if self.problem:
            lines += ["", f"PROBLEM: {self.problem}"]
        return "\n".join(lines) + "\n"


def diagnose(torch: bool = False) -> Diagnosis:
    """Start a zygote, run the probe through it, and report every layer."""
    user = f"uid {os.getuid()}" + (" (root)" if os.getuid() == 0 else "")
    system = (
        f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"Python {platform.python_version()}, running as {user}"
    )
    diagnosis = Diagnosis(system)
    pool = WorkerPool(allow_weak=True)  # to report every layer, active or not
    diagnosis.root = pool.policy.summary()
    try:
        kinds = ["numpy", "torch"] if torch else ["numpy"]
        for kind in kinds:
            started = time.monotonic()
            try:
                pool.zygote(kind)
            except ZygoteError as exc:
                diagnosis.problem = f"the sandbox cannot start: {exc}"
                return diagnosis
            diagnosis.timings[f"{kind} zygote start"] = time.monotonic() - started
            job = Job(
                source=PROBE,
                source_name="probe.py",
                entry="probe",
                cases=[((), {})],
                torch=kind == "torch",
            )
            runs = [pool.run(job, Limits(timeout=20)) for _ in range(5)]
            diagnosis.timings[f"one {kind} submission (median of 5)"] = sorted(
                r.seconds for r in runs
            )[2]
            _record(diagnosis, runs[-1])
    finally:
        pool.close()
    return diagnosis


def _record(diagnosis: Diagnosis, run: RunResult) -> None:
    diagnosis.layers = run.layer_report
    outcome = run.outcomes.get(0)
    if outcome is not None and isinstance(outcome.value, dict):
        diagnosis.probe = outcome.value
    else:
        diagnosis.problem = (
            f"the probe did not run: {run.problem or run.load_error or run.output[-300:]}"
        )


if __name__ == "__main__":  # pragma: no cover - handy while developing
    sys.stdout.write(diagnose().text())

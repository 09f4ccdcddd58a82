"""Warm sandboxed workers: a zygote per framework set, one fork per submission.

A fresh interpreter that imports torch costs ~1.4 s per submission; a fork of a warm, already
isolated zygote costs ~10 ms (SANDBOX.md). `WorkerPool.run` sends the zygote a job (three file
descriptors over a Unix socket: the job in a memfd, the event socket, the output pipe), receives
a pidfd for the job's init (so killing it is race-free and takes the whole PID namespace), then
reads events exactly as `runner.collect` does for a cold worker. NumPy-only jobs go to a zygote
that never imported torch.
"""

from __future__ import annotations

import array
import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quizprep.sandbox import above_stdio
from quizprep.sandbox.policy import Policy, build_policy
from quizprep.sandbox.runner import (
    Job,
    Limits,
    RunResult,
    collect,
    job_bytes,
    scrubbed_environment,
)

_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
_BOOT = (
    f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); "
    "from quizprep.sandbox.zygote import main; sys.exit(main(sys.argv))"
)
START_TIMEOUT = 120.0
"""Seconds a zygote may take to isolate itself and import torch."""


class ZygoteError(Exception):
    """A zygote could not be started or stopped answering (not the submission's fault)."""


class _Zygote:
    """One warm zygote process and the socket that asks it to fork."""

    def __init__(
        self, kind: str, allowed: Iterable[str], log_dir: str, *, warm_up: bool = True
    ) -> None:
        """Start the zygote and send its settings; it builds its jail's policy itself (numpy,
        torch and the distributions in `allowed`, as its own interpreter finds them), on a core
        of its own while the grader loads the packs."""
        self.kind = kind
        self.control, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        theirs = above_stdio(zygote_end.detach())
        self.log_path = os.path.join(log_dir, f"zygote-{kind}-{os.getpid()}.log")
        try:
            with open(self.log_path, "wb") as log:
                self.process = subprocess.Popen(
                    [sys.executable, "-I", "-c", _BOOT, kind, str(theirs)],
                    cwd="/",
                    env=scrubbed_environment("/tmp"),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    pass_fds=(theirs,),
                    start_new_session=True,
                )
        finally:
            os.close(theirs)
        self.ready: dict[str, Any] = {}
        try:
            config = {"allowed": list(allowed), "preload": PRELOAD, "warm_up": warm_up}
            self.control.send(json.dumps(config).encode())
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, *cancels: threading.Event | None) -> None:
        """Block until the zygote says it is isolated and warm (or fails, or one of `cancels`
        is set)."""
        deadline = time.monotonic() + START_TIMEOUT
        self.control.settimeout(0.1)
        try:
            while True:
                if any(cancel is not None and cancel.is_set() for cancel in cancels):
                    raise ZygoteError("cancelled while the sandbox was starting")
                try:
                    message = self.control.recv(1 << 16)
                    break
                except TimeoutError:
                    if time.monotonic() > deadline or self.process.poll() is not None:
                        message = b""
                        break
            if not message.startswith(b"R"):
                raise ZygoteError(f"the {self.kind} sandbox did not start: {self.log_tail()}")
            self.ready = json.loads(message[1:])
        finally:
            self.control.settimeout(None)

    def weaknesses(self) -> list[str]:
        """The isolating layers this zygote could not set up (see `REQUIRED`)."""
        active = {
            str(layer.get("name")): layer.get("active") is True
            for layer in self.ready.get("layers", [])
        }
        return [name for name in ZYGOTE_REQUIRED if not active.get(name)]

    def log_tail(self) -> str:
        """The end of the zygote's own output, for error messages."""
        with contextlib.suppress(OSError), open(self.log_path, "rb") as log:
            text = log.read()[-600:].decode("utf-8", "replace").strip()
            return text or f"exit status {self.process.poll()}"
        return f"exit status {self.process.poll()}"

    def fork(self, fds: list[int]) -> None:
        """Ask for one worker; raises OSError when the zygote is gone."""
        self.control.sendmsg(
            [b"J"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
        )

    def alive(self) -> bool:
        """Whether the zygote process is still running."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Close the socket (the zygote exits on EOF) and make sure it is gone."""
        self.control.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.log_path)


ZYGOTE_REQUIRED = ("user namespace", "allow-listed root")
"""Layers a zygote must have set up, unless weak sandboxes are allowed."""
JOB_REQUIRED = (
    "pid namespace",
    "mount namespace",
    "network namespace",
    "ipc namespace",
    "private work folder",
    "private /proc",
    "unprivileged identity",
    "only the channel inherited",
    "no capabilities",
    "seccomp allow-list",
)
"""Layers every job must have before learner code runs, unless weak sandboxes are allowed."""
PRELOAD = ("quizprep.grading.cases",)
"""Modules of quizprep that workers have in memory although the package is not in the jail:
reference and mutant files import `Case` from here, and `pack check` runs them in the jail.
They hold no answers (only the case helpers)."""
ANSWER_TIMEOUT = 5.0
"""Seconds a zygote has to start a job; one that takes longer is wedged and replaced."""


class WeakSandbox(ZygoteError):
    """Isolating layers are missing and weak sandboxes were not allowed."""


class WorkerPool:
    """Warm zygotes by framework set ("numpy", "torch"), started on first use, shared by
    threads; each `run` gets a fresh, never-reused worker in a jail built from `policy`.

    `allow_weak`: run even where isolating layers cannot be set up (never silently: the
    missing layers are in every result's layer report)."""

    def __init__(self, *, allow_weak: bool = False, allowed: Iterable[str] = ()) -> None:
        self.allow_weak = allow_weak
        self.warm_up = True
        """Whether a torch zygote exercises torch's lazily loaded kernels before it serves
        (`zygote.warm_torch`, ~0.7 s): worth it before many submissions, pure cost before one
        (`quizprep grade` turns it off for a handful of files)."""
        self._allowed = tuple(allowed)
        self._zygotes: dict[tuple[str, frozenset[str]], _Zygote] = {}
        self._starting: dict[tuple[str, frozenset[str]], _Zygote] = {}  # see `start`
        self._locks: dict[tuple[str, frozenset[str]], threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self._log_dir = tempfile.mkdtemp(prefix="quizprep-pool-")
        self._closing = threading.Event()  # set by `close`: a zygote still starting stops waiting

    @property
    def policy(self) -> Policy:
        """The jail as this interpreter builds it, for `quizprep doctor` (built once:
        `build_policy` keeps it); each zygote builds its own from its `-I` interpreter."""
        return build_policy(self._allowed)

    def running(self) -> list[str]:
        """The kinds of the zygotes running now, in name order."""
        return sorted(key[0] for key, zygote in list(self._zygotes.items()) if zygote.alive())

    def kind_of(self, job: Job) -> str:
        """The zygote a job needs: torch only when its inputs are tensors."""
        return "torch" if job.torch else "numpy"

    def _lock(self, key: tuple[str, frozenset[str]]) -> threading.Lock:
        with self._locks_lock:
            return self._locks.setdefault(key, threading.Lock())

    def zygote(
        self,
        kind: str,
        cancel: threading.Event | None = None,
        imports: Iterable[str] = (),
    ) -> _Zygote:
        """The running zygote of `kind` whose root also holds `imports`, started if needed;
        WeakSandbox when it lacks a required layer and weak sandboxes are not allowed."""
        key = (kind, frozenset(imports))
        with self._lock(key):
            if self._closing.is_set():
                raise ZygoteError("the worker pool is closed")
            current = self._zygotes.get(key)
            if current is not None and current.alive():
                return current
            if current is not None:
                current.stop()
                del self._zygotes[key]
            zygote = self._starting.pop(key, None) or self._spawn(key)
            try:
                zygote.wait_ready(cancel, self._closing)
                missing = zygote.weaknesses()
                if missing and not self.allow_weak:
                    raise WeakSandbox(_weak_message(missing, zygote.ready))
            except BaseException:
                zygote.stop()
                raise
            self._zygotes[key] = zygote
            return zygote

    def start(self, kind: str) -> None:
        """Start a zygote of `kind` now, in this thread, without waiting for it to be ready (the
        next `zygote(kind)` waits for this one)."""
        key = (kind, frozenset[str]())
        with self._lock(key):
            started = key in self._zygotes or key in self._starting
            if not self._closing.is_set() and not started:
                self._starting[key] = self._spawn(key)

    def _spawn(self, key: tuple[str, frozenset[str]]) -> _Zygote:
        allowed = (*self._allowed, *sorted(key[1]))
        return _Zygote(key[0], allowed, self._log_dir, warm_up=self.warm_up)

    def replace(self, zygote: _Zygote) -> None:
        """Stop a zygote that stopped answering; the next job starts a fresh one."""
        for key in [key for key, running in list(self._zygotes.items()) if running is zygote]:
            with self._lock(key):
                if self._zygotes.get(key) is zygote:
                    del self._zygotes[key]
        zygote.stop()

    def warm(self, kinds: Iterable[str]) -> None:
        """Start zygotes in the background so the first submission does not wait."""
        for kind in kinds:
            threading.Thread(
                target=lambda k=kind: self._quietly(k), daemon=True, name=f"warm-{kind}"
            ).start()

    def _quietly(self, kind: str) -> None:
        with contextlib.suppress(ZygoteError, OSError):
            self.zygote(kind)

    def run(self, job: Job, limits: Limits, cancel: threading.Event | None = None) -> RunResult:
        """Run `job` in a fresh worker forked from the warm zygote; never raises for anything
        the submission did. A zygote that does not start the job within ANSWER_TIMEOUT is
        replaced and the job run again on a fresh one (ZygoteError if that one fails too, or
        the sandbox cannot start; WeakSandbox if a required layer is missing)."""
        kind = self.kind_of(job)
        required = () if self.allow_weak else JOB_REQUIRED
        payload = b""
        for _attempt in range(2):
            zygote = self.zygote(kind, cancel, job.imports)  # first: it may have to start
            payload = payload or job_bytes(job, limits, required=required)
            result = self._run_once(zygote, payload, limits, cancel)
            if result is not None:
                if result.weak:
                    report = {"layers": result.layer_report}
                    raise WeakSandbox(_weak_message(result.weak, report))
                return result
            if cancel is not None and cancel.is_set():
                return RunResult(cancelled=True, problem="was cancelled")
            self.replace(zygote)
        raise ZygoteError(f"the {kind} sandbox stopped answering twice in a row")

    def _run_once(
        self, zygote: _Zygote, payload: bytes, limits: Limits, cancel: threading.Event | None
    ) -> RunResult | None:
        """One try; None when the zygote did not start the job (dead or wedged)."""
        started = time.monotonic()
        job_fd = os.memfd_create("quizprep-job", os.MFD_CLOEXEC)
        events, their_events = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        output_read, output_write = os.pipe()
        result = RunResult()
        pidfd: int | None = None
        try:
            try:
                os.write(job_fd, payload)
                zygote.fork([job_fd, their_events.fileno(), output_write])
            except OSError:  # the zygote died since its last job
                return None
            finally:
                os.close(job_fd)
                their_events.close()
                os.close(output_write)
            answered, pidfd = _receive_pidfd(events, started + ANSWER_TIMEOUT, cancel)
            if not answered:
                return None
            result.spawned_pid = _pid_of(pidfd)
            collect(output_read, events.fileno(), limits, started, result, cancel)
        finally:
            # without a PID namespace (as the worker reported), its session is what to kill
            session = bool(result.layers) and "pid namespace" not in result.layers
            _kill(pidfd, result.spawned_pid, kill_session=session)
            events.close()
            os.close(output_read)
            if pidfd is not None:
                os.close(pidfd)
        result.seconds = time.monotonic() - started
        return result

    def check(self, kind: str = "numpy") -> list[str]:
        """Run a trivial job through the jail of `kind` ("numpy" or "torch"); the required
        layers it lacked (only when weak sandboxes are allowed: else WeakSandbox). ZygoteError
        when the sandbox cannot start at all."""
        probe = Job(
            source="def probe():\n    return 1\n",
            source_name="probe.py",
            entry="probe",
            torch=kind == "torch",
        )
        result = self.run(probe, Limits(timeout=30))
        if not result.loaded:
            raise ZygoteError(f"the sandbox's probe job failed: {result.problem or result.output}")
        zygote = self.zygote(kind)
        active = set(result.layers)
        return zygote.weaknesses() + [name for name in JOB_REQUIRED if name not in active]

    def check_in_background(self, kind: str = "numpy") -> Probe:
        """Start the zygote of `kind` (in this thread: see `start`), and `check` in a thread, so
        the sandbox boots while the caller goes on."""
        self.start(kind)
        return Probe(self, kind)

    def close(self) -> None:
        """Stop every zygote (running jobs are killed by their own `run`)."""
        self._closing.set()
        with self._locks_lock:
            locks = list(self._locks.items())
        for key, lock in locks:
            with lock:
                for zygotes in (self._zygotes, self._starting):
                    zygote = zygotes.pop(key, None)
                    if zygote is not None:
                        zygote.stop()
        shutil.rmtree(self._log_dir, ignore_errors=True)


class Probe:
    """`WorkerPool.check` running in a background thread; `result` waits for it."""

    def __init__(self, pool: WorkerPool, kind: str) -> None:
        self.kind = kind
        self._done = threading.Event()
        self._missing: list[str] = []
        self._error: BaseException | None = None
        thread = threading.Thread(target=self._run, args=(pool,), daemon=True, name="probe")
        thread.start()

    def _run(self, pool: WorkerPool) -> None:
        try:
            self._missing = pool.check(self.kind)
        except BaseException as exc:  # re-raised by `result`, in the caller's thread
            self._error = exc
        finally:
            self._done.set()

    def result(self) -> list[str]:
        """`check`'s answer (or its exception), once the probe job has run."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._missing


def _weak_message(missing: list[str], report: dict[str, Any]) -> str:
    whys = {
        str(layer.get("name")): str(layer.get("why") or "unavailable")
        for layer in report.get("layers", [])
        if isinstance(layer, dict)
    }
    parts = [f"{name} ({whys[name]})" if name in whys else name for name in missing]
    return (
        f"the sandbox cannot isolate submissions here: missing {', '.join(parts)}; "
        "see `quizprep doctor`, or pass --allow-weak-sandbox to grade anyway"
    )


def _receive_pidfd(
    events: socket.socket, deadline: float, cancel: threading.Event | None
) -> tuple[bool, int | None]:
    """Whether the zygote started the job before `deadline`, and the pidfd of the job's init
    it sent first (None when its child could not open one)."""
    events.settimeout(0.1)
    try:
        while time.monotonic() < deadline and not (cancel is not None and cancel.is_set()):
            try:
                data, ancillary, _, _ = events.recvmsg(1, socket.CMSG_SPACE(4))
            except TimeoutError:
                continue
            fds = array.array("i")
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(payload[: len(payload) - len(payload) % 4])
            for extra in fds[1:]:
                os.close(extra)
            if data == b"P" and fds:
                return True, int(fds[0])
            if fds:
                os.close(fds[0])
            return bool(data), None
        return False, None
    finally:
        events.settimeout(None)


def _pid_of(pidfd: int | None) -> int | None:
    """The pid (in our namespace) a pidfd refers to, from its fdinfo."""
    if pidfd is None:
        return None
    with contextlib.suppress(OSError, ValueError), open(f"/proc/self/fdinfo/{pidfd}") as info:
        for line in info:
            if line.startswith("Pid:"):
                pid = int(line.split()[1])
                return pid if pid > 0 else None
    return None


def _kill(pidfd: int | None, pid: int | None, *, kill_session: bool) -> None:
    """Kill the job's init, which takes its whole PID namespace down with it (without one, the
    worker, whose pidfd it then is, and its session)."""
    with contextlib.suppress(ProcessLookupError, OSError):
        if pidfd is not None:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
    if pid is not None and kill_session:
        with contextlib.suppress(ProcessLookupError, OSError):
            os.killpg(pid, signal.SIGKILL)


_SHARED: WorkerPool | None = None
_SHARED_LOCK = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process-wide pool (closed at exit); QUIZPREP_ALLOW_WEAK_SANDBOX=1 (what
    --allow-weak-sandbox sets) lets it run where isolating layers are missing."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            weak = os.environ.get("QUIZPREP_ALLOW_WEAK_SANDBOX") == "1"
            _SHARED = WorkerPool(allow_weak=weak)
            atexit.register(_SHARED.close)
        return _SHARED

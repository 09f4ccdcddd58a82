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
import functools
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

    def __init__(self, kind: str, hidden: frozenset[str], log_dir: str) -> None:
        self.kind = kind
        self.hidden = hidden
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log_path = os.path.join(log_dir, f"zygote-{kind}-{os.getpid()}.log")
        config = json.dumps({"hide": sorted(hidden)})
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", _BOOT, kind, str(theirs.fileno())],
                cwd="/",
                env=scrubbed_environment(tempfile.gettempdir()),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        theirs.close()
        self.control.send(config.encode())
        self.ready: dict[str, Any] = {}

    def wait_ready(self, cancel: threading.Event | None) -> None:
        """Block until the zygote says it is isolated and warm (or fails, or is cancelled)."""
        deadline = time.monotonic() + START_TIMEOUT
        self.control.settimeout(0.1)
        try:
            while True:
                if cancel is not None and cancel.is_set():
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

    def hides(self, wanted: frozenset[str]) -> bool:
        """Whether the zygote dealt with every folder in `wanted` that exists now (one created
        after it started, such as a new cache folder, is not hidden: a new zygote is needed)."""
        covered = set(self.ready.get("existing", []))
        can_hide = any(
            layer.get("name") == "mount namespace" and layer.get("active")
            for layer in self.ready.get("layers", [])
        )
        return wanted <= self.hidden and all(
            not can_hide or path in covered or not os.path.isdir(path) for path in wanted
        )

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


class WorkerPool:
    """Warm zygotes by framework set ("numpy", "torch"), started on first use, shared by
    threads; each `run` gets a fresh, never-reused worker."""

    def __init__(self) -> None:
        self._zygotes: dict[str, _Zygote] = {}
        self._locks = {"numpy": threading.Lock(), "torch": threading.Lock()}
        self._log_dir = tempfile.mkdtemp(prefix="quizprep-pool-")
        self._closed = False

    def kind_of(self, job: Job) -> str:
        """The zygote a job needs: torch only when its inputs are tensors."""
        return "torch" if job.torch else "numpy"

    def zygote(
        self, kind: str, hide: Iterable[str] = (), cancel: threading.Event | None = None
    ) -> _Zygote:
        """The running zygote of `kind` that hides at least `hide`, started if needed."""
        wanted = frozenset(p for p in map(str, hide) if _can_hide(p))
        with self._locks[kind]:
            if self._closed:
                raise ZygoteError("the worker pool is closed")
            current = self._zygotes.get(kind)
            if current is not None and current.alive() and current.hides(wanted):
                return current
            if current is not None:
                wanted |= current.hidden
                current.stop()
                del self._zygotes[kind]
            zygote = _Zygote(kind, wanted, self._log_dir)
            try:
                zygote.wait_ready(cancel)
            except BaseException:
                zygote.stop()
                raise
            self._zygotes[kind] = zygote
            return zygote

    def warm(self, kinds: Iterable[str], hide: Iterable[str] = ()) -> None:
        """Start zygotes in the background so the first submission does not wait."""
        hidden = list(hide)
        for kind in kinds:
            threading.Thread(
                target=lambda k=kind: self._quietly(k, hidden), daemon=True, name=f"warm-{kind}"
            ).start()

    def _quietly(self, kind: str, hide: list[str]) -> None:
        with contextlib.suppress(ZygoteError, OSError):
            self.zygote(kind, hide)

    def run(
        self,
        job: Job,
        limits: Limits,
        cancel: threading.Event | None = None,
        hide: Iterable[str] = (),
    ) -> RunResult:
        """Run `job` in a fresh worker forked from the warm zygote; never raises for anything
        the submission did (ZygoteError when the sandbox itself cannot start)."""
        started = time.monotonic()
        kind = self.kind_of(job)
        hidden = list(hide)
        job_fd = os.memfd_create("quizprep-job", os.MFD_CLOEXEC)
        events, their_events = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        output_read, output_write = os.pipe()
        result = RunResult()
        pidfd: int | None = None
        try:
            try:
                os.write(job_fd, job_bytes(job, limits))
                fds = [job_fd, their_events.fileno(), output_write]
                try:
                    self.zygote(kind, hidden, cancel).fork(fds)
                except OSError:  # the zygote died since its last job: start another, once
                    self.zygote(kind, hidden, cancel).fork(fds)
            finally:
                os.close(job_fd)
                their_events.close()
                os.close(output_write)
            pidfd = _receive_pidfd(events, started + limits.timeout, cancel)
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

    def close(self) -> None:
        """Stop every zygote (running jobs are killed by their own `run`)."""
        self._closed = True
        for kind, lock in self._locks.items():
            with lock:
                zygote = self._zygotes.pop(kind, None)
                if zygote is not None:
                    zygote.stop()
        shutil.rmtree(self._log_dir, ignore_errors=True)


@functools.lru_cache(maxsize=256)
def _can_hide(folder: str) -> bool:
    """A folder may be covered unless Python or quizprep itself lives inside it (the worker
    still imports lazily from there)."""
    needed = {sys.prefix, sys.base_prefix, sys.exec_prefix, _PACKAGE_PARENT + "/quizprep"}
    needed.add(os.path.dirname(os.path.realpath(sys.executable)))
    root = os.path.realpath(folder)
    return root != "/" and not any(
        os.path.realpath(path) == root or os.path.realpath(path).startswith(root + os.sep)
        for path in needed
    )


def _receive_pidfd(
    events: socket.socket, deadline: float, cancel: threading.Event | None
) -> int | None:
    """The pidfd of the job's init, sent by the zygote's child before any learner code runs.
    None when the child could not open one (then the pid from the "spawned" event is used)."""
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
                return int(fds[0])
            if fds:
                os.close(fds[0])
            return None
        return None
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
    """The process-wide pool (closed at exit)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = WorkerPool()
            atexit.register(_SHARED.close)
        return _SHARED

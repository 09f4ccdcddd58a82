"""The zygote: a warm, isolated process that forks one sandboxed worker per submission.

Started by `quizprep.sandbox.pool` as `python -I -c <boot> KIND FD` (its first message on FD says
what to hide). In order:

1. isolate itself while it has one thread: user, network, mount and PID namespaces (it is PID 1
   of its own); the reference and progress folders covered by empty tmpfs mounts; every mount
   read-only;
2. import numpy (and, for KIND "torch", torch with one thread, warmed up) exactly once;
3. say `ready` on the control socket, then for each request (three fds: the job, the event
   socket, the output pipe) start a job, and report each worker's exit status when it ends.

A job gets a fresh PID namespace whose PID 1 is a tiny init (`sleep`, spawned without copying
the zygote's memory), then one fork of the zygote as the worker, so a torch worker costs one
fork (~7 ms), not a chain of them (forks of forks of a 200 MiB process cost ~25 ms). The grader
gets a pidfd of the init first, before the worker exists: killing it ends the whole namespace.
The worker takes a private mount namespace with a size-capped tmpfs as /tmp and its own /proc,
drops every capability, restricts itself with Landlock and seccomp, sets its rlimits and runs
the submission with `quizprep.sandbox.worker.run`. Nothing here trusts the submission.
"""

from __future__ import annotations

import array
import contextlib
import functools
import gc
import json
import os
import select
import shutil
import signal
import socket
import sys
from typing import Any

from quizprep.sandbox import layers as L

SCRATCH_CANDIDATES = ("/tmp", "/dev/shm", "/var/tmp", "/mnt")
"""Where a private tmpfs may go: the first that exists and holds nothing Python needs."""


@functools.lru_cache(maxsize=1)
def scratch_folder() -> str | None:
    """A folder to cover with a private tmpfs: not one that holds Python, its packages or
    quizprep (a checkout or a virtualenv under /tmp would vanish from the worker)."""
    needed = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)}
    needed |= {entry for entry in sys.path if entry and os.path.isdir(entry)}
    needed = {os.path.realpath(path) for path in needed}
    for candidate in SCRATCH_CANDIDATES:
        if not os.path.isdir(candidate) or os.path.islink(candidate):
            continue
        root = os.path.realpath(candidate)
        if not any(path == root or path.startswith(root + os.sep) for path in needed):
            return root
    return None


def main(argv: list[str]) -> int:
    """Isolate, warm up, then serve job requests until the grader closes the socket."""
    kind, control_fd = argv[1], int(argv[2])
    control = socket.socket(fileno=control_fd)
    control.set_inheritable(False)
    config = json.loads(control.recv(1 << 20) or b"{}")  # not in argv: /proc shows argv
    found = L.enter_namespaces()
    why = L.unshare(L.CLONE_NEWPID)
    if why is None:  # live as PID 1 of our own namespace, so each job's can be entered and left
        child = os.fork()
        if child:
            control.close()
            _, status = os.waitpid(child, 0)
            return os.waitstatus_to_exitcode(status)
    mount_ns = any(layer.name == "mount namespace" and layer.active for layer in found)
    existing: list[str] = []
    if mount_ns:
        L.private_mounts()
        found.append(L.hide(config.get("hide", []), existing))
        found.append(L.read_only_filesystem())
        scratch = scratch_folder()
        if scratch is not None and L.work_tmpfs(scratch, 64) is None:
            os.environ["TMPDIR"] = scratch  # torch wants a temporary directory to warm up
    else:
        found.append(L.Layer("hidden reference folders", False, "no mount namespace"))
        found.append(L.Layer("read-only filesystem", False, "no mount namespace"))
    import numpy  # noqa: F401  (warm: every worker has it)

    from quizprep.sandbox import codec, worker  # noqa: F401

    if kind == "torch":
        import torch

        torch.set_num_threads(1)
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
        try:
            warm_torch(torch)
        except Exception as exc:  # a cold start for what failed; say so in the zygote's log
            print(f"quizprep zygote: torch warm-up stopped: {exc!r}", file=sys.stderr)
    gc.collect()
    gc.freeze()  # a worker's collections skip the zygote's objects: no copy-on-write storm
    ready = {"layers": [layer.to_data() for layer in found], "existing": existing}
    control.send(b"R" + json.dumps(ready).encode())
    Zygote(control, found).serve()
    return 0


def warm_torch(torch: Any) -> None:
    """Run the kinds of operations exercises use once, on one thread, so the hundreds of modules
    and kernels torch loads lazily are loaded here once and not in every worker (a meta-device
    convolution alone imports ~0.4 s of modules). Single-threaded, so forking stays safe."""
    functional = torch.nn.functional
    x = torch.randn(3, 4, requires_grad=True)
    w = torch.randn(5, 4, requires_grad=True)
    functional.cross_entropy(x @ w.T, torch.tensor([0, 1, 2])).backward()
    for op in (torch.tanh, torch.sigmoid, torch.relu, torch.exp, torch.log1p):
        op(x.detach())
    torch.softmax(x, -1), torch.log_softmax(x, -1)
    torch.nn.GRUCell(4, 3)(x), torch.nn.LSTMCell(4, 3)(x), torch.nn.RNN(4, 3)(x)
    torch.nn.MultiheadAttention(4, 2)(x[None], x[None], x[None])
    functional.conv2d(torch.randn(1, 1, 5, 5), torch.randn(1, 1, 3, 3), padding=1)
    functional.conv1d(torch.randn(1, 1, 5), torch.randn(1, 1, 3))
    functional.max_pool2d(torch.randn(1, 1, 4, 4), 2)
    functional.batch_norm(torch.randn(4, 3), None, None, training=True)
    functional.layer_norm(x.detach(), (4,))
    layer = torch.nn.Conv2d(1, 1, 3, device="meta")
    functional.conv2d(torch.empty(1, 1, 8, 8, device="meta"), layer.weight)
    torch.optim.SGD([w], lr=0.1).step(), torch.optim.Adam([w]).step()


class Zygote:
    """The serving loop: start jobs on request, report workers' exits, stop on EOF."""

    def __init__(self, control: socket.socket, found: list[L.Layer]) -> None:
        self.control = control
        self.found = found
        self.workers: dict[int, int] = {}  # worker pid -> its event socket (for the exit report)
        self.init_program = shutil.which("sleep")
        self.own_pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        self.wakeup_read, wakeup_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wakeup_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)

    def serve(self) -> None:
        """Until the grader closes the control socket."""
        while True:
            try:
                ready, _, _ = select.select([self.control.fileno(), self.wakeup_read], [], [])
            except InterruptedError:
                continue
            if self.wakeup_read in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(self.wakeup_read, 4096)
                self.reap()
            if self.control.fileno() in ready and not self.receive():
                return

    def receive(self) -> bool:
        """Start the requested job; False when the grader is gone."""
        size = socket.CMSG_SPACE(3 * array.array("i").itemsize)
        try:
            # close-on-exec: the init program we spawn must hold none of them
            message, ancillary, _, _ = self.control.recvmsg(16, size, socket.MSG_CMSG_CLOEXEC)
        except InterruptedError:
            return True
        if not message:
            return False
        received = array.array("i")
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                received.frombytes(data[: len(data) - len(data) % received.itemsize])
        if message == b"J" and len(received) == 3:
            job_fd, event_fd, output_fd = received
            self.start(job_fd, event_fd, output_fd)
        else:
            for fd in received:
                os.close(fd)
        return True

    def start(self, job_fd: int, event_fd: int, output_fd: int) -> None:
        """A fresh PID namespace with a tiny init, then the worker forked into it."""
        found = list(self.found)
        why = L.unshare(L.CLONE_NEWPID)
        unshared = why is None
        init = None
        if unshared:
            program = self.init_program
            with contextlib.suppress(OSError, TypeError):
                init = os.posix_spawn(program, ["sleep", "infinity"], {})  # type: ignore[arg-type]
            if init is None:  # the worker becomes PID 1 itself
                why = f"cannot start {program or 'a sleep program'} as the namespace's init"
        found.append(L.Layer("pid namespace", init is not None, why or ""))
        go_read, go_write = os.pipe()
        worker = os.fork()
        if worker == 0:
            os.close(go_write)
            os.read(go_read, 1)  # until the grader has its pidfd
            os.close(go_read)
            try:
                run_worker(job_fd, event_fd, output_fd, found, self)
            finally:
                os._exit(70)
        os.close(go_read)
        if unshared:  # our next children go where we live again
            L.setns(self.own_pid_namespace, L.CLONE_NEWPID)
        _send_pidfd(event_fd, init if init is not None else worker)
        os.close(go_write)
        os.close(job_fd)
        os.close(output_fd)
        self.workers[worker] = event_fd

    def reap(self) -> None:
        """Collect exited children; tell the grader how each worker ended."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            event_fd = self.workers.pop(pid, None)
            if event_fd is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            code = 128 - code if code < 0 else code  # a signal, as a shell would say it
            _send_nowait(event_fd, {"event": "exit", "code": code})
            os.close(event_fd)

    def close_in_child(self) -> None:
        """What a worker must not keep: the grader's socket and the other jobs' channels."""
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in (self.own_pid_namespace, self.wakeup_read, *self.workers.values()):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.control.close()


def _send_nowait(event_fd: int, message: dict[str, Any]) -> None:
    from quizprep.sandbox import codec

    data = codec.frame(codec.encode(message))
    with contextlib.suppress(OSError):
        os.set_blocking(event_fd, False)
        os.write(event_fd, data)


def _send_pidfd(event_fd: int, pid: int) -> None:
    """One byte first on the event socket: "P" with a pidfd of the process whose death ends the
    job (opened while it is surely our unreaped child, so it can never name another), or "N"."""
    channel = socket.socket(fileno=os.dup(event_fd))
    try:
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            channel.send(b"N")
            return
        rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [pidfd]))]
        channel.sendmsg([b"P"], rights)
        os.close(pidfd)
    finally:
        channel.close()


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def run_worker(
    job_fd: int, event_fd: int, output_fd: int, found: list[L.Layer], zygote: Zygote
) -> None:
    """The worker: its own session, mount namespace, private scratch tmpfs (usually /tmp) and
    /proc; then no privileges."""
    zygote.close_in_child()
    os.setsid()
    from quizprep.sandbox.worker import Channel, decode_job, run_and_exit

    job = decode_job(_read_all(job_fd))
    os.close(job_fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(null)
    os.close(output_fd)
    scratch = scratch_folder()
    mount_ns = any(layer.name == "mount namespace" and layer.active for layer in found)
    why = L.unshare(L.CLONE_NEWNS) if mount_ns else "no mount namespace"
    if why is None:
        why = (
            L.work_tmpfs(scratch, int(job["disk_mb"]))
            if scratch
            else "every scratch folder holds Python or quizprep"
        )
    import tempfile

    if why is None and scratch:
        work = os.path.join(scratch, "work")
        os.mkdir(work, 0o700)
    else:  # no private tmpfs: a fresh folder in the shared temporary directory
        work = tempfile.mkdtemp(prefix="quizprep-")
    found.append(L.Layer("private work folder", why is None, why or ""))
    pid_namespace = any(layer.name == "pid namespace" and layer.active for layer in found)
    if pid_namespace and mount_ns:
        proc = L.own_proc()
        found.append(L.Layer("private /proc", proc is None, proc or ""))
    os.chdir(work)
    os.environ.update({"HOME": work, "TMPDIR": work})
    tempfile.tempdir = None  # the zygote's choice is cached: look again, and find `work`
    found.append(L.drop_capabilities())
    found.append(L.landlock([work]))
    found.append(L.seccomp())
    channel = Channel(event_fd)
    channel.send({"event": "layers", "layers": [layer.to_data() for layer in found]})
    active = [layer.name for layer in found if layer.active]
    run_and_exit(job, channel, ["process group", "scrubbed environment", *active])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The zygote: a warm, isolated process that forks one sandboxed worker per submission.

Started by `quizprep.sandbox.pool` as `python -I -c <boot> KIND FD` (its first message on FD says
what to hide). In order:

1. isolate itself while it has one thread: user, network and mount namespaces; the reference
   and progress folders covered by empty tmpfs mounts; every mount read-only;
2. import numpy (and, for KIND "torch", torch with one thread) exactly once;
3. say `ready` on the control socket, then for each request (three fds: the job, the event
   pipe, the output pipe) fork a child that is never reused.

Each child enters a fresh PID and mount namespace with a private, size-capped tmpfs as its work
folder, and starts a small init (PID 1), which reports its host pid to the grader (so the grader
can kill the whole namespace with one signal), then forks the worker. The worker drops every
capability, restricts itself with Landlock and seccomp, sets its rlimits and runs the submission
with `quizprep.sandbox.worker.run`. Nothing here trusts the submission; the grader reads only data.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import signal
import socket
import sys
from typing import Any

from quizprep.sandbox import layers as L

WORK = "/tmp/work"


def main(argv: list[str]) -> int:
    """Isolate, warm up, then serve fork requests until the grader closes the socket."""
    kind, control_fd = argv[1], int(argv[2])
    L.prctl(L.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the grader died before we got here
        return 0
    control = socket.socket(fileno=control_fd)
    config = json.loads(control.recv(1 << 20) or b"{}")  # not in argv: /proc shows argv
    found = L.enter_namespaces()
    mount_ns = any(layer.name == "mount namespace" and layer.active for layer in found)
    if mount_ns:
        L.private_mounts()
        found.append(L.hide(config.get("hide", [])))
        found.append(L.read_only_filesystem())
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
    L.prctl(L.PR_SET_CHILD_SUBREAPER, 1)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # reap every exited child automatically
    ready = {"layers": [layer.to_data() for layer in found], "pid": os.getpid()}
    control.send(b"R" + json.dumps(ready).encode())
    serve(control, found)
    return 0


def serve(control: socket.socket, found: list[L.Layer]) -> None:
    """Fork a child per request; the child never returns here."""
    fds = array.array("i")
    while True:
        try:
            message, ancillary, _, _ = control.recvmsg(16, socket.CMSG_SPACE(3 * fds.itemsize))
        except InterruptedError:
            continue
        if not message:
            return
        received = array.array("i")
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                received.frombytes(data[: len(data) - len(data) % fds.itemsize])
        if message != b"J" or len(received) != 3:
            for fd in received:
                os.close(fd)
            continue
        child = os.fork()
        if child == 0:
            control.close()
            try:
                job_fd, event_fd, output_fd = received
                start_job(job_fd, event_fd, output_fd, found)
            finally:
                os._exit(70)
        for fd in received:
            os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def start_job(job_fd: int, event_fd: int, output_fd: int, found: list[L.Layer]) -> None:
    """The per-submission child: new PID and mount namespaces, a private work folder, then an
    init that reports its pid and runs the worker."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    from quizprep.sandbox import codec
    from quizprep.sandbox.worker import Channel

    raw = _read_all(job_fd)
    os.close(job_fd)
    job: dict[str, Any] = codec.decode(raw)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    for fd in (null, output_fd):
        os.close(fd)
    mount_ns = any(layer.name == "mount namespace" and layer.active for layer in found)
    flags = L.CLONE_NEWPID | (L.CLONE_NEWNS if mount_ns else 0)
    why = L.unshare(flags)
    found = [*found, L.Layer("pid namespace", why is None, why or "")]
    work = WORK
    tmpfs = (
        L.work_tmpfs("/tmp", int(job["disk_mb"]))
        if mount_ns and why is None
        else "no mount namespace"
    )
    if tmpfs is None:
        os.mkdir(work, 0o700)
    else:  # no private tmpfs: a fresh folder in the shared temporary directory
        import tempfile

        work = tempfile.mkdtemp(prefix="quizprep-")
    found.append(L.Layer("private work folder", tmpfs is None, tmpfs or ""))
    os.chdir(work)
    os.environ.update({"HOME": work, "TMPDIR": work})
    go_read, go_write = os.pipe()
    init = os.fork()
    if init == 0:
        os.close(go_write)
        os.read(go_read, 1)  # wait until the grader knows our pid
        os.close(go_read)
        os._exit(run_init(job, event_fd, work, found))
    os.close(go_read)
    _send_pidfd(event_fd, init)
    Channel(event_fd).send({"event": "spawned", "pid": init})
    os.close(go_write)
    if tmpfs is not None:  # a shared folder: remove it once the submission is gone
        _, _ = os.waitpid(init, 0)
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    os._exit(0)


def _send_pidfd(event_fd: int, pid: int) -> None:
    """One byte first on the event socket: "P" with a pidfd of the init (opened while it is
    surely our unreaped child, so it can never name another process), or "N" without."""
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


def run_init(job: dict[str, Any], event_fd: int, work: str, found: list[L.Layer]) -> int:
    """PID 1 of the submission's namespace: reap until the worker ends, report how it ended,
    then exit (which kills whatever the submission left running)."""
    from quizprep.sandbox.worker import Channel, run

    in_pid_namespace = os.getpid() == 1
    if in_pid_namespace:
        why = L.own_proc()
        found = [*found, L.Layer("private /proc", why is None, why or "")]
    else:
        os.setsid()
    signal.signal(signal.SIGALRM, lambda *_: os._exit(124))  # backstop if the grader is gone
    signal.alarm(int(job["cpu_seconds"]) + 30)
    runner = os.fork()
    if runner == 0:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        found.append(L.drop_capabilities())
        found.append(L.landlock([work]))
        found.append(L.seccomp())
        channel = Channel(event_fd)
        channel.send({"event": "layers", "layers": [layer.to_data() for layer in found]})
        active = [layer.name for layer in found if layer.active]
        try:
            run(job, channel, ["process group", "scrubbed environment", *active])
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(0)
    code = _as_init(runner)
    with contextlib.suppress(OSError):
        Channel(event_fd).send({"event": "exit", "code": code})
    return code


def _as_init(child: int) -> int:
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 1
        except InterruptedError:
            continue
        if pid == child:
            if os.WIFSIGNALED(status):
                return 128 + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

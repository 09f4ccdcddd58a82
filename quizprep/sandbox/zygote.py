"""The zygote: a warm, isolated process that forks one sandboxed worker per submission.

Started by `quizprep.sandbox.pool` as `python -I -c <boot> KIND FD` (its first message on FD is
its settings: the distributions its jail holds besides numpy and torch). In order:

1. import the few quizprep modules workers run and compile the seccomp allow-list (neither is
   in the jail), then build the jail's `Policy` (`policy.build_policy`); enter a user namespace
   (where the job's uid exists) with network, mount, IPC and UTS ones, and a PID namespace of
   its own (it is PID 1 there);
2. build the allow-listed root (`rootfs.build_root`) and pivot into it: from here on nothing of
   the host exists but what the policy lists;
3. import numpy (and, for KIND "torch", torch with one thread, warmed up) exactly once, from
   inside the jail, which proves the root holds what they need;
4. say `ready` on the control socket, then for each request (three fds: the job, the event
   socket, the output pipe) start a job, and report each worker's exit status when it ends.

A job gets a fresh PID namespace whose PID 1 is a tiny init (`sleep`, spawned without copying
the zygote's memory), then one fork of the zygote as the worker, so a torch worker costs one
fork, not a chain of them. The grader gets a pidfd of the init first, before the worker exists:
killing it ends the whole namespace. The worker closes every inherited descriptor but its
channel, takes fresh mount, network, IPC and UTS namespaces, a size-capped tmpfs as /tmp and
another as /dev/shm, its own /proc, the job's uid in a user namespace of its own, drops every
capability, restricts itself with Landlock and the seccomp allow-list, sets its rlimits and runs
the submission with `quizprep.sandbox.worker.run`. Nothing here trusts the submission.
"""

from __future__ import annotations

import array
import contextlib
import gc
import importlib
import json
import os
import select
import shutil
import signal
import socket
import sys
from typing import Any

from quizprep.sandbox import layers as L
from quizprep.sandbox import rootfs, syscalls
from quizprep.sandbox.policy import Policy, build_policy


def main(argv: list[str]) -> int:
    """Isolate, warm up, then serve job requests until the grader closes the socket."""
    kind, control_fd = argv[1], int(argv[2])
    control = socket.socket(fileno=control_fd)
    control.set_inheritable(False)
    # All of quizprep a worker runs is imported now: the package is not in the jail's root.
    from quizprep.sandbox import codec, worker  # noqa: F401

    seccomp_filter = syscalls.compile_filter()  # libseccomp is not in the jail's root
    config = json.loads(control.recv(1 << 22) or b"{}")  # not in argv: /proc shows argv
    # Built here, not by the grader: this interpreter is the one that imports in the jail,
    # and the ~30 ms run on another core than the grader's (a cold single file waits on it).
    policy = build_policy(config.get("allowed", ()))
    for module in config.get("preload", []):
        importlib.import_module(module)
    user_namespace, own_mounts = rootfs.enter_user_namespace(policy)
    found = [user_namespace]
    why = L.unshare(L.CLONE_NEWPID)
    if why is None:  # live as PID 1 of our own namespace, so each job's can be entered and left
        child = os.fork()
        if child:
            control.close()
            _, status = os.waitpid(child, 0)
            return os.waitstatus_to_exitcode(status)
    if own_mounts:  # never pivot the host's own mount namespace
        found.append(rootfs.build_root(policy))
    else:
        found.append(L.Layer("allow-listed root", False, "no mount namespace to build it in"))
    if found[-1].active:
        L.work_tmpfs(policy.work, 64)  # torch wants a temporary directory to warm up
        os.environ["TMPDIR"] = policy.work
        importlib.invalidate_caches()
        sys.path_importer_cache.clear()
    import numpy  # noqa: F401  (warm: every worker has it)

    if kind == "torch":
        import torch

        torch.set_num_threads(1)
        with contextlib.suppress(RuntimeError):
            torch.set_num_interop_threads(1)
        try:
            if config.get("warm_up", True):
                warm_torch(torch)
        except Exception as exc:  # a cold start for what failed; say so in the zygote's log
            print(f"quizprep zygote: torch warm-up stopped: {exc!r}", file=sys.stderr)
    # A worker's collections skip the zygote's objects: no copy-on-write storm. No full
    # collection first: after torch's import it takes ~50 ms a cold torch grade waits for,
    # to free garbage that, frozen, costs only memory shared by every worker.
    gc.freeze()
    ready = {"layers": [layer.to_data() for layer in found]}
    control.send(b"R" + json.dumps(ready).encode())
    Zygote(control, found, policy, seccomp_filter).serve()
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

    def __init__(
        self,
        control: socket.socket,
        found: list[L.Layer],
        policy: Policy,
        seccomp_filter: syscalls.Filter | str,
    ) -> None:
        self.control = control
        self.found = found
        self.policy = policy
        self.seccomp_filter = seccomp_filter
        self.workers: dict[int, int] = {}  # worker pid -> its event socket (for the exit report)
        self.init_program = shutil.which("sleep")
        self.own_pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        self.wakeup_read, self.wakeup_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(self.wakeup_write)
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
        for fd in (self.own_pid_namespace, self.wakeup_read, self.wakeup_write):
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
    """The worker: nothing inherited but its channel; fresh mount, network, IPC and UTS
    namespaces; private work folder, /dev/shm and /proc; the job's identity in a user
    namespace of its own; then no capabilities, Landlock and the seccomp allow-list."""
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
    found.append(rootfs.close_inherited(event_fd))
    policy = zygote.policy
    rooted = any(layer.name == "allow-listed root" and layer.active for layer in found)
    pid_namespace = any(layer.name == "pid namespace" and layer.active for layer in found)
    for flag, name in _JOB_NAMESPACES:
        why = L.unshare(flag)
        found.append(L.Layer(name, why is None, why or ""))
    if rooted:
        shm_mb = max(1, min(int(job["disk_mb"]), 64))
        found += rootfs.job_mounts(policy, int(job["disk_mb"]), shm_mb, proc=pid_namespace)
        work = policy.work
    else:  # no jail: a fresh folder in the shared temporary directory
        import tempfile

        work = tempfile.mkdtemp(prefix="quizprep-")
        found.append(L.Layer("private work folder", False, "no allow-listed root"))
    L.libc_handle().sethostname(b"sandbox", 7)
    found.append(rootfs.become(policy))
    os.chdir(work)
    os.environ.update({"HOME": work, "TMPDIR": work})
    import tempfile

    tempfile.tempdir = None  # the zygote's choice is cached: look again, and find `work`
    _copy_in(job, work)
    found.append(L.drop_capabilities())
    found.append(L.landlock([work, policy.shm]))
    found.append(syscalls.apply(zygote.seccomp_filter))
    channel = Channel(event_fd)
    channel.send({"event": "layers", "layers": [layer.to_data() for layer in found]})
    active = [layer.name for layer in found if layer.active]
    missing = [name for name in job.get("required", []) if name not in active]
    if missing:  # no learner code runs in a weaker sandbox than the grader asked for
        channel.send({"event": "weak", "missing": missing})
        os._exit(0)
    run_and_exit(job, channel, ["process group", "scrubbed environment", *active])


_JOB_NAMESPACES = (
    (L.CLONE_NEWNS, "mount namespace"),
    (L.CLONE_NEWNET, "network namespace"),
    (L.CLONE_NEWIPC, "ipc namespace"),
    (L.CLONE_NEWUTS, "uts namespace"),
)
"""Fresh for every job, so nothing (SysV objects, abstract sockets) outlives it or is shared."""


def _copy_in(job: dict[str, Any], work: str) -> None:
    """The submission as a file in the work folder, so tracebacks and `inspect` show its lines."""
    name = os.path.basename(str(job["source_name"])) or "submission.py"
    with contextlib.suppress(OSError), open(os.path.join(work, name), "w") as handle:
        handle.write(str(job["source"]))


if __name__ == "__main__":
    sys.exit(main(sys.argv))

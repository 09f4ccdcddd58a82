"""Hostile submissions: whatever learner code does, the grader survives, reports a clear
non-passing verdict, and leaves nothing behind (DESIGN.md invariants 1 and 2, SANDBOX.md
"Test it the way an attacker would").

Every case is graded the way `quizprep grade` grades a file, then checked for: a GradeResult
that is not "pass" and whose first failing check says why in words a learner can act on; no
process left running (each hostile source names itself with a unique marker, which its forks
inherit as their process name and what it execs inherits through the environment; sandbox
workers descended from the test process count too); nothing written outside the work folder
(under /tmp, /var/tmp, the package, $HOME, /dev/shm; a file the grader owns unchanged);
nothing received by loopback (TCP, UDP, abstract and path Unix) listeners; no secret from the
grader's environment in the result; no descriptor leaked into the grader; the warm zygote and a
bystander process still alive; and the next, honest submission still passing. Sandbox bugs are
strict xfails whose reason says what happens.

SANDBOX.md's layers and the cases that test them:
- separate worker, verdicts from data: "lying about the answer", "forging the result protocol",
  prints-a-passing-report, exits and segfaults;
- setsid + group kill, stdin, scrubbed env, temp cwd: "processes", reads-stdin,
  reads-environment-secrets, looks-around-the-work-folder, and terminal injection
  (terminal-escape-sequences, test_terminal_injection_is_neutralised);
- rlimits and pipe caps: "time", "memory", "output", "disk and descriptors";
- user + network namespace: "network";
- PID namespace: the kill-* cases, "signals", reads-the-graders-proc, the forged descriptors;
- mount namespace / Landlock: "writing outside the work folder", "reading the reference",
  "undoing the hiding", test_reference_cache_is_unreadable;
- seccomp: unix-socket-path, netlink-socket, "ptrace, process_vm_* and other system calls".
test_hostile_as_nobody runs those that depend on the worker's user again as uid 65534.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import quizprep
from quizprep.bank.pack import Pack, load_pack
from quizprep.grading import report
from quizprep.grading.grader import Grader
from quizprep.grading.result import GradeResult
from quizprep.sandbox.pool import shared_pool
from tests.conftest import CORRECT_TINY, dedent, write_tiny_pack

SECRET_NAME = "QUIZPREP_TEST_SECRET"
SECRET = "qp-secret-" + uuid.uuid4().hex
WORKER = b"quizprep.sandbox.worker"
SUBMISSION = "scaled_sum.py"
PACKAGE_DIR = Path(quizprep.__file__).resolve().parent
ORIGINAL = "the grader's own file\n"


# ---------------------------------------------------------------------------------------------
# Watching the machine: processes, listeners, secrets


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _processes() -> Iterator[tuple[int, bytes]]:
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            cmdline = _read(f"/proc/{name}/cmdline")
            if cmdline:  # kernel threads and zombies have none
                yield int(name), cmdline


def _parent(pid: int) -> int:
    stat = _read(f"/proc/{pid}/stat")
    try:
        return int(stat[stat.rindex(b")") + 2 :].split()[1])
    except ValueError:
        return 0


def _descends_from_me(pid: int) -> bool:
    for _ in range(64):
        pid = _parent(pid)
        if pid == os.getpid():
            return True
        if pid <= 1:
            return False
    return False


def hostile_processes(marks: list[str]) -> dict[int, str]:
    """Live processes a hostile submission started or became: its marker is in their name
    (forks keep the name the submission gave itself), command line or environment (what it
    exec'd inherits the variable); or they are a sandbox worker descended from this test
    process. (Other test sessions may be grading on this machine at the same time, so a bare
    worker command line proves nothing.)"""
    found = {}
    for pid, cmdline in _processes():
        comm = _read(f"/proc/{pid}/comm").strip()
        environ = _read(f"/proc/{pid}/environ")
        marked = any(m.encode() in comm + cmdline + environ for m in marks)
        if marked or (WORKER in cmdline and _descends_from_me(pid)):
            found[pid] = cmdline.replace(b"\0", b" ").decode(errors="replace")[:200]
    return found


def assert_nothing_left(marks: list[str]) -> None:
    """Nothing the submission started may outlive the grade (a 2 s grace for the kernel to
    finish tearing down a PID namespace); anything found is killed so it cannot spoil later
    tests, then reported."""
    deadline = time.monotonic() + 2.0
    left = hostile_processes(marks)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = hostile_processes(marks)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left behind after grading: {left}"


class Listeners:
    """Loopback endpoints a submission might try to reach: TCP, UDP and an abstract Unix
    socket. `received()` says what arrived (connections or datagrams)."""

    def __init__(self) -> None:
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(64)
        self.tcp.setblocking(False)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.setblocking(False)
        self.abstract_name = "quizprep-hostile-" + uuid.uuid4().hex
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind("\0" + self.abstract_name)
        self.abstract.listen(64)
        self.abstract.setblocking(False)

    @property
    def tcp_port(self) -> int:
        return int(self.tcp.getsockname()[1])

    @property
    def udp_port(self) -> int:
        return int(self.udp.getsockname()[1])

    def received(self) -> list[str]:
        got = []
        for name, listener in (("tcp", self.tcp), ("abstract unix", self.abstract)):
            while True:
                try:
                    connection, _ = listener.accept()
                except (BlockingIOError, InterruptedError):
                    break
                with connection:
                    connection.settimeout(0.2)
                    try:
                        data = connection.recv(1 << 16)
                    except OSError:
                        data = b""
                got.append(f"{name} connection carrying {data[:80]!r}")
        while True:
            try:
                data, sender = self.udp.recvfrom(1 << 16)
            except (BlockingIOError, InterruptedError):
                break
            got.append(f"udp datagram from {sender}: {data[:80]!r}")
        return got

    def close(self) -> None:
        for sock in (self.tcp, self.udp, self.abstract):
            sock.close()


@pytest.fixture(scope="module")
def listeners() -> Iterator[Listeners]:
    found = Listeners()
    yield found
    found.close()


@pytest.fixture(scope="module")
def secret_holder() -> Iterator[subprocess.Popen[bytes]]:
    """A process started with the secret in its environment, as a grader started by CI would
    be (a variable set later with putenv never shows in /proc/PID/environ, so the test's own
    process would prove nothing)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), SECRET_NAME: SECRET}
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"],
        env=env,
        stdin=subprocess.DEVNULL,
    )
    try:
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture(scope="module")
def var_tmp_pack() -> Iterator[Pack]:
    """The tiny pack outside /tmp: the sandbox gives each worker its own /tmp, which would keep
    a pack under /tmp out of sight even if hiding failed."""
    if not os.path.isdir("/var/tmp"):
        pytest.skip("there is no /var/tmp")
    root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-pack-", dir="/var/tmp"))
    try:
        yield load_pack(write_tiny_pack(root / "pack"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def isolation(tiny_pack: Pack) -> tuple[str, ...]:
    """The layers the sandbox reports here (a correct submission must pass)."""
    result = Grader(tiny_pack, seed=0).grade_source(
        CORRECT_TINY, tiny_pack.exercise("scaled_sum"), submission=SUBMISSION
    )
    assert result.status == "pass", result.checks
    return result.isolation


# ---------------------------------------------------------------------------------------------
# The hostile submissions. Templates: @MARK@ (unique per run), @OUTSIDE@ (a path outside the
# work folder that must never appear), @TCP@, @UDP@, @ABSTRACT@, @UNIX@ (listeners).

PRELUDE = """\
# hostile submission @MARK@
import ctypes as _qh_ctypes
import os as _qh_os

_qh_os.environ["QP_HOSTILE_MARK"] = "@MARK@"  # inherited by anything it execs
_qh_ctypes.CDLL(None).prctl(15, b"@MARK@", 0, 0, 0)  # PR_SET_NAME: inherited by its forks
"""


def new_mark() -> str:
    """A unique marker short enough to be a process name (15 bytes)."""
    return "qh" + uuid.uuid4().hex[:13]


# Helpers for forging the result protocol from inside the submission.
FORGE = """\
import json
import os
import struct


def _result_pipes():
    fds = []
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
            if int(name) > 2 and target.startswith(("pipe:", "socket:")):
                fds.append(int(name))
        except OSError:
            pass
    return fds


def _message(tree, blobs=()):
    header = json.dumps(tree).encode()
    body = struct.pack("<I", len(header)) + header
    for blob in blobs:
        body += struct.pack("<Q", len(blob)) + blob
    return body


def _send(raw):
    for fd in _result_pipes():
        try:
            os.write(fd, raw)
        except OSError:
            pass


def _frame(tree, blobs=()):
    body = _message(tree, blobs)
    return struct.pack("<Q", len(body)) + body
"""

DAEMON = """\
import os
import time


def _plant_daemon(close_fds):
    child = os.fork()
    if child == 0:
        os.setsid()
        if os.fork() == 0:
            if close_fds:
                os.closerange(0, 1024)
            time.sleep(1.0)
            with open("@OUTSIDE@", "w") as handle:
                handle.write("a daemon outlived its grade")
            time.sleep(60)
        os._exit(0)
    os.waitpid(child, 0)
"""


# Trying several things and reporting each: "could not ..." when every attempt failed, "managed
# to ..." as soon as one did (so an expectation of "could not" fails on any success).
ATTEMPT = """\
import os

DONE = []
FAILED = []


def _attempt(what, action):
    try:
        action()
    except (OSError, ImportError) as exc:
        FAILED.append(f"{what}: {getattr(exc, 'strerror', None) or exc}")
    else:
        DONE.append(what)


def _report():
    if DONE:
        raise RuntimeError("managed to " + "; ".join(DONE))
    raise RuntimeError("could not " + "; ".join(FAILED))
"""

# Every way a submission might get at the reference (and so pass by copying its output): import
# it by path, directly and through /proc's views of the root; import it as a module from its
# folder; read the mutant; list the folder; read pack.yaml. STOLEN holds the reference function
# once any import worked.
THIEF = (
    ATTEMPT
    + """
import importlib
import importlib.util
import sys

STOLEN = []


def _load(path):
    spec = importlib.util.spec_from_file_location("stolen_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    STOLEN.append(module.reference)


def _import_from_folder(folder):
    sys.path.insert(0, folder)
    try:
        STOLEN.append(importlib.import_module("scaled_sum").reference)
    finally:
        sys.path.remove(folder)


def _read(path):
    with open(path, "rb") as handle:
        handle.read()


def _steal():
    reference = "@REFERENCE@/scaled_sum.py"
    for root in ("", "/proc/self/root", "/proc/1/root"):
        _attempt(f"import {root}{reference}", lambda: _load(root + reference))
    _attempt("import scaled_sum from its folder", lambda: _import_from_folder("@REFERENCE@"))
    _attempt("read the mutant", lambda: _read("@REFERENCE@/mutants/scaled_sum/forgot_scale.py"))
    _attempt("list the reference folder", lambda: os.listdir("@REFERENCE@"))
    _attempt("read pack.yaml", lambda: _read("@PACK@/pack.yaml"))


def _copy_or_report(a, b, scale):
    if STOLEN:
        return STOLEN[0](a, b, scale)
    _report()
"""
)

# libc through ctypes, with the errno of a failed call raised as OSError.
LIBC = """\
import ctypes
import os
import platform

libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what=""):
    if result < 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}{': ' if what else ''}{os.strerror(number)}")
    return result
"""

# Printed, returned in an exception, and written to stderr: ANSI colours, clearing the screen, an
# OSC 52 clipboard write, an OSC window title, a C1 CSI, and a carriage return that overwrites
# the line with a fake "ok".
TERMINAL_ATTACK = """\
import sys

ESC, BEL, CR, CSI = chr(27), chr(7), chr(13), chr(0x9B)
CLIPBOARD = ESC + "]52;c;cm0gLXJmIH4=" + BEL
print(ESC + "[2J" + ESC + "[1;1H" + "ok   all checks passed" + CR + ESC + "[32mPASSED")
print(CLIPBOARD + CSI + "31m")
sys.stderr.write(ESC + "]0;quizprep: all passed" + BEL + "\\n")


def scaled_sum(a, b, scale):
    raise RuntimeError(ESC + "[2K" + CR + "PASSED " + CLIPBOARD + CSI + "2J")
"""

HELPERS = {
    "_plant_daemon": DAEMON,
    "the forging helpers": FORGE,
    "_attempt": ATTEMPT,
    "the reference thief": THIEF,
    "libc": LIBC,
}


@dataclass(frozen=True)
class Hostile:
    """One hostile submission and what its verdict must say.

    `expect`: every item must occur (case-insensitively) in the message of the first check
    that did not pass; "a|b" means either. `status`: the exact status, where it is certain.
    `settle`: seconds to wait before looking for delayed effects (a daemon's late write).
    `pack`: "tmp" grades with the tiny pack under /tmp (which the sandbox replaces with its own
    /tmp), "var-tmp" with a copy under /var/tmp, so that only the hiding keeps it unreadable."""

    source: str
    expect: tuple[str, ...]
    status: str | None = None
    timeout: float | None = None
    needs_pid_namespace: bool = False
    settle: float = 0.0
    pack: str = "tmp"


def hostile(
    id: str,
    source: str,
    *expect: str,
    marks: tuple[pytest.MarkDecorator, ...] = (),
    **kw: object,
) -> object:
    """A parametrize entry; a source whose first line says "# uses a, b" gets those helpers
    (HELPERS) prepended."""
    body = dedent(source)
    if body.startswith("# uses "):
        names = body.splitlines()[0].removeprefix("# uses ").split(", ")
        body = "\n".join(HELPERS[name] for name in names) + "\n" + body
    return pytest.param(Hostile(body, expect, **kw), id=id, marks=marks)  # type: ignore[arg-type]


SYSCALL_SETUP = {
    "": "",
    "IOV": (
        "BUFFER = ctypes.create_string_buffer(8)\n"
        "IOV = (ctypes.c_void_p * 2)(ctypes.addressof(BUFFER), 8)  # the same address in pid 1\n"
    ),
    "PERF": (
        "import struct\n\n"
        "PERF = ctypes.create_string_buffer(struct.pack('IIQ', 1, 128, 0) + bytes(112))\n"
        "MINUS_ONE = ctypes.c_int(-1)\n"
    ),
    "HANDLE": (
        "import struct\n\n"
        "HANDLE = ctypes.create_string_buffer(struct.pack('Ii', 8, 1) + bytes(8))\n"
    ),
}


def syscall_case(name: str, numbers: tuple[int, int], args: str, setup: str) -> object:
    """A submission that makes one system call seccomp denies (numbers for x86_64, aarch64)
    and raises its errno: the verdict must be that PermissionError, nothing worse."""
    source = (
        "# uses libc\n"
        + SYSCALL_SETUP[setup]
        + f"NUMBER = {{'x86_64': {numbers[0]}, 'aarch64': {numbers[1]}}}[platform.machine()]\n\n\n"
        + "def scaled_sum(a, b, scale):\n"
        + f"    _check(libc.syscall(NUMBER, {args}), {name!r})\n"
        + f"    raise RuntimeError({name + ' succeeded'!r})\n"
    )
    expect = f"raised PermissionError: [Errno 1] {name}: Operation not permitted"
    return hostile(f"syscall-{name}", source, expect, status="error")


CASES = [
    # --- time ------------------------------------------------------------------------------
    hostile(
        "infinite-loop",
        """
        def scaled_sum(a, b, scale):
            while True:
                pass
        """,
        "did not finish within 3 s",
        status="timeout",
        timeout=3,
    ),
    hostile(
        "infinite-loop-at-import",
        """
        while True:
            pass


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "did not finish within 3 s",
        status="timeout",
        timeout=3,
    ),
    hostile(
        "sleep-ignoring-signals",
        """
        import signal
        import time

        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)


        def scaled_sum(a, b, scale):
            time.sleep(10**6)
        """,
        "did not finish within 3 s",
        status="timeout",
        timeout=3,
    ),
    # --- memory ----------------------------------------------------------------------------
    hostile(
        "bytearray-8-gib",
        """
        def scaled_sum(a, b, scale):
            hog = bytearray(8 * 2**30)
            return scale * (a + b) + len(hog)
        """,
        "ran out of memory",
        status="memory",
    ),
    hostile(
        "numpy-ones-2-pow-31",
        """
        import numpy as np


        def scaled_sum(a, b, scale):
            hog = np.ones(2**31)
            return scale * (a + b) + hog[0]
        """,
        "ran out of memory",
        status="memory",
    ),
    hostile(
        "heap-grows-until-refused",
        """
        hog = []
        while True:
            hog.append(bytearray(16 << 20))


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "ran out of memory",
        status="memory",
    ),
    hostile(
        # RLIMIT_DATA does not count shared mappings: 768 MiB here, 1.5x the exercise's 512 MiB.
        "shared-anonymous-mmap-768-mib",
        """
        import mmap

        import numpy as np

        hog = mmap.mmap(-1, 768 << 20)
        np.frombuffer(hog, dtype=np.uint8)[:] = 1  # touch every page


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "memory",
        status="memory",
    ),
    hostile(
        "returns-72-mib",
        """
        import numpy as np


        def scaled_sum(a, b, scale):
            big = np.zeros(1 << 20)
            return [big] * 9
        """,
        "returned more than 64 MiB",
    ),
    # --- processes -------------------------------------------------------------------------
    hostile(
        "setsid-double-fork-daemon-keeping-pipes",
        """
        # uses _plant_daemon
        _plant_daemon(close_fds=False)


        def scaled_sum(a, b, scale):
            raise RuntimeError("a daemon was planted")
        """,
        "raised RuntimeError: a daemon was planted",
        status="error",
        settle=1.5,
    ),
    hostile(
        "setsid-double-fork-daemon-closing-fds",
        """
        # uses _plant_daemon

        def scaled_sum(a, b, scale):
            _plant_daemon(close_fds=True)
            raise RuntimeError("a daemon was planted")
        """,
        "raised RuntimeError: a daemon was planted",
        status="error",
        settle=1.5,
    ),
    hostile(
        "popen-sleep-left-behind",
        """
        import subprocess

        started = []


        def scaled_sum(a, b, scale):
            if not started:
                started.append(subprocess.Popen(["sleep", "60"]))
                started.append(
                    subprocess.Popen(
                        ["sleep", "61"],
                        start_new_session=True,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            raise RuntimeError(f"started {len(started)} sleepers")
        """,
        "raised RuntimeError: started 2 sleepers",
        status="error",
    ),
    hostile(
        "fork-bomb-50-sleepers",
        """
        import os
        import time

        children = []
        for _ in range(50):
            pid = os.fork()
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            children.append(pid)


        def scaled_sum(a, b, scale):
            raise RuntimeError(f"forked {len(children)} children")
        """,
        "raised RuntimeError: forked 50 children",
        status="error",
    ),
    hostile(
        "kill-own-process-group",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            os.killpg(0, signal.SIGKILL)
            return scale * (a + b)
        """,
        "killed",
        needs_pid_namespace=True,
    ),
    hostile(
        "kill-parent",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            parent = os.getppid()
            if parent:  # 0 when the parent is outside our PID namespace (kill(0) is our group)
                os.kill(parent, signal.SIGKILL)
            raise RuntimeError("survived killing the parent")
        """,
        "survived killing the parent|not permitted",
        status="error",
        needs_pid_namespace=True,
    ),
    hostile(
        "kill-pid-1",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            os.kill(1, signal.SIGKILL)
            raise RuntimeError("survived killing pid 1")
        """,
        "survived killing pid 1|not permitted",
        status="error",
        needs_pid_namespace=True,
    ),
    hostile(
        "kill-minus-1",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError as exc:  # nothing else it may signal
                raise RuntimeError(f"survived kill(-1): {exc}") from None
            raise RuntimeError("survived kill(-1)")
        """,
        "survived kill(-1)",
        status="error",
        needs_pid_namespace=True,
    ),
    hostile(
        "kill-grader-by-host-pid",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            tried = 0
            for name in filter(str.isdigit, os.listdir("/proc")):
                try:
                    cmdline = open(f"/proc/{name}/cmdline", "rb").read()
                except OSError:
                    continue
                if b"pytest" in cmdline or b"setpriv" in cmdline:
                    tried += 1
                    try:
                        os.kill(int(name), signal.SIGKILL)
                    except OSError:
                        pass
            raise RuntimeError(f"survived; tried {tried}")
        """,
        "raised RuntimeError: survived",
        status="error",
        needs_pid_namespace=True,
    ),
    # --- exiting ---------------------------------------------------------------------------
    hostile(
        "sys-exit-at-import",
        """
        import sys

        sys.exit(0)


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "importing the file failed",
        "sys.exit",
        status="error",
    ),
    hostile(
        "sys-exit-in-function",
        """
        import sys


        def scaled_sum(a, b, scale):
            sys.exit(0)
        """,
        "called sys.exit()",
        status="error",
    ),
    hostile(
        "os-exit-at-import",
        """
        import os

        os._exit(0)


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "exited before loading the submission",
        status="error",
    ),
    hostile(
        "os-exit-in-function",
        """
        import os


        def scaled_sum(a, b, scale):
            os._exit(0)
        """,
        "ended the worker before this case finished",
        status="error",
    ),
    hostile(
        "segfault-in-function",
        """
        import ctypes


        def scaled_sum(a, b, scale):
            return ctypes.string_at(0)
        """,
        "segmentation fault",
        status="error",
    ),
    hostile(
        "segfault-at-import",
        """
        import ctypes

        ctypes.string_at(0)


        def scaled_sum(a, b, scale):
            return scale * (a + b)
        """,
        "segmentation fault",
        status="error",
    ),
    # --- output ----------------------------------------------------------------------------
    hostile(
        "prints-11-mib",
        """
        def scaled_sum(a, b, scale):
            print("x" * (11 << 20))
            return scale * (a + b)
        """,
        "printed more than 4 MiB",
        status="error",
    ),
    hostile(
        "prints-forever",
        """
        import sys


        def scaled_sum(a, b, scale):
            while True:
                sys.stderr.write("y" * 65536)
        """,
        "printed more than 4 MiB",
        status="error",
        timeout=3,
    ),
    # --- lying about the answer ------------------------------------------------------------
    hostile(
        "patches-numpy-comparisons",
        """
        import numpy as np
        import numpy.testing

        np.allclose = lambda *args, **kwargs: True
        np.isclose = lambda *args, **kwargs: True
        np.array_equal = lambda *args, **kwargs: True
        numpy.testing.assert_allclose = lambda *args, **kwargs: None
        numpy.testing.assert_array_equal = lambda *args, **kwargs: None


        def scaled_sum(a, b, scale):
            return np.full_like(a, 12345.0)
        """,
        "values differ",
        status="fail",
    ),
    hostile(
        "object-equal-to-everything",
        """
        class AlwaysEqual:
            def __eq__(self, other):
                return True

            def __ne__(self, other):
                return False

            __hash__ = object.__hash__


        def scaled_sum(a, b, scale):
            return AlwaysEqual()
        """,
        "returned a AlwaysEqual object|an AlwaysEqual object",
        status="fail",
    ),
    hostile(
        "ndarray-subclass-lying",
        """
        import numpy as np


        class Liar(np.ndarray):
            def __eq__(self, other):
                return np.ones(np.shape(other), dtype=bool)

            def __ne__(self, other):
                return np.zeros(np.shape(other), dtype=bool)

            def __array__(self, dtype=None, copy=None):
                return np.zeros(0)

            def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
                return True


        def scaled_sum(a, b, scale):
            return np.zeros_like(a).view(Liar)
        """,
        # read as the plain array it is a view of (zeros), whatever its methods say
        "values differ",
        status="fail",
    ),
    hostile(
        "numpy-scalar-subclass",
        """
        import numpy as np


        class Sly(np.float64):
            def __eq__(self, other):
                return True


        def scaled_sum(a, b, scale):
            return Sly(0.0)
        """,
        # read as the plain number it is (0.0), whatever its __eq__ says
        "shape (), expected (3,)",
        status="fail",
    ),
    hostile(
        "returns-codec-escape-dict",
        """
        def scaled_sum(a, b, scale):
            return {"__npy__": 0, "__tuple__": [1, 2]}
        """,
        "returned a dict with a key starting with '__' object",
        status="fail",
    ),
    hostile(
        "returns-nan",
        """
        import numpy as np


        def scaled_sum(a, b, scale):
            return np.full_like(a, np.nan)
        """,
        "NaN at",
        status="fail",
    ),
    hostile(
        "returns-string",
        """
        def scaled_sum(a, b, scale):
            return "PASSED"
        """,
        "got str 'PASSED'",
        status="fail",
    ),
    hostile(
        "returns-none",
        """
        def scaled_sum(a, b, scale):
            return None
        """,
        "got None",
        status="fail",
    ),
    hostile(
        "returns-dict",
        """
        def scaled_sum(a, b, scale):
            return {"status": "pass", "score": 1.0}
        """,
        "got a dict with keys",
        status="fail",
    ),
    hostile(
        "returns-generator",
        """
        def scaled_sum(a, b, scale):
            yield scale * (a + b)
        """,
        "returned a generator object",
        status="fail",
    ),
    # --- not a valid submission ------------------------------------------------------------
    hostile(
        "syntax-error",
        """
        def scaled_sum(a, b, scale)
            return scale * (a + b)
        """,
        "syntax error",
        status="invalid",
    ),
    hostile(
        "missing-function",
        """
        def scaled_total(a, b, scale):
            return scale * (a + b)
        """,
        "no function named scaled_sum()",
        "scaled_total",
        status="invalid",
    ),
    # --- forging the result protocol -------------------------------------------------------
    hostile(
        "forged-done-frame",
        """
        # uses the forging helpers

        import time


        def scaled_sum(a, b, scale):
            _send(_frame({"event": "done"}))
            time.sleep(60)  # the grader must stop at "done" and kill it, not wait
        """,
        "no result was reported",
        status="error",
        timeout=3,
    ),
    hostile(
        "forged-npy-header-declaring-terabytes",
        """
        # uses the forging helpers
        import io

        from numpy.lib import format as npy_format


        def scaled_sum(a, b, scale):
            header = io.BytesIO()
            npy_format.write_array_header_1_0(
                header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
            )
            value = {"__npy__": 0}
            case = {"event": "case", "index": 0, "value": value, "seconds": 0.0}
            _send(_frame(case, [header.getvalue() + bytes(8)]))
            return scale * (a + b) + 1.0
        """,
        "malformed",
        "declares",
        status="error",
    ),
    hostile(
        "forged-frame-declaring-2-gib",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            _send((2 << 30).to_bytes(8, "little") + b"{}")
            return scale * (a + b) + 1.0
        """,
        "malformed",
        "frame too large",
        status="error",
    ),
    hostile(
        "forged-truncated-frame-swallowing-the-rest",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            _send((100 << 20).to_bytes(8, "little"))
            return scale * (a + b) + 1.0
        """,
        "malformed|truncated|incomplete",
        status="error",
    ),
    hostile(
        "forged-bad-json-and-unknown-event",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            _send(_frame({"event": "pass", "score": 1.0}))
            return scale * (a + b) + 1.0
        """,
        "unknown message",
        status="error",
    ),
    hostile(
        # {"__tuple__": 5} makes codec raise TypeError, which the runner does not catch.
        "forged-tuple-of-a-number",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            case = {"event": "case", "index": 0, "value": {"__tuple__": 5}, "seconds": 0.0}
            _send(_frame(case))
            return scale * (a + b) + 1.0
        """,
        "malformed",
        status="error",
    ),
    hostile(
        # the fields of issue 13 (changed inputs, an exception's MRO), forged huge and ill-typed
        "forged-modified-inputs-and-exception-bases",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            modified = [[10**400, "x"], ["a", 5], [None, ""], *([[0, "y" * 1000]] * 1000)]
            error = {"type": "ValueError", "bases": [{"a": 1}] * 100000, "raised_here": "yes"}
            _send(_frame({"event": "case", "index": 0, "error": error, "modified": modified,
                          "seconds": 0.0}))
            _send(_frame({"event": "case", "index": 1, "value": [1.0], "modified": modified,
                          "seconds": 0.0}))
            return scale * (a + b)
        """,
        "raised ValueError|malformed|modified",
        status="error",
    ),
    hostile(
        # float() of a 400-digit int raises OverflowError in the runner's _apply.
        "forged-seconds-beyond-float",
        """
        # uses the forging helpers

        def scaled_sum(a, b, scale):
            case = {"event": "case", "index": 0, "value": 1.0, "seconds": 10**400}
            _send(_frame(case))
            return scale * (a + b) + 1.0
        """,
        "malformed|shape (), expected (3,)",
    ),
    hostile(
        "stdout-duplicated-onto-result-pipe",
        """
        # uses the forging helpers
        import sys


        def scaled_sum(a, b, scale):
            for fd in _result_pipes():
                os.dup2(fd, 1)
            print("PASSED " * 100, flush=True)
            return scale * (a + b)
        """,
        "malformed",
        status="error",
    ),
    # --- network ---------------------------------------------------------------------------
    hostile(
        "tcp-connect-loopback",
        """
        import socket


        def scaled_sum(a, b, scale):
            with socket.create_connection(("127.0.0.1", @TCP@), timeout=1) as sock:
                sock.sendall(b"@MARK@ tcp")
            return scale * (a + b)
        """,
        "raised",
        "unreachable|refused|denied|not permitted",
        status="error",
    ),
    hostile(
        "udp-sendto-loopback",
        """
        import socket


        def scaled_sum(a, b, scale):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.sendto(b"@MARK@ udp", ("127.0.0.1", @UDP@))
            return scale * (a + b)
        """,
        "raised",
        "unreachable|refused|denied|not permitted",
        status="error",
    ),
    hostile(
        "abstract-unix-socket",
        """
        import socket


        def scaled_sum(a, b, scale):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(chr(0) + "@ABSTRACT@")
            sock.sendall(b"@MARK@ unix")
            return scale * (a + b)
        """,
        "raised",
        "refused|denied|not permitted",
        status="error",
    ),
    hostile(
        "unix-socket-path",
        """
        import socket


        def scaled_sum(a, b, scale):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect("@UNIX@")
            sock.sendall(b"@MARK@ unix path")
            return scale * (a + b)
        """,
        "raised",
        "refused|denied|not permitted|no such file",
        status="error",
    ),
    # --- the machine -----------------------------------------------------------------------
    hostile(
        "writes-outside-work-folder",
        """
        def scaled_sum(a, b, scale):
            with open("@OUTSIDE@", "w") as handle:
                handle.write("escaped")
            raise RuntimeError("wrote outside")
        """,
        "raised",
        status="error",
    ),
    hostile(
        "reads-environment-secrets",
        """
        import os

        NAME = "QUIZPREP_TEST_SECRET"


        def scaled_sum(a, b, scale):
            found = [f"environ={os.environ[NAME]}"] if NAME in os.environ else []
            readable = 0
            for pid in os.listdir("/proc"):
                try:
                    with open(f"/proc/{pid}/environ", "rb") as handle:
                        data = handle.read()
                except OSError:
                    continue
                readable += 1
                found += [
                    f"{pid}:{item.decode()}"
                    for item in data.split(bytes(1))
                    if item.startswith(NAME.encode())
                ]
            print("found", found)
            raise RuntimeError(f"found {found} in {readable} readable environ files")
        """,
        "raised RuntimeError: found []",
        status="error",
    ),
    hostile(
        "reads-stdin",
        """
        import os
        import sys


        def scaled_sum(a, b, scale):
            text = sys.stdin.read()
            raw = os.read(0, 100)
            try:
                line = input()
            except EOFError:
                line = "EOF"
            raise RuntimeError(f"stdin gave {text!r}, {raw!r}, {line}")
        """,
        "stdin gave '', b'', EOF",
        status="error",
        timeout=3,
    ),
    # --- being a worker: forged "PASSED" output, a private empty work folder ---------------
    hostile(
        "prints-a-passing-report",
        """
        import json

        print("ok   scaled_sum.py  [scaled_sum]  pass  5/5 checks  (numpy on cpu, 0.01 s)")
        print("1/1 passed (seed 0)")
        print(json.dumps({"status": "pass", "score": 1.0, "tests": []}))


        def scaled_sum(a, b, scale):
            return scale * (a + b) + 1.0
        """,
        "values differ",
        status="fail",
    ),
    hostile(
        "looks-around-the-work-folder",
        """
        import os


        def scaled_sum(a, b, scale):
            raise RuntimeError(f"the work folder holds {sorted(os.listdir('.'))}")
        """,
        "raised RuntimeError: the work folder holds ['scaled_sum.py']",
        status="error",
    ),
    # --- disk and descriptors (private size-capped tmpfs, RLIMIT_FSIZE, RLIMIT_NOFILE) -----
    hostile(
        "fills-the-work-folder",
        """
        import os

        REPORT = []


        def _fill():
            size = os.statvfs(".")
            total = size.f_blocks * size.f_frsize >> 20
            written = 0
            try:
                for index in range(10**6):
                    with open(f"fill-{index}", "wb") as handle:
                        handle.write(bytes(1 << 20))
                    written += 1
            except OSError as exc:
                REPORT.append(f"wrote {written} MiB into a {total} MiB filesystem: {exc.strerror}")


        def scaled_sum(a, b, scale):
            if not REPORT:
                _fill()
            raise RuntimeError(REPORT[0])
        """,
        "into a 64 MiB filesystem: No space left on device",
        status="error",
    ),
    hostile(
        "writes-one-file-beyond-the-size-limit",
        """
        def scaled_sum(a, b, scale):
            with open("big", "wb") as handle:
                for _ in range(32):
                    handle.write(bytes(1 << 20))
                    handle.flush()
            raise RuntimeError("wrote a 32 MiB file")
        """,
        "raised OSError: [Errno 27] File too large",
        status="error",
    ),
    hostile(
        "opens-files-until-refused",
        """
        import os

        held = []


        def scaled_sum(a, b, scale):
            while len(held) < 100000:
                held.append(os.open("/dev/null", os.O_RDONLY))
            raise RuntimeError(f"opened {len(held)} files")
        """,
        "raised OSError: [Errno 24] Too many open files",
        status="error",
    ),
    # --- writing outside the work folder, to places the grader's user may write ------------
    hostile(
        "writes-into-the-package",
        """
        def scaled_sum(a, b, scale):
            with open("@REPO_FILE@", "w") as handle:
                handle.write("print('planted by a submission')")
            raise RuntimeError("wrote into the package")
        """,
        "Read-only file system|Permission denied|No such file or directory",
        status="error",
    ),
    hostile(
        "writes-into-the-graders-home",
        """
        def scaled_sum(a, b, scale):
            with open("@HOME_FILE@", "w") as handle:
                handle.write("planted by a submission")
            raise RuntimeError("wrote into the grader's home")
        """,
        "Read-only file system|Permission denied|No such file or directory",
        status="error",
    ),
    hostile(
        "writes-to-var-tmp",
        """
        def scaled_sum(a, b, scale):
            with open("@OUTSIDE_VAR@", "w") as handle:
                handle.write("escaped")
            raise RuntimeError("wrote to /var/tmp")
        """,
        "Read-only file system|Permission denied|No such file or directory",
        status="error",
    ),
    hostile(
        "writes-to-dev-shm",
        """
        def scaled_sum(a, b, scale):
            with open("@SHM_FILE@", "w") as handle:
                handle.write("escaped")
            raise RuntimeError("wrote to /dev/shm")
        """,
        # the job's own, private /dev/shm: `Outside.check` proves the host's got nothing
        "Read-only file system|Permission denied|No such file|wrote to /dev/shm",
        status="error",
    ),
    hostile(
        "modifies-a-file-the-grader-owns",
        """
        # uses _attempt
        import time


        def _append():
            with open("@EXISTING@", "a") as handle:
                handle.write("appended by a submission")


        def scaled_sum(a, b, scale):
            if not FAILED:
                path = "@EXISTING@"
                _attempt("append", _append)
                _attempt("open for writing", lambda: os.close(os.open(path, os.O_WRONLY)))
                _attempt("truncate", lambda: os.truncate(path, 0))
                _attempt("chmod", lambda: os.chmod(path, 0o777))
                _attempt("touch", lambda: os.utime(path, (time.time(), time.time())))
                _attempt("rename", lambda: os.rename(path, path + ".moved"))
                _attempt("unlink", lambda: os.unlink(path))
            _report()
        """,
        "raised RuntimeError: could not append",
        "Read-only file system|Permission denied|No such file or directory",
        status="error",
    ),
    hostile(
        "writes-through-a-symlink",
        """
        # uses _attempt


        def _write(path, mode="w"):
            with open(path, mode) as handle:
                handle.write("written through a symlink")


        def scaled_sum(a, b, scale):
            if not FAILED:
                os.symlink("@OUTSIDE_VAR@", "to-new-file")
                os.symlink("@EXISTING@", "to-existing-file")
                os.symlink("@REPO_FILE@", "to-package")
                _attempt("create through a symlink", lambda: _write("to-new-file"))
                _attempt("append through a symlink", lambda: _write("to-existing-file", "a"))
                _attempt("create in the package", lambda: _write("to-package"))
                _attempt("plant a symlink outside", lambda: os.symlink(".", "@OUTSIDE_VAR@"))
            _report()
        """,
        "raised RuntimeError: could not create through a symlink",
        "Read-only file system|Permission denied|No such file or directory",
        status="error",
    ),
    hostile(
        "hard-links-and-moves",
        """
        # uses _attempt


        def scaled_sum(a, b, scale):
            if not FAILED:
                with open("mine", "w") as handle:
                    handle.write("mine")
                _attempt("link the grader's file in", lambda: os.link("@EXISTING@", "stolen"))
                _attempt("link a file out", lambda: os.link("mine", "@OUTSIDE_VAR@"))
                _attempt("move a file out", lambda: os.rename("mine", "@OUTSIDE_VAR@"))
                _attempt("make a fifo outside", lambda: os.mkfifo("@OUTSIDE_VAR@"))
            _report()
        """,
        "raised RuntimeError: could not link the grader's file in",
        "Invalid cross-device link|Read-only file system|Permission denied|No such file",
        status="error",
    ),
    # --- reading the reference (hidden folders); the pack under /tmp and outside it --------
    hostile(
        "reads-the-reference",
        """
        # uses the reference thief


        def scaled_sum(a, b, scale):
            if not FAILED:
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not import",
        "No such file|Permission denied",
        status="error",
    ),
    hostile(
        "reads-the-reference-outside-tmp",
        """
        # uses the reference thief


        def scaled_sum(a, b, scale):
            if not FAILED:
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not import",
        "Permission denied",
        status="error",
        pack="var-tmp",
    ),
    # --- undoing the hiding (seccomp denies mounts and namespaces) -------------------------
    hostile(
        "umounts-the-hidden-folders",
        """
        # uses the reference thief, libc


        def scaled_sum(a, b, scale):
            if not FAILED:
                for path in ("@REFERENCE@", "@PACK@"):
                    for flags in (0, 2):  # MNT_DETACH
                        _attempt(
                            f"umount {path}",
                            lambda: _check(libc.umount2(path.encode(), flags), "umount2"),
                        )
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not umount",
        "umount2: Operation not permitted",
        status="error",
        pack="var-tmp",
    ),
    hostile(
        "mounts-proc-and-binds-the-reference",
        """
        # uses the reference thief, libc


        def _mount(source, target, fstype, flags):
            os.makedirs(target, exist_ok=True)
            encoded = fstype.encode() if fstype else None
            _check(libc.mount(source.encode(), target.encode(), encoded, flags, None), "mount")


        def _read_bound():
            with open("bound/scaled_sum.py") as handle:
                handle.read()


        def scaled_sum(a, b, scale):
            if not FAILED:
                _attempt("mount a new proc", lambda: _mount("proc", "proc", "proc", 0))
                bind = 4096 | 16384  # MS_BIND | MS_REC
                _attempt("bind the reference", lambda: _mount("@REFERENCE@", "bound", None, bind))
                remount = 32 | 4096  # MS_REMOUNT | MS_BIND, without MS_RDONLY
                _attempt("remount / writable", lambda: _mount("/", "/", None, remount))
                _attempt("read the bound reference", _read_bound)
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not mount a new proc",
        "mount: Operation not permitted",
        status="error",
        pack="var-tmp",
    ),
    hostile(
        "unshares-then-umounts",
        """
        # uses the reference thief, libc
        import subprocess

        NEWUSER_NEWNS = 0x10000000 | 0x00020000


        def _unshare_command():
            script = "umount -l @PACK@; umount -l @REFERENCE@; cat @REFERENCE@/scaled_sum.py"
            ran = subprocess.run(
                ["unshare", "-Urm", "sh", "-c", script], capture_output=True, timeout=5
            )
            if b"def reference" not in ran.stdout:
                raise OSError(0, ran.stderr.decode(errors="replace").strip()[:200])


        def scaled_sum(a, b, scale):
            if not FAILED:
                _attempt("unshare", lambda: _check(libc.unshare(NEWUSER_NEWNS), "unshare"))
                _attempt("umount", lambda: _check(libc.umount2(b"@PACK@", 2), "umount2"))
                _attempt("run unshare -Urm", _unshare_command)
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not unshare",
        "unshare: Operation not permitted",
        status="error",
        pack="var-tmp",
    ),
    hostile(
        "setns-into-other-namespaces",
        """
        # uses the reference thief, libc


        def _setns(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                _check(libc.setns(fd, 0), "setns")
            finally:
                os.close(fd)


        def scaled_sum(a, b, scale):
            if not FAILED:
                _attempt("setns into our own mount namespace", lambda: _setns("/proc/self/ns/mnt"))
                _attempt("setns into pid 1's user namespace", lambda: _setns("/proc/1/ns/user"))
                _attempt("setns into pid 1's mount namespace", lambda: _setns("/proc/1/ns/mnt"))
                _steal()
            return _copy_or_report(a, b, scale)
        """,
        "raised RuntimeError: could not setns",
        "setns: Operation not permitted",
        status="error",
        pack="var-tmp",
    ),
    # --- ptrace, process_vm_*, and other denied system calls (seccomp) ---------------------
    hostile(
        "ptrace-and-memory-of-a-sibling-and-pid-1",
        """
        # uses _attempt, libc
        import signal
        import time

        PTRACE_SEIZE = 0x4206


        def _read_memory(pid):
            with open(f"/proc/{pid}/mem", "rb") as handle:
                handle.read(1)


        def scaled_sum(a, b, scale):
            if not FAILED:
                sibling = os.fork()
                if sibling == 0:
                    time.sleep(60)
                    os._exit(0)
                try:
                    for pid in (sibling, 1):
                        _attempt(
                            f"ptrace {'pid 1' if pid == 1 else 'a sibling'}",
                            lambda: _check(libc.ptrace(PTRACE_SEIZE, pid, 0, 0), "ptrace"),
                        )
                    _attempt("read pid 1's memory", lambda: _read_memory(1))
                finally:
                    os.kill(sibling, signal.SIGKILL)
                    os.waitpid(sibling, 0)
            _report()
        """,
        "raised RuntimeError: could not ptrace a sibling: ptrace: Operation not permitted",
        "ptrace pid 1: ptrace: Operation not permitted",
        "read pid 1's memory: Permission denied",
        status="error",
    ),
    *(
        syscall_case(name, numbers, args, setup)
        for name, numbers, args, setup in (
            ("ptrace-attach-pid-1", (101, 117), "16, 1, 0, 0", ""),  # PTRACE_ATTACH
            ("process_vm_readv", (310, 270), "1, IOV, 1, IOV, 1, 0", "IOV"),
            ("process_vm_writev", (311, 271), "1, IOV, 1, IOV, 1, 0", "IOV"),
            ("io_uring_setup", (425, 425), "8, ctypes.create_string_buffer(120)", ""),
            ("bpf", (321, 280), "0, ctypes.create_string_buffer(72), 72", ""),
            ("userfaultfd", (323, 282), "0", ""),
            ("perf_event_open", (298, 241), "PERF, 0, MINUS_ONE, MINUS_ONE, 0", "PERF"),
            ("keyctl", (250, 219), "0, ctypes.c_int(-3), 1", ""),  # the session keyring
            ("add_key", (248, 217), 'b"user", b"qp", b"secret", 6, ctypes.c_int(-3)', ""),
            ("finit_module", (313, 273), "0, b'', 0", ""),
            ("open_by_handle_at", (304, 265), "os.open('/', os.O_RDONLY), HANDLE, 0", "HANDLE"),
            ("clone-new-user-namespace", (56, 220), "0x10000000 | 17, 0, 0, 0, 0", ""),
            ("x32-abi-umount2", (0x40000000 | 166, 39), "b'/', 2", ""),
        )
    ),
    hostile(
        "clone3",
        """
        # uses libc
        NUMBER = 435


        def scaled_sum(a, b, scale):
            _check(libc.syscall(NUMBER, ctypes.create_string_buffer(88), 88), "clone3")
            raise RuntimeError("clone3 succeeded")
        """,
        "raised OSError: [Errno 38] clone3: Function not implemented",
        status="error",
    ),
    hostile(
        "netlink-socket",
        """
        import socket


        def scaled_sum(a, b, scale):
            socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)
            return scale * (a + b)
        """,
        "raised PermissionError: [Errno 1] Operation not permitted",
        status="error",
    ),
    # --- signals: pid 1, the zygote (PID namespace, Landlock signal scoping) ---------------
    hostile(
        "signals-pid-1-and-parent",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            results = []
            for target in {1, os.getppid()} - {0}:  # 0: the parent is not in our namespace
                for sig in (
                    signal.SIGTERM,
                    signal.SIGINT,
                    signal.SIGHUP,
                    signal.SIGUSR1,
                    signal.SIGSEGV,
                    signal.SIGSTOP,
                    signal.SIGALRM,  # pid 1's own backstop handler
                    signal.SIGCHLD,
                ):
                    try:
                        os.kill(target, sig)
                        results.append(f"{target}:{sig.name}:sent")
                    except OSError as exc:
                        results.append(f"{target}:{sig.name}:{exc.strerror}")
            raise RuntimeError("survived signalling pid 1: " + " ".join(results))
        """,
        "survived signalling pid 1|ended the worker",
        status="error",
        needs_pid_namespace=True,
    ),
    hostile(
        "kills-the-zygote-by-name",
        """
        import os
        import signal


        def scaled_sum(a, b, scale):
            tried = []
            for name in filter(str.isdigit, os.listdir("/proc")):
                if int(name) == os.getpid():
                    continue
                try:
                    with open(f"/proc/{name}/cmdline", "rb") as handle:
                        cmdline = handle.read()
                except OSError:
                    continue
                if b"zygote" in cmdline:
                    try:
                        os.kill(int(name), signal.SIGKILL)
                        tried.append(f"{name}: sent")
                    except OSError as exc:
                        tried.append(f"{name}: {exc.strerror}")
            raise RuntimeError(f"survived; tried {tried}")
        """,
        "raised RuntimeError: survived",
        status="error",
        needs_pid_namespace=True,
    ),
    # --- forging descriptors and events on the event socket --------------------------------
    hostile(
        "sends-descriptors-over-the-event-socket",
        """
        # uses the forging helpers
        import array
        import socket


        def scaled_sum(a, b, scale):
            pidfd = os.pidfd_open(os.getpid())
            sent, refused = 0, ""
            for fd in _result_pipes():
                try:
                    channel = socket.socket(fileno=os.dup(fd))  # no socket() call
                except OSError:
                    continue  # a pipe
                fds = array.array("i", ([0, 1, 2, fd, pidfd] * 51)[:253])
                rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)]
                try:
                    for _ in range(8):
                        channel.sendmsg([_frame({"event": "loaded"})], rights)
                        sent += len(fds)
                except OSError as exc:
                    refused = f" ({exc.strerror})"
                channel.close()
            raise RuntimeError(f"sent {sent} descriptors{refused}")
        """,
        # the forged "loaded" frames are refused as malformed (the point: no descriptor leaks)
        "raised RuntimeError: sent|malformed message (a second 'loaded')",
        status="error",
    ),
    hostile(
        "forges-a-spawned-event-naming-a-bystander",
        """
        # uses the forging helpers


        def scaled_sum(a, b, scale):
            _send(_frame({"event": "spawned", "pid": @HOLDER_PID@}))
            return scale * (a + b) + 1.0
        """,
        "values differ|unknown message",
    ),
    # --- environment and secrets: the grader's /proc ---------------------------------------
    hostile(
        "reads-the-graders-proc",
        """
        # uses _attempt


        def _read(path):
            with open(path, "rb") as handle:
                print(path, handle.read()[:4000])


        def scaled_sum(a, b, scale):
            if not FAILED:
                for pid in (@GRADER_PID@, @HOLDER_PID@, @ZYGOTE_PID@):
                    for part in ("environ", "cmdline"):
                        _attempt(f"read /proc/{pid}/{part}", lambda: _read(f"/proc/{pid}/{part}"))
                for pid in (1, os.getppid(), "self"):  # ours: nothing secret may be in them
                    for part in ("environ", "cmdline"):
                        try:
                            _read(f"/proc/{pid}/{part}")
                        except OSError:
                            pass
            _report()
        """,
        "raised RuntimeError: could not read /proc/",
        "No such file",
        status="error",
        needs_pid_namespace=True,
    ),
    # --- terminal injection (the verdict is checked here; the reports below) ---------------
    hostile(
        "terminal-escape-sequences",
        TERMINAL_ATTACK,
        "raised RuntimeError:",
        "PASSED",
        status="error",
    ),
]


def render(template: str, replacements: dict[str, str]) -> str:
    text = PRELUDE + template
    for key, value in replacements.items():
        text = text.replace(f"@{key}@", value)
    assert "@" not in text.replace("@MARK@", ""), "unfilled placeholder"
    return text


def first_failure(result: GradeResult) -> str:
    return next(c for c in result.checks if c.status != "pass").message


def assert_says(message: str, expect: tuple[str, ...]) -> None:
    for item in expect:
        options = item.split("|")
        assert any(o.lower() in message.lower() for o in options), (
            f"expected {item!r} in the message: {message!r}"
        )


class Outside:
    """Places outside the work folder that the grader's user can write and a submission must
    not: next to the tests (under /tmp), a fresh folder under /var/tmp holding one file the
    grader owns (whose bytes, mode, times and links must not change, and beside which nothing
    may appear), the package itself, the grader's home and /dev/shm."""

    def __init__(self, tmp: Path, tag: str, owner: int | None = None) -> None:
        self.outside = tmp / "outside" / "written-by-the-submission"
        self.outside.parent.mkdir()
        base = "/var/tmp" if os.path.isdir("/var/tmp") else str(tmp)
        self.root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-", dir=base))
        self.existing = self.root / "existing.txt"
        self.existing.write_text(ORIGINAL)
        os.utime(self.existing, (1_000_000_000, 1_000_000_000))
        self.files = (
            self.outside,
            self.root / "written-by-the-submission",
            PACKAGE_DIR / f"hostile-{tag}.py",
            Path.home() / f".quizprep-hostile-{tag}",
            Path("/dev/shm") / f"quizprep-hostile-{tag}",
        )
        if owner is not None:  # the grader runs as `owner`: it could write all of these
            for path in (self.outside.parent, self.root, self.existing):
                os.chown(path, owner, owner)
            os.chmod(self.outside.parent, 0o777)
            os.chmod(self.root, 0o755)
        self.stat = self.existing.stat()

    def replacements(self) -> dict[str, str]:
        return {
            "OUTSIDE": str(self.files[0]),
            "OUTSIDE_VAR": str(self.files[1]),
            "REPO_FILE": str(self.files[2]),
            "HOME_FILE": str(self.files[3]),
            "SHM_FILE": str(self.files[4]),
            "EXISTING": str(self.existing),
        }

    def check(self) -> None:
        """Nothing was written outside the work folder."""
        for path in self.files:
            assert not os.path.lexists(path), f"the submission wrote {path}"
        assert sorted(os.listdir(self.root)) == ["existing.txt"], os.listdir(self.root)
        assert self.existing.read_text() == ORIGINAL, "the grader's file was modified"
        now = self.existing.stat()
        for field in ("st_ino", "st_mode", "st_nlink", "st_uid", "st_mtime_ns", "st_size"):
            assert getattr(now, field) == getattr(self.stat, field), field

    def remove(self) -> None:
        for path in self.files:
            with contextlib.suppress(OSError):
                os.unlink(path)
        shutil.rmtree(self.root, ignore_errors=True)


def open_descriptors() -> int:
    """How many file descriptors this (the grader's) process has open."""
    return len(os.listdir("/proc/self/fd"))


def zygote_pid(grader: Grader) -> int:
    """The warm numpy zygote that serves `grader` (started if need be)."""
    return int(shared_pool().zygote("numpy").process.pid)


@pytest.mark.parametrize("case", CASES)
def test_hostile_submission(
    case: Hostile,
    tiny_pack: Pack,
    var_tmp_pack: Pack,
    tmp_path: Path,
    listeners: Listeners,
    secret_holder: subprocess.Popen[bytes],
    isolation: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if case.needs_pid_namespace and "pid namespace" not in isolation:
        pytest.skip("without a PID namespace this would signal the test runner itself")
    pack = var_tmp_pack if case.pack == "var-tmp" else tiny_pack
    exercise = pack.exercise("scaled_sum")
    mark = new_mark()
    outside = Outside(tmp_path, mark)
    unix_path = tmp_path / "unix.sock"
    unix_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix_listener.bind(str(unix_path))
    unix_listener.listen(8)
    unix_listener.setblocking(False)
    os.chmod(unix_path, 0o777)
    monkeypatch.setenv(SECRET_NAME, SECRET)
    grader = Grader(pack, seed=0, timeout=case.timeout)
    zygote = zygote_pid(grader)
    source = render(
        case.source,
        {
            "MARK": mark,
            "TCP": str(listeners.tcp_port),
            "UDP": str(listeners.udp_port),
            "ABSTRACT": listeners.abstract_name,
            "UNIX": str(unix_path),
            "REFERENCE": str(pack.reference_dir),
            "PACK": str(pack.root),
            "GRADER_PID": str(os.getpid()),
            "HOLDER_PID": str(secret_holder.pid),
            "ZYGOTE_PID": str(zygote),
            **outside.replacements(),
        },
    )
    # The grader's own helper (pack code: cases, the mutant that explains a failure) is started
    # before the count, and earlier tests' graders are collected: only a leak changes the count.
    for mutant in exercise.mutants:
        grader.mutant_outputs(exercise, grader.seed, mutant.name)
    gc.collect()
    descriptors = open_descriptors()
    try:
        result = grader.grade_source(source, exercise, submission=SUBMISSION)

        # The grader is alive (this line runs) and a full result came back.
        assert isinstance(result, GradeResult)
        assert len(result.checks) >= 1
        assert json.loads(json.dumps(result.to_json()))["status"] == result.status
        # Not a pass, and the first failure says why.
        assert result.status != "pass"
        if case.status is not None:
            assert result.status == case.status, result.checks
        assert_says(first_failure(result), case.expect)
        # No secret crossed back, not even in the printed output.
        assert SECRET not in json.dumps(result.to_json())
        # No descriptor leaked into the grader (e.g. passed over the event socket).
        assert open_descriptors() == descriptors, os.listdir("/proc/self/fd")
        # Nothing is left running; no process the submission named was signalled.
        assert_nothing_left([mark])
        assert secret_holder.poll() is None, "a bystander process was killed"
        assert zygote_pid(grader) == zygote, "the warm zygote was killed"
        if case.settle:
            time.sleep(case.settle)
        # Nothing reached a listener.
        assert listeners.received() == []
        try:
            connection, _ = unix_listener.accept()
            connection.close()
            reached_unix = True
        except BlockingIOError:
            reached_unix = False
        assert not reached_unix, "a Unix socket outside the work folder was reached"
        # Nothing was written outside the work folder.
        outside.check()
        # And the next, honest submission still passes, promptly.
        honest = grader.grade_source(CORRECT_TINY, exercise, submission=SUBMISSION)
        assert honest.status == "pass", honest.checks  # a wedged worker would time out
    finally:
        unix_listener.close()
        outside.remove()
        os.kill(os.getpid(), 0)  # still here


def test_correct_submission_passes_alongside(tiny_pack: Pack) -> None:
    """The hostile cases do not spoil the grader for the next, honest submission."""
    result = Grader(tiny_pack, seed=0).grade_source(
        CORRECT_TINY, tiny_pack.exercise("scaled_sum"), submission=SUBMISSION
    )
    assert result.status == "pass", result.checks


# ---------------------------------------------------------------------------------------------
# Terminal injection: what the submission prints or raises reaches an instructor's terminal
# through the `table` report (and every consumer of `GradeResult.output`).


def control_characters(text: str) -> list[str]:
    """The C0/C1 control characters in `text`, other than newline and tab."""
    return sorted({repr(c) for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"})


@pytest.fixture(scope="module")
def terminal_result(tiny_pack: Pack) -> GradeResult:
    mark = new_mark()
    source = render(TERMINAL_ATTACK, {"MARK": mark})
    result = Grader(tiny_pack, seed=0).grade_source(
        source, tiny_pack.exercise("scaled_sum"), submission=SUBMISSION
    )
    assert_nothing_left([mark])
    return result


@pytest.mark.parametrize(
    "where",
    [
        pytest.param("table"),
        pytest.param("message"),
        pytest.param("output"),
    ],
)
def test_terminal_injection_is_neutralised(where: str, terminal_result: GradeResult) -> None:
    """Escape sequences a submission prints or raises never reach a terminal raw."""
    assert terminal_result.status == "error"
    text = {
        "table": report.render([terminal_result], "table"),
        "message": first_failure(terminal_result),
        "output": terminal_result.output,
    }[where]
    assert "PASSED" in text  # the attack is there, but defused
    assert control_characters(text) == [], text


# ---------------------------------------------------------------------------------------------
# The reference outputs cached on disk are answers too

CACHE_THIEF = """\
import os

import numpy as np

from quizprep.sandbox import codec

ANSWERS = []
ERRORS = []


def _load(folder):
    for parent, _, names in os.walk(folder, onerror=ERRORS.append):
        for name in names:
            try:
                with open(os.path.join(parent, name), "rb") as handle:
                    entry = codec.decode(handle.read(), max_array_bytes=1 << 30)
            except (OSError, codec.CodecError) as exc:
                ERRORS.append(exc)
                continue
            if isinstance(entry, dict) and "cases" in entry and "expected" in entry:
                ANSWERS.extend(zip(entry["cases"], entry["expected"]))


def scaled_sum(a, b, scale):
    if not ANSWERS and not ERRORS:
        _load("@CACHE@")
    for case, expected in ANSWERS:
        if all(np.array_equal(x, y) for x, y in zip(case["args"], (a, b, scale))):
            return expected  # the reference's own output, copied
    errors = sorted({getattr(e, "strerror", None) or type(e).__name__ for e in ERRORS})
    raise RuntimeError(f"no cached answer among {len(ANSWERS)}: {errors}")
"""


@pytest.mark.parametrize(
    ("where", "warm_first"),
    [
        pytest.param("QUIZPREP_HOME", False, id="under-quizprep-home"),
        pytest.param("default", False, id="default-user-cache"),
        pytest.param("QUIZPREP_CACHE", False, id="quizprep-cache-folder"),
        pytest.param(
            "default",
            True,
            id="default-user-cache-created-after-the-zygote-started",
        ),
    ],
)
def test_reference_cache_is_unreadable(
    where: str, warm_first: bool, var_tmp_pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submission cannot pass by copying the reference outputs the grader cached on disk
    (here outside /tmp, as ~/.cache is, so only hiding can protect it), also when the cache
    folder is first created while the zygote is already warm (a first run, `pool.warm`)."""
    home = Path(tempfile.mkdtemp(prefix="quizprep-hostile-home-", dir="/var/tmp"))
    try:
        for name in ("QUIZPREP_CACHE", "QUIZPREP_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(home))
        if where == "QUIZPREP_HOME":
            (home / "quizprep").mkdir()
            monkeypatch.setenv("QUIZPREP_HOME", str(home / "quizprep"))
        elif where == "QUIZPREP_CACHE":
            monkeypatch.setenv("QUIZPREP_CACHE", str(home / "cache"))
        grader = Grader(var_tmp_pack, seed=0)
        exercise = var_tmp_pack.exercise("scaled_sum")
        if warm_first:  # the zygote starts before anything is cached
            zygote_pid(grader)
        honest = grader.grade_source(CORRECT_TINY, exercise, submission=SUBMISSION)
        assert honest.status == "pass", honest.checks
        cache = grader.disk_cache.directory
        assert cache is not None and any(cache.rglob("*.bin")), "nothing was cached"

        mark = new_mark()
        source = render(CACHE_THIEF, {"MARK": mark, "CACHE": str(cache)})
        result = grader.grade_source(source, exercise, submission=SUBMISSION)
        assert_nothing_left([mark])
        assert result.status == "error", (result.status, result.checks)
        assert_says(
            first_failure(result), ("no cached answer among 0", "No such file|Permission denied")
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_huge_int_where_a_float_is_expected(builtin_pack: Pack) -> None:
    """`cross_entropy` returns a float; a 400-digit int must be a failed check, not an
    OverflowError out of the comparison that takes the whole grade (and a batch) down."""
    exercise = builtin_pack.exercise("cross_entropy")
    assert exercise is not None
    source = "def cross_entropy(logits, targets):\n    return 10**400\n"
    result = Grader(builtin_pack, seed=0, device="cpu").grade_source(
        source, exercise, submission="cross_entropy.py"
    )
    assert result.status == "fail"
    assert_says(first_failure(result), ("expected a single number|too large|Inf at",))


# ---------------------------------------------------------------------------------------------
# The same as an unprivileged user

NOBODY_SCRIPT = """\
import json
import sys

from quizprep.bank.pack import load_pack
from quizprep.grading.grader import Grader

pack = load_pack(sys.argv[1])
with open(sys.argv[2]) as handle:
    sources = json.load(handle)
isolation = []
for name, (source, timeout, needs_pid_namespace) in sources.items():
    if needs_pid_namespace and "pid namespace" not in isolation:
        print(json.dumps({name: {"status": "skipped", "message": "", "isolation": isolation}}))
        continue
    grader = Grader(pack, seed=0, timeout=timeout)
    result = grader.grade_source(source, pack.exercise("scaled_sum"), submission="scaled_sum.py")
    first = next((c.message for c in result.checks if c.status != "pass"), "")
    isolation = list(result.isolation)
    row = {"status": result.status, "message": first, "isolation": isolation}
    print(json.dumps({name: row}), flush=True)
print("all graded", flush=True)
"""

NOBODY_UID = 65534
NOBODY = ["setpriv", f"--reuid={NOBODY_UID}", f"--regid={NOBODY_UID}", "--clear-groups"]


def _case(case_id: str) -> Hostile:
    for param in CASES:
        if param.id == case_id:  # type: ignore[attr-defined]
            return param.values[0]  # type: ignore[attr-defined,no-any-return]
    raise KeyError(case_id)


# Run as nobody: the worker is started again from sys.executable, as the runner does.
PROBE = (
    "import subprocess, sys; "
    "sys.exit(subprocess.run([sys.executable, '-I', '-c', "
    "'import numpy, quizprep.sandbox.worker, quizprep.grading.grader']).returncode)"
)


def _nobody_can_run(python: str) -> bool:
    try:
        probe = subprocess.run(
            [*NOBODY, python, "-c", PROBE], capture_output=True, cwd="/", timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def python_for_nobody(root: Path) -> str:
    """An interpreter nobody can run (and re-run, as the runner does) that imports this
    checkout: sys.executable when it can, else a thin venv in `root` over a system interpreter
    of the same version, with this environment's site-packages added (a pyenv interpreter
    under a private /root is not executable by nobody). Skips when there is none."""
    if _nobody_can_run(sys.executable):
        return sys.executable
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(f"python{version}", path="/usr/local/bin:/usr/bin:/bin")
    if system is None:
        pytest.skip(f"nobody cannot run {sys.executable}, and there is no system python{version}")
    venv = root / "venv"
    made = subprocess.run(
        [system, "-m", "venv", "--without-pip", str(venv)], capture_output=True, timeout=120
    )
    if made.returncode != 0:
        pytest.skip(f"nobody cannot run {sys.executable}, and {system} -m venv failed")
    sites = [p for p in site.getsitepackages() if os.path.isdir(p)]
    for site_dir in venv.glob("lib/python*/site-packages"):
        lines = [f"import site; site.addsitedir({p!r})" for p in sites]
        (site_dir / "quizprep-hostile-test.pth").write_text("\n".join(lines) + "\n")
    for path in [venv, *venv.rglob("*")]:
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    python = str(venv / "bin" / "python")
    if not _nobody_can_run(python):
        pytest.skip(f"nobody cannot run {sys.executable} nor a venv over {system}")
    return python


def test_hostile_as_nobody(listeners: Listeners) -> None:
    """Run as uid 65534 the cases that depend on who the worker runs as: the correct
    submission passes, and the hostile ones are contained as they are for root. Everything
    lives under /var/tmp (not /tmp, which the sandbox replaces), owned by or writable for
    nobody, so that only the sandbox keeps the pack unreadable and the files unwritten."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to nobody")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is missing")
    base = "/var/tmp" if os.path.isdir("/var/tmp") else None
    root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-nobody-", dir=base))
    outside: Outside | None = None
    try:
        os.chmod(root, 0o755)
        python = python_for_nobody(root)
        pack_dir = write_tiny_pack(root / "pack").resolve()
        for path in [pack_dir, *pack_dir.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        # nobody could write all of these: the submissions (and the daemon) must not get to
        outside = Outside(root, "nobody-" + uuid.uuid4().hex[:8], owner=NOBODY_UID)
        marks: list[str] = []
        sources: dict[str, tuple[str, float | None, bool]] = {"correct": (CORRECT_TINY, 5, False)}
        for case_id in (
            "infinite-loop",
            "setsid-double-fork-daemon-keeping-pipes",
            "fork-bomb-50-sleepers",
            "tcp-connect-loopback",
            "kill-parent",
            "kill-minus-1",
            "reads-environment-secrets",
            "fills-the-work-folder",
            "writes-to-var-tmp",
            "modifies-a-file-the-grader-owns",
            "writes-through-a-symlink",
            "hard-links-and-moves",
            "reads-the-reference-outside-tmp",
            "umounts-the-hidden-folders",
            "mounts-proc-and-binds-the-reference",
            "unshares-then-umounts",
        ):
            case = _case(case_id)
            marks.append(new_mark())
            source = render(
                case.source,
                {
                    "MARK": marks[-1],
                    "TCP": str(listeners.tcp_port),
                    "REFERENCE": str(pack_dir / "reference"),
                    "PACK": str(pack_dir),
                    **outside.replacements(),
                },
            )
            sources[case_id] = (source, case.timeout, case.needs_pid_namespace)
        sources["correct-again"] = sources["correct"]
        (root / "sources.json").write_text(json.dumps(sources))
        (root / "grade.py").write_text(NOBODY_SCRIPT)
        for name in ("sources.json", "grade.py"):
            os.chmod(root / name, 0o644)

        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TMPDIR": "/tmp",
            SECRET_NAME: SECRET,
        }
        ran = subprocess.run(
            [*NOBODY, python, str(root / "grade.py"), str(pack_dir), str(root / "sources.json")],
            capture_output=True,
            text=True,
            cwd=root,
            env=env,
            timeout=120,
        )
        rows = {}
        for line in ran.stdout.splitlines():
            if line.startswith("{"):
                rows.update(json.loads(line))
        assert ran.returncode == 0, (ran.returncode, ran.stdout[-2000:], ran.stderr[-2000:])
        assert "all graded" in ran.stdout, ran.stderr[-2000:]
        assert set(rows) == set(sources), ran.stderr[-2000:]

        print(json.dumps(rows, indent=1))  # shown when the test fails
        assert rows["correct"]["status"] == "pass", rows["correct"]
        if "pid namespace" in rows["correct"]["isolation"]:
            assert all(row["status"] != "skipped" for row in rows.values()), rows
        assert rows["correct-again"]["status"] == "pass", rows["correct-again"]
        for case_id, row in rows.items():
            if case_id.startswith("correct") or row["status"] == "skipped":
                continue
            case = _case(case_id)
            assert row["status"] != "pass", (case_id, row)
            if case.status is not None:
                assert row["status"] == case.status, (case_id, row)
            assert_says(row["message"], case.expect)
        assert SECRET not in ran.stdout + ran.stderr
        assert_nothing_left(marks)
        time.sleep(1.5)  # the daemon would write after 1 s
        assert listeners.received() == []
        outside.check()
    finally:
        if outside is not None:
            outside.remove()
        shutil.rmtree(root, ignore_errors=True)

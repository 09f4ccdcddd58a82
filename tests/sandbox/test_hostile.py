"""Hostile submissions: whatever learner code does, the grader survives, reports a clear
non-passing verdict, and leaves nothing behind (DESIGN.md invariants 1 and 2, SANDBOX.md
"Test it the way an attacker would").

Every case is graded the way `quizprep grade` grades a file, then checked for: a GradeResult
that is not "pass" and whose first failing check says why in words a learner can act on; no
process left running (each hostile source names itself with a unique marker, which its forks
inherit as their process name and what it execs inherits through the environment; sandbox
workers descended from the test process count too); nothing written outside the work folder;
nothing received by loopback (TCP, UDP, abstract and path Unix) listeners; no secret from the
grader's environment in the result. Cases that fail for a known missing layer are strict xfails
naming the issue.
"""

from __future__ import annotations

import contextlib
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
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.grading.grader import Grader
from quizprep.grading.result import GradeResult
from tests.conftest import CORRECT_TINY, dedent, write_tiny_pack

SECRET_NAME = "QUIZPREP_TEST_SECRET"
SECRET = "qp-secret-" + uuid.uuid4().hex
WORKER = b"quizprep.sandbox.worker"
SUBMISSION = "scaled_sum.py"


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
def secret_holder() -> Iterator[int]:
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
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


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


@dataclass(frozen=True)
class Hostile:
    """One hostile submission and what its verdict must say.

    `expect`: every item must occur (case-insensitively) in the message of the first check
    that did not pass; "a|b" means either. `status`: the exact status, where it is certain.
    `settle`: seconds to wait before looking for delayed effects (a daemon's late write)."""

    source: str
    expect: tuple[str, ...]
    status: str | None = None
    timeout: float | None = None
    needs_pid_namespace: bool = False
    settle: float = 0.0


def hostile(
    id: str,
    source: str,
    *expect: str,
    marks: tuple[pytest.MarkDecorator, ...] = (),
    **kw: object,
) -> object:
    """A parametrize entry; a source that says "# uses ..." gets those helpers prepended."""
    body = dedent(source)
    if body.startswith("# uses _plant_daemon"):
        body = DAEMON + "\n" + body
    elif body.startswith("# uses the forging helpers"):
        body = FORGE + "\n" + body
    return pytest.param(Hostile(body, expect, **kw), id=id, marks=marks)  # type: ignore[arg-type]


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
            os.kill(os.getppid(), signal.SIGKILL)
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
        "returned a Liar object",
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
        "returned a Sly object|a Sly object",
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


@pytest.mark.parametrize("case", CASES)
def test_hostile_submission(
    case: Hostile,
    tiny_pack: Pack,
    tmp_path: Path,
    listeners: Listeners,
    secret_holder: int,
    isolation: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if case.needs_pid_namespace and "pid namespace" not in isolation:
        pytest.skip("without a PID namespace this would signal the test runner itself")
    mark = new_mark()
    outside = tmp_path / "outside" / "written-by-the-submission"
    outside.parent.mkdir()
    unix_path = tmp_path / "unix.sock"
    unix_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix_listener.bind(str(unix_path))
    unix_listener.listen(8)
    unix_listener.setblocking(False)
    os.chmod(unix_path, 0o777)
    source = render(
        case.source,
        {
            "MARK": mark,
            "OUTSIDE": str(outside),
            "TCP": str(listeners.tcp_port),
            "UDP": str(listeners.udp_port),
            "ABSTRACT": listeners.abstract_name,
            "UNIX": str(unix_path),
        },
    )
    monkeypatch.setenv(SECRET_NAME, SECRET)
    grader = Grader(tiny_pack, seed=0, timeout=case.timeout)
    try:
        result = grader.grade_source(
            source, tiny_pack.exercise("scaled_sum"), submission=SUBMISSION
        )

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
        # Nothing is left running.
        assert_nothing_left([mark])
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
        # Nothing was written outside the work folder (checked last: issue 6 is known).
        assert not outside.exists(), f"the submission wrote {outside}"
    finally:
        unix_listener.close()
        os.kill(os.getpid(), 0)  # still here


def test_correct_submission_passes_alongside(tiny_pack: Pack) -> None:
    """The hostile cases do not spoil the grader for the next, honest submission."""
    result = Grader(tiny_pack, seed=0).grade_source(
        CORRECT_TINY, tiny_pack.exercise("scaled_sum"), submission=SUBMISSION
    )
    assert result.status == "pass", result.checks


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

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


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
    """Run as uid 65534 a few cases that depend on who the worker runs as: the correct
    submission passes, and the hostile ones are contained as they are for root."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to nobody")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is missing")
    root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-nobody-"))
    try:
        os.chmod(root, 0o755)
        python = python_for_nobody(root)
        pack_dir = write_tiny_pack(root / "pack")
        for path in [pack_dir, *pack_dir.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        outside_dir = root / "outside"
        outside_dir.mkdir()
        os.chmod(outside_dir, 0o777)  # nobody could write here: the daemon must not get to
        outside = outside_dir / "written-by-the-submission"
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
        ):
            case = _case(case_id)
            marks.append(new_mark())
            source = render(
                case.source,
                {
                    "MARK": marks[-1],
                    "OUTSIDE": str(outside),
                    "TCP": str(listeners.tcp_port),
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
        assert not outside.exists()
    finally:
        shutil.rmtree(root, ignore_errors=True)

"""Pack code (references, oracles, case functions, mutants) runs in a helper process, bounded.

A pack's code is trusted to be right, not to be harmless: a pack found on `$QUIZPREP_PACKS` may
loop forever, exhaust memory, end its process or return a generator. So the grader never
imports it: one helper process per grader (an interpreter started on first use, or a cold
`quizprep grade`'s spare, forked from the grader; reused, restarted after a kill) imports each
module and makes every call under a time limit and the exercise's memory limit, and only data
comes back (JSON and checked `.npy` blobs, `sandbox.codec`; never pickle).
Whatever goes wrong is one `file:line: function(): message` line (`PackCodeError`).

Time is watched twice: in the helper (`trusted_helper`) an interval timer interrupts Python code,
so the error names the line it was stuck on; here a watchdog reads from a shared page when the
current call began, and kills the helper's process group when C code does not give way.
"""

from __future__ import annotations

import atexit
import contextlib
import mmap
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizprep.bank.files import read_pack_file
from quizprep.errors import GradingError, SchemaError
from quizprep.grading.cases import Case, plain_name, simplicity
from quizprep.grading.trusted_helper import MAX_MESSAGE_BYTES, WATCH, serve
from quizprep.grading.trusted_helper import normalise as normalise
from quizprep.sandbox import ONE_THREAD, above_stdio, codec

DEFAULT_SECONDS = 60.0
"""Seconds one call of pack code may take (or the exercise's `timeout`, if that is longer)."""
TIMEOUT_VARIABLE = "QUIZPREP_REFERENCE_TIMEOUT"
"""Environment variable that sets the seconds per call instead."""
GRACE_SECONDS = 2.0
"""How long the watchdog waits beyond the limit for the helper's own timer to stop a call."""
MIN_MEMORY_MB = 512
"""Pack code may always allocate this much (importing torch for an oracle takes ~150 MB)."""
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
_BOOT = (
    f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); "
    "from quizprep.grading.trusted_helper import serve; sys.exit(serve(sys.argv[1:]))"
)


class PackCodeError(GradingError):
    """A pack's reference, case function, oracle or mutant failed: `file:line: function():
    message`. `kind` says how: raised, timeout, memory, not data, crashed, missing or file."""

    def __init__(
        self, path: Path | str, line: int | None, function: str, message: str, kind: str
    ) -> None:
        self.path, self.line, self.function = Path(path), line, function
        self.message, self.kind = message, kind
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {function}: {message}" if function else f"{where}: {message}")


@dataclass(frozen=True)
class CallLimits:
    """What each call of an exercise's pack code may use."""

    seconds: float
    memory_mb: int


def limits_for(timeout: float, memory_mb: int) -> CallLimits:
    """`$QUIZPREP_REFERENCE_TIMEOUT` seconds per call when set, else 60 s or the exercise's
    `timeout` if longer; the exercise's `memory_mb` (at least MIN_MEMORY_MB) on top of what the
    helper already uses."""
    written = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    seconds = max(DEFAULT_SECONDS, timeout)
    if written:
        try:
            seconds = float(written)
        except ValueError:
            seconds = -1.0
        if not 0 < seconds < 1e6:
            raise GradingError(f"${TIMEOUT_VARIABLE} must be a number of seconds > 0")
    return CallLimits(seconds, max(memory_mb, MIN_MEMORY_MB))


def check_file(path: Path) -> None:
    """Refuse a pack module that is not a small regular file before anything reads it."""
    try:
        read_pack_file(path)
    except SchemaError as exc:
        raise PackCodeError(path, None, "", exc.message, "file") from None


class TrustedRunner:
    """The helper process of one grader (see the module docstring); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._helpers: list[_Helper] = []  # the live one, if any; stopped with the runner
        self._functions: dict[Path, dict[str, int]] = {}
        weakref.finalize(self, _stop_all, self._helpers)

    def request(self, header: dict[str, Any], blob: bytes, *, path: Path, seconds: float) -> Any:
        """Send one request to the helper and return the result it sends back; a failure of
        the pack's code, or a helper that overruns or dies (then killed), raises PackCodeError."""
        with self._lock:
            helper = self._ready_helper(header, blob)
            try:
                if helper.pending is None:
                    helper.send(_frame(header, blob))
                helper.pending = None  # sent now, or sent at fork time: its reply is next
                reply = helper.receive(seconds)
            except _Stopped as stopped:
                self._helpers.clear()
                helper.stop()
                raise stopped.error(path, seconds, helper) from None
        try:
            decoded = codec.decode(reply, max_array_bytes=MAX_MESSAGE_BYTES)
        except codec.CodecError as exc:
            problem = f"sent back a malformed reply: {exc}"
            raise PackCodeError(path, None, "", problem, "crashed") from None
        if "error" in decoded:
            raise PackCodeError(**decoded["error"])
        return decoded["result"]

    def _ready_helper(self, header: dict[str, Any], blob: bytes) -> _Helper:
        """The helper, owing no reply but to this request (see `_drained`): the running one,
        else the spare, else a new one; a new one too where it failed on a speculated request."""
        if not self._helpers:
            self._start(_take_spare())
        if not _drained(self._helpers[0], header, blob):
            self._helpers[0].stop()
            self._start(None)
        return self._helpers[0]

    def _start(self, spare: _Helper | None) -> None:
        try:
            self._helpers[:] = [spare or _Helper()]
        except OSError as exc:
            self._helpers.clear()
            raise GradingError(f"cannot start the grader's helper process: {exc}") from None

    def functions(self, path: Path, limits: CallLimits) -> dict[str, int]:
        """The functions a module defines, with the line of each `def` (imported once)."""
        if path not in self._functions:
            header = {"op": "info", "path": str(path), **_limits(limits)}
            found = self.request(header, b"", path=path, seconds=limits.seconds)
            self._functions[path] = {str(name): int(line) for name, line in found.items()}
        return self._functions[path]

    def close(self) -> None:
        """Stop the helper (a later request starts another)."""
        with self._lock:
            _stop_all(self._helpers)


_SPARE: _Helper | None = None
_SPARE_LOCK = threading.Lock()


def start_spare_helper(speculate: dict[str, Any] | None = None) -> None:
    """Start a helper process now, for the first grader that needs one: a cold `quizprep
    grade` with a fresh seed computes its references there, ready before the packs are loaded.
    Forked when this process runs one thread (see `_Helper`): call it before starting any. One
    spare at a time; stopped at exit if unused. `speculate`: a request it starts on at once
    (`refhints.recall`), whose reply the first request equal to it takes."""
    global _SPARE
    with _SPARE_LOCK:
        if _SPARE is None:
            with contextlib.suppress(OSError):  # the grader starts its own later, or says why
                _SPARE = _Helper(fork=True)
        if _SPARE is not None and _SPARE.pending is None and speculate is not None:
            try:
                _SPARE.send(_frame(speculate, b""))
                _SPARE.pending = speculate
            except _Stopped:  # gone already: the grader starts its own
                _SPARE.stop()
                _SPARE = None


def _take_spare() -> _Helper | None:
    """The spare helper, if it is still alive (it is no one's once taken)."""
    global _SPARE
    with _SPARE_LOCK:
        spare, _SPARE = _SPARE, None
    if spare is not None and spare.process.poll() is not None:
        spare.stop()
        return None
    return spare


@atexit.register
def _take_and_stop() -> None:
    spare = _take_spare()
    if spare is not None:
        spare.stop()


def _drained(helper: _Helper, header: dict[str, Any], blob: bytes) -> bool:
    """Whether `helper` owes no reply but to this request: the reply of a speculated request
    that is not this one is read and dropped first (False: it failed on that one)."""
    pending = helper.pending
    if pending is None or (pending == header and not blob):
        return True
    helper.pending = None
    try:
        helper.receive(float(pending["seconds"]))
    except _Stopped:
        return False
    return True


def _frame(header: dict[str, Any], blob: bytes) -> bytes:
    """One request as the helper reads it: the sizes, the header, the blob."""
    message = codec.encode(header)
    return struct.pack("<QQ", len(message), len(blob)) + message + blob


def _limits(limits: CallLimits) -> dict[str, Any]:
    return {"seconds": limits.seconds, "memory_mb": limits.memory_mb}


def _stop_all(helpers: list[_Helper]) -> None:
    while helpers:
        helpers.pop().stop()


Outcome = tuple[str, Any]
"""A call's outcome when failures are kept: ("value", v), ("modified", (v, changes)) for a value
from a call that changed its inputs in place (changes: (position or keyword, path) pairs),
("raised", ("InvalidK", bases along its MRO)) or ("not data", "a generator")."""


class PackModule:
    """One module of a pack (a reference or a mutant), as the grader sees it: its functions run
    in the grader's helper process, and give data back."""

    def __init__(self, runner: TrustedRunner, path: Path, limits: CallLimits) -> None:
        self.runner, self.path, self.limits = runner, path, limits

    def _request(self, op: str, blob: bytes = b"", **fields: Any) -> Any:
        header = {"op": op, "path": str(self.path), **_limits(self.limits), **fields}
        return self.runner.request(header, blob, path=self.path, seconds=self.limits.seconds)

    def def_line(self, name: str) -> int | None:
        """The line of `def name` in the module, if it defines that function."""
        return self.runner.functions(self.path, self.limits).get(name)

    @property
    def reference(self) -> RemoteFunction:
        """The module's `reference()`, called in the helper."""
        return RemoteFunction(self, "reference")

    @property
    def oracle(self) -> RemoteFunction | None:
        """The module's `oracle()`, if it has one."""
        return RemoteFunction(self, "oracle") if self.def_line("oracle") else None

    def cases(self, seed: int, count: int) -> tuple[list[Case], int]:
        """The edge cases (simplest first), then `count` random ones from `seed`; and how many
        are edge cases."""
        found = self._request("cases", seed=seed, count=count, outputs=False)
        edges = int(found["edge_count"])
        cases = _cases(self.path, found["cases"])
        return [cases[i] for i in simplest_first(cases, edges)], edges

    def cases_and_outputs(self, seed: int, count: int) -> tuple[list[Case], list[Any], int]:
        """The cases (see `cases`), the reference's output for each (None where the case
        expects an exception), and how many are edge cases."""
        found = self._request("cases", seed=seed, count=count, outputs=True)
        edges = int(found["edge_count"])
        cases, expected = _cases(self.path, found["cases"]), list(found["expected"])
        order = simplest_first(cases, edges)
        return [cases[i] for i in order], [expected[i] for i in order], edges

    def outputs(
        self, function: str, cases: Sequence[Case] | bytes, *, device: str | None = None
    ) -> list[Any]:
        """`function`'s output on each case; its first failure raises PackCodeError."""
        return [value for _, value in self._outputs(function, cases, device, keep=False)]

    def outcomes(self, function: str, cases: Sequence[Case] | bytes) -> list[Outcome]:
        """`function`'s outcome on each case, an exception or a value that is not data kept
        as such (a mutant's); a timeout or running out of memory still raises."""
        return self._outputs(function, cases, None, keep=True)

    def _outputs(
        self, function: str, cases: Sequence[Case] | bytes, device: str | None, keep: bool
    ) -> list[Outcome]:
        blob = cases if isinstance(cases, bytes) else encode_cases(cases)
        found = self._request("call", blob, function=function, keep=keep, device=device)
        return [_outcome(item) for item in found]

    def remote(self, function: str, *, device: str | None = None) -> RemoteFunction:
        """A function of the module as a local callable (optionally run on a torch device)."""
        return RemoteFunction(self, function, device)


class RemoteFunction:
    """A function of a pack module, called in the helper one case at a time."""

    def __init__(self, module: PackModule, name: str, device: str | None = None) -> None:
        self.module, self.name, self.device = module, name, device

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        (value,) = self.module.outputs(self.name, [Case("call", args, kwargs)], device=self.device)
        return value


def encode_cases(cases: Sequence[Case]) -> bytes:
    """Cases as the helper (and a sandbox worker) reads them."""
    return codec.encode([{"args": c.args, "kwargs": c.kwargs} for c in cases])


def simplest_first(cases: Sequence[Case], edges: int) -> list[int]:
    """The order the grader uses: the `edges` edge cases simplest first (zero weights before
    random ones: the first failure a learner reads is the most telling), then the random
    ones as drawn."""
    if not 0 <= edges <= len(cases):
        edges = len(cases)
    return [*sorted(range(edges), key=lambda i: simplicity(cases[i])), *range(edges, len(cases))]


def _cases(path: Path, items: Any) -> list[Case]:
    try:
        return [
            Case(plain_name(str(c["name"])), tuple(c["args"]), dict(c["kwargs"]), c["raises"])
            for c in items
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise PackCodeError(
            path, None, "", f"sent back malformed cases: {exc}", "crashed"
        ) from None


def _outcome(item: Any) -> Outcome:
    if "raised" in item:
        return "raised", (str(item["raised"]), tuple(str(b) for b in item.get("bases", ())))
    if "not_data" in item:
        return "not data", str(item["not_data"])
    if "modified" in item:
        changes = tuple((key, str(path)) for key, path in item["modified"])
        return "modified", (item["value"], changes)
    return "value", item["value"]


# --- the grader's end of the helper ---------------------------------------------------------


class _Stopped(Exception):
    """The helper overran its time (`line`, `function` from the watch page) or died."""

    def __init__(self, overran: bool, function: str, line: int) -> None:
        self.overran, self.function, self.line = overran, function, line

    def error(self, path: Path, seconds: float, helper: _Helper) -> PackCodeError:
        field = "import" if self.function == "import" else f"{self.function}()"
        if not self.function:
            field = ""
        line = self.line or None
        if self.overran:
            verb = "finish" if self.function == "import" else "return"
            return PackCodeError(
                path, line, field, f"did not {verb} within {seconds:g} s", "timeout"
            )
        code = helper.returncode()
        how = (
            f"crashed the grader's helper process ({signal.Signals(-code).name})"
            if code is not None and code < 0 and -code in signal.valid_signals()
            else f"ended the grader's helper process (exit status {code})"
        )
        return PackCodeError(path, line, field, how, "crashed")


class _Forked:
    """A helper forked from the grader, seen as `_Helper` sees a `subprocess.Popen`."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: gone, how is unknown
                self.returncode = -signal.SIGKILL
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("quizprep helper", timeout or 0.0)
            time.sleep(0.002)
        return code


def _single_threaded() -> bool:
    """Whether this process runs one thread only (Python's and native ones: a BLAS pool)."""
    try:
        return threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _one_thread_maths() -> bool:
    """Whether this process's math libraries were set to one thread, as a helper's are."""
    return all(os.environ.get(name) == value for name, value in ONE_THREAD.items())


def _fork_helper(fds: tuple[int, int, int], output: int) -> int:
    """Fork a helper serving on `fds` (requests, replies, watch page); its pid. The child
    keeps no other descriptor, leads a session of its own, never collects the grader's
    objects (their finalizers would close descriptors it no longer owns) and never returns."""
    for stream in (sys.stdout, sys.stderr):  # or the child would write what they hold again
        if stream is not None:  # None: closed before Python started
            stream.flush()
    grader = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        import gc

        gc.freeze()
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(2 if output == 2 else null, 1)
        if output != 2:
            os.dup2(null, 2)
        from quizprep.sandbox.rootfs import close_inherited

        close_inherited(*fds)  # as a worker does: close_range(2), else up to the hard limit
        code = serve([*map(str, fds), str(grader)])
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        os._exit(code)


class _Helper:
    """One helper process: a request pipe, a reply pipe and the shared watch page.

    `fork`: fork this process instead of starting an interpreter, when it runs one thread only
    (a fork copies the locks other threads hold): the helper then has NumPy and its own code
    loaded already (a fresh interpreter costs ~90 ms of CPU, beside a sandbox that boots).
    Pack code then runs in a copy of the grader's memory, which it could read anyway: it is
    trusted not to lie, only not to be harmless."""

    def __init__(self, *, fork: bool = False) -> None:
        request_read, self.requests = os.pipe()
        self.replies, reply_write = os.pipe()
        try:
            watch_fd = os.memfd_create("quizprep-pack-code")
        except (AttributeError, OSError):  # no memfd here: an unlinked temporary file
            with tempfile.TemporaryFile() as scratch:
                watch_fd = os.dup(scratch.fileno())
        os.ftruncate(watch_fd, mmap.PAGESIZE)
        request_read, self.requests, self.replies, reply_write, watch_fd = map(
            above_stdio, (request_read, self.requests, self.replies, reply_write, watch_fd)
        )
        try:
            os.fstat(2)
            output: int = 2  # what pack code prints goes to stderr, never into a report
        except OSError:
            output = subprocess.DEVNULL
        fds = (request_read, reply_write, watch_fd)
        self.process: subprocess.Popen[bytes] | _Forked
        try:
            if fork and _single_threaded() and _one_thread_maths():
                self.process = _Forked(_fork_helper(fds, output))
            else:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", _BOOT, *map(str, fds), str(os.getpid())],
                    # one thread per math library: the same bits on every machine, and no BLAS
                    # threads spinning on the cores the sandbox needs (~70 ms of a cold grade)
                    env={**os.environ, **ONE_THREAD},
                    pass_fds=fds,
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    start_new_session=True,  # its own process group, killed whole
                )
        finally:
            os.close(request_read)
            os.close(reply_write)
        self.watch = mmap.mmap(watch_fd, mmap.PAGESIZE)
        os.close(watch_fd)

    pending: dict[str, Any] | None = None
    """A request sent before anyone asked for it (`start_spare_helper`), whose reply is owed."""

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.requests, view) :]
        except OSError:
            raise _Stopped(False, "", 0) from None

    def receive(self, seconds: float) -> bytes:
        """One reply frame, watching that no call runs longer than `seconds`."""
        every = min(1.0, max(0.05, seconds / 20))
        poller = select.poll()
        poller.register(self.replies, select.POLLIN)
        buffer = bytearray()
        size: int | None = None
        while size is None or len(buffer) < 8 + size:
            if not poller.poll(every * 1000):
                started, line, name = WATCH.unpack_from(self.watch)
                if started and time.monotonic() - started > seconds + GRACE_SECONDS:
                    raise _Stopped(True, name.rstrip(b"\0").decode(), line)
                continue
            want = 8 - len(buffer) if size is None else 8 + size - len(buffer)
            chunk = os.read(self.replies, min(want, 1 << 20))
            if not chunk:
                _, line, name = WATCH.unpack_from(self.watch)
                raise _Stopped(False, name.rstrip(b"\0").decode(), line)
            buffer += chunk
            if size is None and len(buffer) >= 8:
                (size,) = struct.unpack_from("<Q", buffer)
                if size > MAX_MESSAGE_BYTES:
                    raise _Stopped(False, "", 0)
        return bytes(buffer[8:])

    def returncode(self) -> int | None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return self.process.wait(timeout=5)
        return None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        for descriptor in (self.requests, self.replies):
            with contextlib.suppress(OSError):
                os.close(descriptor)
        with contextlib.suppress(BufferError, ValueError):
            self.watch.close()

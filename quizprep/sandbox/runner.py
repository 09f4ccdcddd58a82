"""The grader's side of a worker: start it isolated and limited, read its data, kill its tree.

Nothing a worker sends is trusted: frames are size-capped and decoded by `codec`, printed output
is capped, and the whole process group (and, where available, PID namespace) is killed when the
run ends, whatever the worker did.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizprep.sandbox import ONE_THREAD, above_stdio
from quizprep.sandbox.policy import WORK_FOLDERS

# `codec` (and with it NumPy, ~40 ms) is imported where a job is encoded or its events read:
# a grader starts its sandbox before it needs NumPy itself.


@dataclass(frozen=True, kw_only=True)
class Limits:
    """What one submission may use. `timeout` is CPU seconds of all the job's processes
    together, so a busy machine or a spinning neighbour cannot time an honest job out; a job
    that only waits is stopped by the wall-clock backstop."""

    timeout: float = 10.0
    case_timeout: float | None = None
    """CPU seconds for any one case (from the previous case's answer); None: no limit."""
    memory_mb: int = 1024
    disk_mb: int = 64
    """Total size of the files a submission may keep in its work folder (where it is a tmpfs)."""
    file_mb: int = 16
    output_keep: int = 16 << 10
    output_max: int = 4 << 20
    result_max: int = 64 << 20

    @property
    def backstop(self) -> float:
        """Wall-clock seconds after which a job is stopped whatever its CPU time."""
        return 2 * self.timeout + 5

    def case_backstop(self) -> float | None:
        """Wall-clock seconds any one case may wait, whatever its CPU time."""
        return None if self.case_timeout is None else 2 * self.case_timeout + 5


@dataclass(frozen=True)
class WorkerError:
    """An exception raised by learner code, as data."""

    type: str
    message: str
    line: int | None = None
    code: str = ""
    traceback: str = ""
    bases: tuple[str, ...] = ()
    """The names along the exception class's MRO (builtins bare), from the worker."""
    raised_here: bool = False
    """The learner's own `raise` line raised it (not a library the learner called)."""

    def is_a(self, name: str) -> bool:
        """True when the exception is a `name` or a subclass of it (what `except name` catches)."""
        return name == self.type or name in self.bases

    @classmethod
    def from_data(cls, data: Any) -> WorkerError:
        """Build from the worker's (untrusted) dict, keeping only well-typed fields."""
        if not isinstance(data, dict):
            return cls("ProtocolError", "the worker sent a malformed error")
        line = data.get("line")
        bases = data.get("bases")
        return cls(
            type=str(data.get("type", "Exception"))[:100],
            message=str(data.get("message", ""))[:2000],
            line=line if isinstance(line, int) and not isinstance(line, bool) else None,
            code=str(data.get("code", ""))[:300],
            traceback=str(data.get("traceback", ""))[:4000],
            bases=tuple(str(b)[:200] for b in bases[:30]) if isinstance(bases, list) else (),
            raised_here=data.get("raised_here") is True,
        )


@dataclass(frozen=True)
class CaseOutcome:
    """What one call of the learner's function gave: a value or an error."""

    index: int
    value: Any = None
    error: WorkerError | None = None
    seconds: float = 0.0
    modified: tuple[tuple[int | str, str], ...] = ()
    """The inputs the call changed in place: (position or keyword, path inside it)."""


@dataclass
class RunResult:
    """Everything the grader learned from one worker run."""

    layers: list[str] = field(default_factory=list)
    loaded: bool = False
    load_error: WorkerError | None = None
    outcomes: dict[int, CaseOutcome] = field(default_factory=dict)
    finished: bool = False
    timed_out: bool = False
    problem: str | None = None
    """Why the run was stopped or is suspect: output flood, malformed data, odd exit."""
    exit_code: int | None = None
    timed_out_case: int | None = None
    """The index of the case that ran past `Limits.case_timeout`, if one did."""
    spawned_pid: int | None = None
    """The pid of the job's init (pool workers), from the pidfd the zygote sent first."""
    layer_report: list[dict[str, Any]] = field(default_factory=list)
    """Every isolation layer with whether it is active and, if not, why (pool workers)."""
    cancelled: bool = False
    memory_exceeded: bool = False
    """The meter saw the job's processes (and its tmpfs files) hold more than the limit."""
    cpu_seconds: float = 0.0
    """CPU time of the job's processes, as last measured."""
    weak: list[str] = field(default_factory=list)
    """Required isolating layers the worker could not set up (it ran no learner code)."""
    output: str = ""
    output_bytes: int = 0
    seconds: float = 0.0

    @property
    def crash_signal(self) -> int | None:
        """The signal that ended the worker, if one did (and not our own kill)."""
        code = self.exit_code
        if code is None:
            return None
        if code < 0:
            return -code
        return code - 128 if code > 128 else None


@dataclass(frozen=True, kw_only=True)
class Job:
    """One run: the learner's source, what to call, and the inputs of each case."""

    source: str
    source_name: str
    entry: str = ""
    cases: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    encoded_cases: bytes | None = None
    """`cases` already encoded (`encode_cases`), so a batch encodes them once, not per run."""
    torch: bool = False
    """Pass array inputs as torch tensors on `device` (else NumPy arrays)."""
    device: str = "cpu"
    mode: str = "exercise"
    """"exercise" calls `entry` per case; "script" only runs the source (answer blocks)."""
    imports: tuple[str, ...] = ()
    """Installed distributions the job may import besides numpy and torch (a pack's
    `sandbox_imports`): they, and what they depend on, are bound into its root."""


# The worker imports the very quizprep the grader runs (-I ignores PYTHONPATH and the cwd).
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
_BOOT = (
    f"import sys; sys.path.insert(0, {_PACKAGE_PARENT!r}); "
    "from quizprep.sandbox.worker import main; sys.exit(main(sys.argv))"
)


def scrubbed_environment(workdir: str) -> dict[str, str]:
    """A minimal environment: no secrets, no proxies, one thread per math library."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        **ONE_THREAD,
    }
    for name in ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def encode_cases(cases: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> bytes:
    """Cases as the worker reads them; encode once and reuse via `Job.encoded_cases`."""
    from quizprep.sandbox import codec

    return codec.encode([{"args": args, "kwargs": kwargs} for args, kwargs in cases])


def job_bytes(job: Job, limits: Limits, *, required: tuple[str, ...] = ()) -> bytes:
    """The job as the worker reads it (`worker.decode_job`): the settings, then the cases.
    `required`: layers without which the worker must not run the submission."""
    from quizprep.sandbox import codec

    settings = codec.encode(job_payload(job, limits) | {"required": list(required)})
    cases = job.encoded_cases if job.encoded_cases is not None else encode_cases(job.cases)
    return struct.pack("<Q", len(settings)) + settings + cases


def job_payload(job: Job, limits: Limits) -> dict[str, Any]:
    """The job's settings as the worker reads them (the cases travel separately)."""
    return {
        "source": job.source,
        "source_name": job.source_name,
        "entry": job.entry,
        "torch": job.torch,
        "device": job.device,
        "mode": job.mode,
        "cpu_seconds": limits.timeout + 1,
        "memory_mb": limits.memory_mb,
        "file_mb": limits.file_mb,
        "disk_mb": max(limits.disk_mb, limits.file_mb),
    }


def run_job(job: Job, limits: Limits, cancel: threading.Event | None = None) -> RunResult:
    """Run `job` in a fresh interpreter (the cold path; `pool.WorkerPool` is the warm one) and
    return what came back; never raises for anything the submission did. Setting `cancel`
    stops the run (and kills the worker) within a tenth of a second."""
    workdir = tempfile.mkdtemp(prefix="quizprep-")
    os.chmod(workdir, 0o700)
    started = time.monotonic()
    result = RunResult()
    read_fd, write_fd = map(above_stdio, os.pipe())
    try:
        with open(os.path.join(workdir, "job.bin"), "wb") as handle:
            handle.write(job_bytes(job, limits))
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, "job.bin", str(write_fd)],
            cwd=workdir,
            env=scrubbed_environment(workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(write_fd,),
            start_new_session=True,
        )
        os.close(write_fd)
        write_fd = -1
        assert process.stdout is not None
        try:
            collect(process.stdout.fileno(), read_fd, limits, started, result, cancel, process.pid)
            if not result.timed_out and not result.problem:
                # Give the worker a moment to exit by itself so its exit status can be read.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(
                        timeout=max(0.05, min(1.0, started + limits.timeout - time.monotonic()))
                    )
                result.exit_code = process.poll()
        finally:
            _kill_tree(process)
    finally:
        if write_fd >= 0:
            os.close(write_fd)
        os.close(read_fd)
        shutil.rmtree(workdir, ignore_errors=True)
    result.seconds = time.monotonic() - started
    return result


def collect(
    output_fd: int,
    event_fd: int,
    limits: Limits,
    started: float,
    result: RunResult,
    cancel: threading.Event | None,
    root_pid: int | None = None,
) -> None:
    """Read a worker's events and printed output until it is done, stopped or out of time.

    Time limits count the CPU time of the job's processes (`JobMeter`), with a wall-clock
    backstop for a job that only waits. `root_pid` is the process whose PID namespace (or
    session) the meter sums; for pool workers it is `result.spawned_pid`, the init the zygote
    sent a pidfd of."""
    selector = selectors.DefaultSelector()
    selector.register(output_fd, selectors.EVENT_READ)
    selector.register(event_fd, selectors.EVENT_READ)
    kept = bytearray()
    frames = bytearray()
    received = 0
    deadline = started + limits.backstop
    meter = JobMeter(root_pid) if root_pid else None
    case_wall: float | None = None
    case_cpu = 0.0
    answered = 0
    try:
        # A pool worker's exit is reported by the zygote: stop there, even if something the
        # submission started still holds the pipes open.
        while selector.get_map() and not result.finished and result.exit_code is None:
            now = time.monotonic()
            if meter is None and result.spawned_pid:
                meter = JobMeter(result.spawned_pid)
            if meter is not None and meter.due(now):
                meter.sample()
                result.cpu_seconds = meter.cpu_seconds
                if meter.memory_bytes > limits.memory_mb << 20:
                    result.memory_exceeded = True
                    result.problem = f"used more than {limits.memory_mb} MiB of memory"
                    break
            remaining = deadline - now
            if remaining <= 0 or result.cpu_seconds >= limits.timeout:
                result.timed_out = True
                break
            if limits.case_timeout and result.loaded:  # each case's clock starts at the last answer
                if case_wall is None or len(result.outcomes) != answered:
                    answered, case_wall, case_cpu = len(result.outcomes), now, result.cpu_seconds
                case_left = case_wall + (limits.case_backstop() or 0) - now
                if case_left <= 0 or result.cpu_seconds - case_cpu >= limits.case_timeout:
                    result.timed_out = True
                    result.timed_out_case = answered
                    break
                remaining = min(remaining, case_left)
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                result.problem = "was cancelled"
                break
            for key, _ in selector.select(min(remaining, JobMeter.INTERVAL)):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fd)
                elif key.fd == output_fd:
                    result.output_bytes += len(chunk)
                    kept += chunk[: max(0, limits.output_keep - len(kept))]
                else:
                    received += len(chunk)
                    frames += chunk
                    _read_frames(frames, result)
            if result.output_bytes > limits.output_max:
                result.problem = f"printed more than {limits.output_max >> 20} MiB of output"
                break
            if received > limits.result_max:
                result.problem = f"returned more than {limits.result_max >> 20} MiB of data"
                break
            if result.problem:
                break
    finally:
        selector.close()
    if result.exit_code is not None:  # what it printed just before it ended
        with contextlib.suppress(OSError):
            while select.select([output_fd], [], [], 0)[0]:
                chunk = os.read(output_fd, 1 << 16)
                if not chunk or result.output_bytes > limits.output_max:
                    break
                result.output_bytes += len(chunk)
                kept += chunk[: max(0, limits.output_keep - len(kept))]
    if frames and not (result.problem or result.finished or result.timed_out):
        result.problem = "sent a truncated message"
    result.output = kept.decode("utf-8", errors="replace")


JOB_TMPFS = (*WORK_FOLDERS, "/dev/shm")
"""The job's private tmpfs mounts: files kept there are memory, and count as such."""


class JobMeter:
    """CPU time and memory of every process of a job, polled every INTERVAL.

    CPU: user + system time of each live process plus what it collected from children it
    reaped (the job's init reaps orphans). Memory: proportional anonymous + shared memory
    (RLIMIT_DATA is per process and misses shared mappings) plus the bytes held in the job's
    private tmpfs mounts (/tmp, /dev/shm), which no process's memory shows."""

    INTERVAL = 0.1
    _TICKS = os.sysconf("SC_CLK_TCK")

    def __init__(self, root_pid: int) -> None:
        """Watch the processes of `root_pid`'s PID namespace (else its session)."""
        self.root_pid = root_pid
        self.cpu_seconds = 0.0
        self.memory_bytes = 0
        self._next = time.monotonic() + self.INTERVAL / 2  # rlimits guard the first moments
        try:
            self._host_tmp = os.stat("/tmp").st_dev
        except OSError:
            self._host_tmp = -1

    def due(self, now: float) -> bool:
        """Whether a new sample is due."""
        return now >= self._next

    def sample(self) -> None:
        """Measure now (CPU time never goes back: a process that exited unreaped still
        counted)."""
        self._next = time.monotonic() + self.INTERVAL
        members = self._members()
        cpu = sum(_cpu_seconds(pid) for pid in members) / self._TICKS
        self.cpu_seconds = max(self.cpu_seconds, cpu)
        memory = sum(_resident_bytes(pid) for pid in members)
        for pid in members:
            if pid != self.root_pid:  # a worker, in the job's own mount namespace
                memory += self._tmpfs_bytes(pid)
                break
        self.memory_bytes = memory

    def _tmpfs_bytes(self, pid: int) -> int:
        total = 0
        for path in JOB_TMPFS:
            where = f"/proc/{pid}/root{path}"
            try:
                if os.stat(where).st_dev == self._host_tmp:
                    continue  # not a private mount (the cold worker uses the host's /tmp)
                stat = os.statvfs(where)
            except OSError:
                continue
            total += (stat.f_blocks - stat.f_bfree) * stat.f_frsize
        return total

    def _members(self) -> list[int]:
        try:
            namespace = os.readlink(f"/proc/{self.root_pid}/ns/pid_for_children")
            own = os.readlink("/proc/self/ns/pid")
        except OSError:
            return [self.root_pid]
        members = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            try:
                if namespace != own:
                    if pid == self.root_pid or os.readlink(f"/proc/{pid}/ns/pid") == namespace:
                        members.append(pid)
                elif os.getsid(pid) == self.root_pid:
                    members.append(pid)
            except OSError:
                continue
        return members


def _cpu_seconds(pid: int) -> int:
    """utime + stime + cutime + cstime of a process, in clock ticks."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
        fields = stat[stat.rindex(b")") + 2 :].split()
        return sum(int(value) for value in fields[11:15])
    except (OSError, ValueError, IndexError):
        return 0


def _resident_bytes(pid: int) -> int:
    """Proportional anonymous + shared memory of a process: pages shared copy-on-write by many
    forks count once in total, not once per fork."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith((b"Pss_Anon:", b"Pss_Shmem:")):
                    total += int(line.split()[1]) << 10
    except (OSError, ValueError, IndexError):
        return 0
    return total


def _read_frames(buffer: bytearray, result: RunResult) -> None:
    from quizprep.sandbox import codec

    while len(buffer) >= 8 and not result.problem:
        (size,) = struct.unpack_from("<Q", buffer, 0)
        if size > (256 << 20):
            result.problem = "sent a malformed message (frame too large)"
            return
        if len(buffer) < 8 + size:
            return
        message = bytes(buffer[8 : 8 + size])
        del buffer[: 8 + size]
        try:
            _apply(codec.decode(message), result)
        except codec.CodecError as exc:
            result.problem = f"sent malformed data ({exc})"


_BEFORE_LEARNER_CODE = frozenset({"layers", "weak", "start"})
"""Events only the sandbox sends, before any learner code runs: once learner code can write to
the channel, they are forgeries (a forged start once made the grader think the worker never
started, run the submission again, then record a grader failure)."""


def _apply(message: Any, result: RunResult) -> None:
    """Apply one event to `result`, in the order the worker sends them; anything out of order
    is the submission's own malformed data."""
    if not isinstance(message, dict):
        result.problem = "sent a malformed message"
        return
    event = message.get("event")
    started = bool(result.layers)
    if event in _BEFORE_LEARNER_CODE and started:
        result.problem = f"sent a malformed message (a forged {event!r} event)"
    elif event == "start":
        layers = message.get("layers")
        names = [str(x)[:80] for x in layers[:40]] if isinstance(layers, list) else []
        result.layers = names or ["(none)"]
    elif event in ("loaded", "load_error", "case", "done") and not started:
        result.problem = f"sent a malformed message ({event!r} before the start)"
    elif event in ("loaded", "load_error") and (result.loaded or result.load_error):
        result.problem = f"sent a malformed message (a second {event!r})"
    elif event == "loaded":
        result.loaded = True
    elif event == "load_error":
        result.load_error = WorkerError.from_data(message.get("error"))
    elif event == "case":
        _apply_case(message, result)
    elif event == "done":
        result.finished = True
    elif event == "weak":
        missing = message.get("missing")
        names = missing[:40] if isinstance(missing, list) else []
        result.weak = [str(name)[:80] for name in names] or ["an isolating layer"]
        result.problem = "could not be isolated"
    elif event == "exit":
        code = message.get("code")
        if isinstance(code, int) and not isinstance(code, bool):
            result.exit_code = code
    elif event == "layers" and not result.layer_report:
        report = message.get("layers")
        if isinstance(report, list):
            result.layer_report = [
                {
                    "name": str(x.get("name", ""))[:80],
                    "active": x.get("active") is True,
                    "why": str(x.get("why", ""))[:300],
                }
                for x in report[:40]
                if isinstance(x, dict)
            ]
    else:
        result.problem = "sent an unknown message"


def _modified(data: Any) -> tuple[tuple[int | str, str], ...]:
    """The worker's (untrusted) list of changed inputs, keeping only well-formed entries."""
    if not isinstance(data, list):
        return ()
    found: list[tuple[int | str, str]] = []
    for item in data[:100]:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str):
            key = item[0]
            if (type(key) is int and 0 <= key < 1000) or isinstance(key, str):
                found.append((key if type(key) is int else str(key)[:100], item[1][:200]))
    return tuple(found)


def _apply_case(message: dict[str, Any], result: RunResult) -> None:
    index = message.get("index")
    seconds = message.get("seconds")
    if not result.loaded or type(index) is not int or index in result.outcomes:
        result.problem = "sent a malformed case result"
        return
    error = WorkerError.from_data(message["error"]) if "error" in message else None
    result.outcomes[index] = CaseOutcome(
        index=index,
        value=None if error else message.get("value"),
        error=error,
        modified=_modified(message.get("modified")),
        seconds=seconds if isinstance(seconds, float) else 0.0,
    )


def _kill_tree(process: subprocess.Popen[bytes]) -> None:
    """Kill the worker's process group; with a PID namespace that takes every descendant."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()
    if process.stdout is not None:
        process.stdout.close()

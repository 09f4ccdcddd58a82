"""The worker: runs ONE submission inside the sandbox, then exits.

Started by `quizprep.sandbox.runner` as `python -I -c <boot> JOB FD` in a fresh temporary
directory. Isolation comes first, while the process has a single thread (namespaces
cannot be entered once numpy's thread pools exist); only then is numpy imported and the learner's
code run. Results go to the pipe FD as framed, data-only messages (see `codec`):

    {"event": "start", "layers": [...]}          isolation that is active
    {"event": "loaded"} | {"event": "load_error", "error": {...}}
    {"event": "case", "index": i, "value": ..., "seconds": t}
    {"event": "case", "index": i, "error": {...}, "seconds": t}
    {"event": "done"}

Everything here is untrusted once the learner's module is imported: the grader checks every byte.
"""

from __future__ import annotations

import contextlib
import copy
import os
import resource
import signal
import sys
import time
import traceback
import types
from typing import Any, NoReturn

from quizprep.sandbox import layers as L


def isolate() -> list[str]:
    """Enter a user + network (+ PID) namespace where the OS allows; say which layers hold."""
    layers = ["process group", "scrubbed environment", "temporary directory"]
    uid, gid = os.getuid(), os.getgid()
    if L.unshare(L.CLONE_NEWUSER | L.CLONE_NEWNET | L.CLONE_NEWPID) is None:
        layers += ["user namespace", "network namespace", "pid namespace"]
    elif L.unshare(L.CLONE_NEWUSER | L.CLONE_NEWNET) is None:
        layers += ["user namespace", "network namespace"]
    elif L.unshare(L.CLONE_NEWNET) is None:  # root without user namespaces
        layers.append("network namespace")
    if "user namespace" in layers:
        L.write_file("/proc/self/setgroups", "deny")
        L.write_file("/proc/self/uid_map", f"{uid} {uid} 1")
        L.write_file("/proc/self/gid_map", f"{gid} {gid} 1")
    return layers


def set_limits(job: dict[str, Any], in_user_namespace: bool) -> None:
    """CPU, memory, file size, open files and core dumps, as the job asks."""
    cpu = max(1, int(job["cpu_seconds"]))
    memory = int(job["memory_mb"]) << 20
    wanted = {
        resource.RLIMIT_CPU: (cpu, cpu + 1),
        resource.RLIMIT_DATA: (memory, memory),
        resource.RLIMIT_AS: (memory + (4096 << 20), memory + (4096 << 20)),
        resource.RLIMIT_FSIZE: (int(job["file_mb"]) << 20, int(job["file_mb"]) << 20),
        resource.RLIMIT_NOFILE: (256, 256),
        resource.RLIMIT_CORE: (0, 0),
    }
    if in_user_namespace:  # outside one, NPROC counts every process of the uid
        wanted[resource.RLIMIT_NPROC] = (256, 256)
    for which, (soft, hard) in wanted.items():
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (soft, hard))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big file is an OSError, not a death


class Channel:
    """The result pipe: framed messages, written whole."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: dict[str, Any]) -> None:
        from quizprep.sandbox import codec

        data = codec.frame(codec.encode(message))
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]


def describe_error(exc: BaseException, filename: str) -> dict[str, Any]:
    """Type, message and the learner's own frames of an exception, as plain data.

    `bases` are the names along its class's MRO (builtins bare, others `module.qualname`), so
    the grader can tell that `InvalidK(ValueError)` is a ValueError. `raised_here` is true when
    the learner's own line raised it (`raise ...`), not a library it called: only that
    NotImplementedError means "not attempted yet"."""
    everything = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in everything if f.filename == filename]
    last = frames[-1] if frames else None
    lines = traceback.format_list(frames[-4:]) if frames else []
    innermost = everything[-1] if everything else None
    raised_here = (
        innermost is not None
        and innermost.filename == filename
        and (innermost.line or "").lstrip().startswith("raise")
    )
    return {
        "type": type(exc).__name__,
        "bases": [class_name(c) for c in type(exc).__mro__][:30],
        "raised_here": raised_here,
        "message": str(exc)[:2000],
        "line": last.lineno if last else getattr(exc, "lineno", None),
        "code": (last.line or "") if last else "",
        "traceback": "".join(lines)[-4000:],
    }


def class_name(cls: type) -> str:
    """How `bases` names a class: builtins bare ("ValueError"), others `module.qualname`, so a
    learner's own class called ValueError is not taken for the builtin."""
    module = getattr(cls, "__module__", "")
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module == "builtins" else f"{module}.{name}"


def to_data(value: Any, torch_module: Any) -> Any:
    """Turn a learner's result into data the codec can carry (arrays, numbers, containers).

    Subclasses count as what they subclass: a namedtuple or torch's `topk` result is a tuple,
    an OrderedDict a dict, a NumPy scalar or an array subclass its plain NumPy value."""
    import numpy as np

    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True, subok=False)
    if isinstance(value, int):  # an IntEnum
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if torch_module is not None and isinstance(value, torch_module.Tensor):
        tensor = value.detach().to("cpu")
        if tensor.dtype in (torch_module.bfloat16, torch_module.float16):
            tensor = tensor.to(torch_module.float32)
        return np.array(tensor.numpy(), copy=True)
    if isinstance(value, tuple):
        return tuple(to_data(v, torch_module) for v in value)
    if isinstance(value, list):
        return [to_data(v, torch_module) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v, torch_module) for k, v in value.items()}
    return _unsupported(value)


def _unsupported(value: Any) -> Any:
    from quizprep.sandbox.codec import Unsupported

    return Unsupported(type(value).__name__)


def modified_inputs(before: Any, after: Any, path: str = "") -> list[str]:
    """Where `after` (an input after the call) differs from `before` (its copy from before the
    call): "" for the whole value, "[0]" or "['m']" for a part. Arrays and tensors are compared
    value by value (NaN equals NaN), with their shapes and dtypes; other values with `==`.
    Pack check uses it too, to tell whether a reference gives the same inputs twice."""
    import numpy as np

    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray):
            return [path]
        same = (
            before.shape == after.shape
            and before.dtype == after.dtype
            and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
        )
        return [] if same else [path]
    torch_module = sys.modules.get("torch")
    if torch_module is not None and isinstance(before, torch_module.Tensor):
        if not isinstance(after, torch_module.Tensor):
            return [path]
        if before.shape != after.shape or before.dtype != after.dtype:
            return [path]
        equal = before == after
        if before.is_floating_point() or before.is_complex():
            equal |= before.isnan() & after.isnan()
        return [] if bool(equal.all()) else [path]
    if isinstance(before, list | tuple):
        if not isinstance(after, list | tuple) or len(before) != len(after):
            return [path]
        return [
            where
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for where in modified_inputs(b, a, f"{path}[{i}]")
        ]
    if isinstance(before, dict):
        if not isinstance(after, dict) or before.keys() != after.keys():
            return [path]
        return [
            where
            for key in before
            for where in modified_inputs(before[key], after[key], f"{path}[{key!r}]")
        ]
    if isinstance(after, np.ndarray | list | tuple | dict):
        return [path]
    try:
        same = bool(before == after) or (before != before and after != after)  # NaN == NaN
    except Exception:
        same = False
    return [] if same else [path]


def changed_arguments(
    args: tuple[Any, ...], kwargs: dict[str, Any], before: tuple[Any, dict[str, Any]]
) -> list[list[Any]]:
    """The inputs a call changed, each as [position or keyword, path inside it]."""
    old_args, old_kwargs = before
    found: list[list[Any]] = []
    for index, (old, new) in enumerate(zip(old_args, args, strict=True)):
        found += [[index, where] for where in modified_inputs(old, new)]
    for key, old in old_kwargs.items():
        found += [[key, where] for where in modified_inputs(old, kwargs[key])]
    return found


def to_device(value: Any, torch_module: Any, device: str) -> Any:
    """Numpy arrays become tensors on `device` (same dtype); containers are walked."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return torch_module.from_numpy(value).to(device)
    if isinstance(value, tuple):
        return tuple(to_device(v, torch_module, device) for v in value)
    if isinstance(value, list):
        return [to_device(v, torch_module, device) for v in value]
    if isinstance(value, dict):
        return {k: to_device(v, torch_module, device) for k, v in value.items()}
    return value


def run(job: dict[str, Any], channel: Channel, layers: list[str]) -> None:
    """Import the submission and call its entry function on every case, reporting each."""
    set_limits(job, "unprivileged identity" in layers or "user namespace" in layers)
    channel.send({"event": "start", "layers": layers})
    torch_module = None
    if job["torch"]:  # tensor inputs on the job's device
        import torch

        torch.set_num_threads(1)
        torch_module = torch
    filename = job["source_name"]
    # A real module, so that what pickles by reference (multiprocessing's functions) works.
    module = types.ModuleType("submission")
    module.__file__ = filename
    sys.modules["submission"] = module
    namespace: dict[str, Any] = module.__dict__
    try:
        code = compile(job["source"], filename, "exec")
        exec(code, namespace)
    except BaseException as exc:  # the learner's import may raise anything, SystemExit included
        channel.send({"event": "load_error", "error": describe_error(exc, filename)})
        return
    if job["mode"] == "script":
        channel.send({"event": "loaded"})
        channel.send({"event": "done"})
        return
    function = namespace.get(job["entry"])
    if not callable(function):
        error = {"type": "NameError", "message": f"{job['entry']}() is not defined", "line": None}
        channel.send({"event": "load_error", "error": error})
        return
    channel.send({"event": "loaded"})
    for index, case in enumerate(job["cases"]):
        args, kwargs = case["args"], case["kwargs"]
        if torch_module is not None:
            args = to_device(args, torch_module, job["device"])
            kwargs = to_device(kwargs, torch_module, job["device"])
        before = copy.deepcopy((args, kwargs))  # to tell whether the call changed its inputs
        started = time.perf_counter()
        try:
            value = function(*args, **kwargs)
            if torch_module is not None and job["device"] != "cpu":
                torch_module.cuda.synchronize()  # so an asynchronous CUDA error lands here
            message = {"value": to_data(value, sys.modules.get("torch"))}
            changed = changed_arguments(args, kwargs, before)
            if changed:
                message["modified"] = changed
        except BaseException as exc:
            message = {"error": describe_error(exc, filename)}
        message |= {"event": "case", "index": index, "seconds": time.perf_counter() - started}
        channel.send(message)
    sys.stdout.flush()
    channel.send({"event": "done"})


def run_and_exit(job: dict[str, Any], channel: Channel, layers: list[str]) -> NoReturn:
    """`run`, then flush what was printed and leave at once (no atexit handlers of the
    submission's, no interpreter teardown)."""
    try:
        run(job, channel, layers)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)


def decode_job(raw: bytes) -> dict[str, Any]:
    """The job `runner.job_bytes` wrote: settings, then the cases."""
    import struct

    from quizprep.sandbox import codec

    (size,) = struct.unpack_from("<Q", raw, 0)
    job: dict[str, Any] = codec.decode(raw[8 : 8 + size])
    job["cases"] = codec.decode(raw[8 + size :], max_array_bytes=1 << 40)
    return job


def _as_init(child: int) -> int:
    """PID 1 of the namespace: reap everything until the runner ends, then end (taking every
    other process of the namespace with it)."""
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 1
        if pid == child:
            if os.WIFSIGNALED(status):
                return 128 + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


def main(argv: list[str]) -> int:
    """Read the job, isolate, then run it (behind a small init when there is a PID namespace)."""
    job_path, fd = argv[1], int(argv[2])
    with open(job_path, "rb") as handle:
        raw = handle.read()
    os.unlink(job_path)
    layers = isolate()
    if "pid namespace" in layers:
        init = os.fork()
        if init:  # the outer process only waits, and mirrors how the namespace ended
            os.close(fd)
            _, status = os.waitpid(init, 0)
            return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        runner = os.fork()
        if runner:
            os.close(fd)
            os._exit(_as_init(runner))

    run_and_exit(decode_job(raw), Channel(fd), layers)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

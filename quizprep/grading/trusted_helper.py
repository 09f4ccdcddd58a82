"""The helper process that runs a pack's code for the grader (see `grading.trusted`).

It reads requests from a pipe, imports the pack's modules itself (from bytes read within the
pack-file bounds, so nothing is cached into the pack's folder), calls their functions under an
interval timer and a memory limit, checks that what they return is data, and answers with
`sandbox.codec` messages. Before each call it writes when the call began, its line and its
function to a page shared with the grader, whose watchdog kills it when a call overruns in C code.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import mmap
import os
import resource
import signal
import struct
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from quizprep.bank.files import read_pack_file
from quizprep.errors import SchemaError
from quizprep.grading.cases import Case
from quizprep.sandbox import codec, worker

WATCH = struct.Struct("<dI60s")
"""The shared page: when the current call began (0: none), its line, its function's name."""
MAX_MESSAGE_BYTES = 1 << 30
"""The largest request or reply (and the most array bytes in one)."""
MAX_DEPTH = 32
"""Deepest nesting of tuples, lists and dicts in a case or an output."""
DATA = "numbers, bools, NumPy arrays, and tuples, lists and dicts (with str keys) of them"


def serve(argv: Sequence[str]) -> int:
    """The helper's main loop: read a request, answer it, until the grader closes the pipe."""
    requests, replies, watch_fd, parent = map(int, argv)
    server = _Server(mmap.mmap(watch_fd, mmap.PAGESIZE), parent)
    signal.signal(signal.SIGALRM, server.alarm)
    while True:
        head = _read_exactly(requests, 16)
        if head is None:
            return 0
        header_size, blob_size = struct.unpack("<QQ", head)
        header, blob = _read_exactly(requests, header_size), _read_exactly(requests, blob_size)
        if header is None or blob is None:
            return 0
        reply = server.answer(codec.decode(header), blob)
        view = memoryview(struct.pack("<Q", len(reply)) + reply)
        while view:
            view = view[os.write(replies, view) :]


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(descriptor, min(size - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


class _OutOfTime(BaseException):
    """Raised in pack code by the helper's timer (a BaseException: `except Exception` in the
    pack's code does not swallow it)."""


class _Failure(Exception):
    """A request that failed; `record` becomes the PackCodeError in the grader."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record


class _Raised(Exception):
    """Pack code raised `error` (an ordinary exception: a mutant's may be kept as an outcome)."""

    def __init__(self, error: Exception) -> None:
        self.error = error


class _NotData(Exception):
    """Pack code returned `what` (somewhere in its result), which cannot cross as data."""

    def __init__(self, value: Any, where: str, what: str) -> None:
        self.what = what
        where = where if len(where) <= 40 else where[:40] + "..."
        whose = f"{_a(value)} whose {where} is " if where else ""
        self.message = f"returned {whose}{what}, which is not data: return {DATA}"


class _Server:
    """Answers the grader's requests: `info` (a module's functions), `cases` (a reference's
    cases, and its outputs for them) and `call` (a function on each of a list of cases)."""

    def __init__(self, watch: mmap.mmap, parent: int) -> None:
        self.watch, self.parent = watch, parent
        self.modules: dict[Path, ModuleType] = {}
        self.seconds = 60.0  # each request sets it
        self.memory_mb = 0
        self.active = False

    def alarm(self, signum: int, frame: object) -> None:
        if os.getppid() != self.parent:  # the grader is gone: nobody waits for an answer
            os._exit(1)
        if self.active:
            raise _OutOfTime

    def answer(self, header: dict[str, Any], blob: bytes) -> bytes:
        path = Path(header["path"])
        self.seconds, self.memory_mb = float(header["seconds"]), int(header["memory_mb"])
        device = header.get("device")
        try:
            with _memory_limit(None if device else self.memory_mb):
                result = getattr(self, f"op_{header['op']}")(path, header, blob)
            return codec.encode({"result": result})
        except _Failure as failure:
            return codec.encode({"error": failure.record})
        except _OutOfTime:  # the timer fired just as a call returned
            message = f"did not return within {self.seconds:g} s"
            return codec.encode({"error": _record(path, None, "", message, "timeout")})
        except MemoryError:
            record = _record(path, None, "", "ran out of memory sending its result", "memory")
            return codec.encode({"error": record})
        except Exception as exc:  # the helper's own failure: say so, and keep serving
            message = f"the grader's helper failed: {type(exc).__name__}: {exc}"
            return codec.encode({"error": _record(path, None, "", message, "crashed")})

    # The operations.

    def op_info(self, path: Path, header: dict[str, Any], blob: bytes) -> dict[str, int]:
        module = self.module(path)
        return {
            name: value.__code__.co_firstlineno
            for name, value in vars(module).items()
            if hasattr(value, "__code__") and getattr(value, "__module__", None) == module.__name__
        }

    def op_cases(self, path: Path, header: dict[str, Any], blob: bytes) -> dict[str, Any]:
        module = self.module(path)
        missing = [n for n in ("reference", "edge_cases", "random_case") if not hasattr(module, n)]
        if missing:
            message = f"reference module lacks {', '.join(missing)}"
            raise _Failure(_record(path, None, "", message, "missing"))
        edge = self.strict_call(path, module.edge_cases)
        if not isinstance(edge, list | tuple):
            raise self.failure(path, module.edge_cases, f"returned {_a(edge)}, not a list of Case")
        rng = np.random.default_rng(int(header["seed"]))
        cases: list[tuple[Callable[..., Any], Any]] = [(module.edge_cases, case) for case in edge]
        for index in range(int(header["count"])):
            case = self.strict_call(path, module.random_case, rng, index)
            cases.append((module.random_case, case))
        for index, (source, case) in enumerate(cases):
            problem = _case_problem(case)
            if problem is not None:
                name = f" ({case.name})" if isinstance(case, Case) else ""
                raise self.failure(path, source, f"case {index + 1}{name}: {problem}")
        expected = None
        if header["outputs"]:
            try:
                expected = [
                    None if case.raises else self.output(path, module.reference, case)[0]
                    for _, case in cases
                ]
            except _Raised as raised:
                raise _Failure(self.raised_record(path, raised.error, module.reference)) from None
            except _NotData as not_data:
                raise self.failure(path, module.reference, not_data.message) from None
        return {
            "cases": [
                {"name": c.name, "args": tuple(c.args), "kwargs": c.kwargs, "raises": c.raises}
                for _, c in cases
            ],
            "edge_count": len(edge),
            "expected": expected,
        }

    def op_call(self, path: Path, header: dict[str, Any], blob: bytes) -> list[dict[str, Any]]:
        module = self.module(path)
        name = str(header["function"])
        function = getattr(module, name, None)
        if not callable(function):
            raise _Failure(_record(path, None, "", f"defines no function {name}()", "missing"))
        device = header.get("device")
        outcomes = []
        for item in codec.decode(blob, max_array_bytes=MAX_MESSAGE_BYTES):
            case = Case("call", tuple(item["args"]), dict(item["kwargs"]))
            try:
                with _on_device(device):
                    value, changed = self.output(path, function, case, watch=header["keep"])
                outcome = {"value": value}
                if changed:  # a mutant that changes its inputs in place
                    outcome["modified"] = changed
                outcomes.append(outcome)
            except _Raised as raised:
                if not header["keep"]:
                    raise _Failure(self.raised_record(path, raised.error, function)) from None
                outcomes.append(
                    {
                        "raised": type(raised.error).__name__,
                        "bases": [worker.class_name(c) for c in type(raised.error).__mro__],
                    }
                )
            except _NotData as not_data:
                if not header["keep"]:
                    raise self.failure(path, function, not_data.message) from None
                outcomes.append({"not_data": not_data.what})
        return outcomes

    # Loading and calling pack code.

    def module(self, path: Path) -> ModuleType:
        if path in self.modules:
            return self.modules[path]
        try:
            source = read_pack_file(path)
        except SchemaError as exc:
            raise _Failure(_record(path, None, "", exc.message, "file")) from None
        name = f"_quizprep_pack_{abs(hash(path)):x}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None:
            raise _Failure(_record(path, None, "", "cannot be imported", "file"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            code = self.call(path, compile, source, str(path), "exec", dont_inherit=True)
            self.call(path, exec, code, module.__dict__)
        except _Raised as raised:
            del sys.modules[name]
            raise _Failure(self.raised_record(path, raised.error, compile)) from None
        except _Failure:
            del sys.modules[name]
            raise
        self.modules[path] = module
        return module

    def output(
        self, path: Path, function: Callable[..., Any], case: Case, *, watch: bool = False
    ) -> tuple[Any, list[list[Any]]]:
        """`function` on a copy of the case's inputs, and, when `watch`ed (a mutant's call),
        which of them it changed in place, as the sandbox worker reports a submission's; its
        result must be data."""
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        value = normalise(self.call(path, function, *args, **kwargs))
        problem = _not_data(value, outputs=True)
        if problem is not None:
            raise _NotData(value, *problem)
        if not watch:  # a reference works on copies: what it does to them changes nothing
            return value, []
        return value, worker.changed_arguments(args, kwargs, (case.args, case.kwargs))

    def strict_call(self, path: Path, function: Callable[..., Any], *args: Any) -> Any:
        """`call`, with an exception it raises a failure of the request."""
        try:
            return self.call(path, function, *args)
        except _Raised as raised:
            raise _Failure(self.raised_record(path, raised.error, function)) from None

    def call(self, path: Path, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call pack code under the time limit (the interval timer, and the grader's watchdog
        through the watch page); an exception it raises comes out as _Raised."""
        name = "import" if _imports(function) else getattr(function, "__name__", "?")
        line = getattr(getattr(function, "__code__", None), "co_firstlineno", 1)
        WATCH.pack_into(self.watch, 0, time.monotonic(), line, name.encode()[:60])
        self.active = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return function(*args, **kwargs)
        except _OutOfTime as exc:
            verb = "finish" if name == "import" else "return"
            message = f"did not {verb} within {self.seconds:g} s"
            raise _Failure(self.where(path, exc, function, message, "timeout")) from None
        except MemoryError as exc:
            message = (
                f"ran out of memory (limit {self.memory_mb} MB; raise the exercise's memory_mb "
                "if it needs more)"
            )
            raise _Failure(self.where(path, exc, function, message, "memory")) from None
        except Exception as exc:
            raise _Raised(exc) from exc
        except BaseException as exc:  # SystemExit, KeyboardInterrupt: never end the helper
            message = f"raised {type(exc).__name__}: return a value instead"
            raise _Failure(self.where(path, exc, function, message, "raised")) from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.active = False
            WATCH.pack_into(self.watch, 0, 0.0, 0, b"")

    def where(
        self, path: Path, exc: BaseException, function: Any, message: str, kind: str
    ) -> dict[str, Any]:
        """The record of a failure at the deepest line of the module's file in the traceback
        (and the function it was in), else at the `def` of the function called."""
        line = getattr(getattr(function, "__code__", None), "co_firstlineno", None)
        name = "import" if _imports(function) else f"{getattr(function, '__name__', '?')}()"
        if isinstance(exc, SyntaxError) and exc.filename == str(path):
            line, name = exc.lineno, "import"
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == str(path):
                line = frame.lineno
                name = "import" if frame.name == "<module>" else f"{frame.name}()"
        return _record(path, line, name, message, kind)

    def raised_record(self, path: Path, error: Exception, function: Any) -> dict[str, Any]:
        text = " ".join(str(error).split())[:300]
        message = f"raised {type(error).__name__}" + (f": {text}" if text else "")
        return self.where(path, error, function, message, "raised")

    def failure(self, path: Path, function: Any, message: str, kind: str = "not data") -> _Failure:
        line = getattr(getattr(function, "__code__", None), "co_firstlineno", None)
        return _Failure(
            _record(path, line, f"{getattr(function, '__name__', '?')}()", message, kind)
        )


def _imports(function: Any) -> bool:
    return function is compile or function is exec


def _record(path: Path, line: int | None, function: str, message: str, kind: str) -> dict[str, Any]:
    return {"path": str(path), "line": line, "function": function, "message": message, "kind": kind}


@contextlib.contextmanager
def _memory_limit(memory_mb: int | None) -> Iterator[None]:
    """Let pack code allocate `memory_mb` more than the helper holds now (RLIMIT_DATA: the
    helper's private memory, so torch's reserved address space does not count)."""
    used = _data_bytes() if memory_mb else None
    if used is None or memory_mb is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = used + (memory_mb << 20)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def _data_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("VmData:"):
                    return int(row.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


@contextlib.contextmanager
def _on_device(device: str | None) -> Iterator[None]:
    if device is None:
        yield
        return
    from quizprep.grading.noise import torch_on

    with torch_on(device):
        yield


def normalise(value: Any) -> Any:
    """Give pack code's outputs the shape of decoded worker data (numpy scalars -> Python,
    torch tensors -> arrays)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return tuple(normalise(v) for v in value)
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch tensor
        return np.asarray(value.detach().cpu().numpy())
    return value


def _a(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _not_data(
    value: Any, *, outputs: bool, where: str = "", depth: int = 0
) -> tuple[str, str] | None:
    """Where in `value` something is that cannot cross as data, and what it is. Outputs are
    numbers, bools, arrays and containers of them; case inputs may also hold str and None."""
    if depth > MAX_DEPTH:
        return where, f"nested more than {MAX_DEPTH} levels deep"
    if isinstance(value, bool | int | float) or (
        not outputs and (value is None or isinstance(value, str))
    ):
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in codec.ALLOWED_KINDS and not value.dtype.hasobject:
            return None
        return where, f"an array of dtype {value.dtype}"
    if isinstance(value, tuple | list):
        for index, item in enumerate(value):
            found = _not_data(item, outputs=outputs, where=f"{where}[{index}]", depth=depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or key.startswith("__"):
                return where, f"a dict with the key {key!r}"
            found = _not_data(item, outputs=outputs, where=f"{where}[{key!r}]", depth=depth + 1)
            if found is not None:
                return found
        return None
    return where, _a(value)


def _case_problem(case: Any) -> str | None:
    """Why `case` is not a Case that can be sent to a submission, or None."""
    if not isinstance(case, Case):
        return f"is {_a(case)}, not a Case"
    if not isinstance(case.name, str):
        return f"its name is {_a(case.name)}, not a str"
    if not isinstance(case.args, tuple | list) or not isinstance(case.kwargs, dict):
        return "args must be a tuple and kwargs a dict"
    if case.raises is not None and not isinstance(case.raises, str):
        return f"raises is {_a(case.raises)}, not the name of an exception"
    for label, value in (("args", tuple(case.args)), ("kwargs", case.kwargs)):
        found = _not_data(value, outputs=False, where=label)
        if found is not None:
            where, what = found
            return f"{where} is {what}, which cannot be sent to a submission"
    return None

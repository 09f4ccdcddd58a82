"""Isolation layers of SANDBOX.md, each applied where the OS allows and reported either way.

Every function here returns a `Layer`: its name, whether it is active, and (when not) why. They
are called in the sandbox's own processes (the zygote and the per-submission children), never
in the grader. Linux only; on anything else every layer reports itself missing.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
from dataclasses import dataclass

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACE_FLAGS = (
    CLONE_NEWNS
    | CLONE_NEWCGROUP
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
)

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_NOATIME = 1024
MS_NODIRATIME = 2048
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MS_RELATIME = 1 << 21
MS_STRICTATIME = 1 << 24

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4


@dataclass(frozen=True)
class Layer:
    """One isolation layer: active, or missing and why."""

    name: str
    active: bool
    why: str = ""

    def to_data(self) -> dict[str, object]:
        """Plain data for the worker protocol."""
        return {"name": self.name, "active": self.active, "why": self.why}


_LIBC: ctypes.CDLL | None = None


def libc_handle() -> ctypes.CDLL:
    """The C library, with errno kept for `last_error`."""
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def last_error() -> str:
    """The errno of the last failed libc call, as text."""
    number = ctypes.get_errno()
    return f"{errno.errorcode.get(number, number)}: {os.strerror(number)}"


def check_result(result: int) -> str | None:
    """None when a libc call succeeded, else its error as text."""
    return None if result == 0 else last_error()


def unshare(flags: int) -> str | None:
    """unshare(2); None on success, else the error."""
    return check_result(int(libc_handle().unshare(ctypes.c_int(flags))))


def setns(fd: int, nstype: int) -> str | None:
    """setns(2) (os.setns exists only from Python 3.12); None on success, else the error."""
    return check_result(int(libc_handle().setns(ctypes.c_int(fd), ctypes.c_int(nstype))))


def prctl(option: int, arg: int = 0) -> str | None:
    """prctl(2) with one argument; None on success, else the error."""
    libc = libc_handle()
    zero = ctypes.c_ulong(0)
    return check_result(int(libc.prctl(option, ctypes.c_ulong(arg), zero, zero, zero)))


def mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str = ""
) -> str | None:
    """mount(2); None on success, else the error."""
    result = libc_handle().mount(
        _bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data or None)
    )
    return check_result(int(result))


def _bytes(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def write_file(path: str, text: str) -> str | None:
    """Write `text` to `path` (a /proc control file); None on success, else the error."""
    try:
        with open(path, "w") as handle:
            handle.write(text)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def work_tmpfs(path: str, size_mb: int) -> str | None:
    """A private, size-capped tmpfs for one submission's files (caps its total disk use)."""
    return mount("quizprep-work", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_mb}m,mode=0700")


def own_proc() -> str | None:
    """A /proc that shows only the submission's PID namespace."""
    return mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


# --- capabilities ---------------------------------------------------------------------------

_CAPSET = {"x86_64": 126, "aarch64": 91}


def _last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as handle:
            return int(handle.read())
    except (OSError, ValueError):
        return 63


def drop_capabilities() -> Layer:
    """No capabilities, none regained by exec (empty bounding set), no new privileges."""
    machine = platform.machine()
    for cap in range(_last_capability() + 1):
        prctl(PR_CAPBSET_DROP, cap)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    nnp = prctl(PR_SET_NO_NEW_PRIVS, 1)
    if machine not in _CAPSET:
        return Layer("no capabilities", False, f"capset not wired for {machine}")
    header = struct.pack("Ii", 0x20080522, 0)
    data = bytes(24)
    result = libc_handle().syscall(_CAPSET[machine], header, data)
    if result != 0:
        return Layer("no capabilities", False, f"capset: {last_error()}")
    return Layer("no capabilities", nnp is None, nnp or "")


# --- Landlock -------------------------------------------------------------------------------

_LANDLOCK_CREATE, _LANDLOCK_ADD_RULE, _LANDLOCK_RESTRICT = 444, 445, 446
_LL_WRITE_FILE = 1 << 1
_LL_TRUNCATE = 1 << 14
_LL_WRITES_V1 = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))
_LL_REFER = 1 << 13
_LL_SCOPE_ABSTRACT_UNIX = 1 << 0
_LL_SCOPE_SIGNAL = 1 << 1


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when there is none."""
    if platform.system() != "Linux":
        return 0
    result = int(
        libc_handle().syscall(_LANDLOCK_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    )
    return max(result, 0)


def landlock(writable: list[str]) -> Layer:
    """Writes only beneath `writable` (and to /dev/null); from ABI 6 also no signals and no
    abstract Unix sockets beyond the submission's own processes."""
    abi = landlock_abi()
    if abi < 1:
        return Layer("landlock", False, "the kernel has no Landlock")
    handled = _LL_WRITES_V1 | (_LL_REFER if abi >= 2 else 0) | (_LL_TRUNCATE if abi >= 3 else 0)
    scoped = (_LL_SCOPE_ABSTRACT_UNIX | _LL_SCOPE_SIGNAL) if abi >= 6 else 0
    attr = struct.pack("QQQ", handled, 0, scoped) if abi >= 6 else struct.pack("Q", handled)
    libc = libc_handle()
    ruleset = int(
        libc.syscall(_LANDLOCK_CREATE, attr, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    )
    if ruleset < 0:
        return Layer("landlock", False, f"create ruleset: {last_error()}")
    try:
        rules = [(path, handled) for path in writable]
        rules.append(("/dev/null", _LL_WRITE_FILE | (_LL_TRUNCATE if abi >= 3 else 0)))
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):  # a file (/dev/null): file rights only
                    access &= _LL_WRITE_FILE | _LL_TRUNCATE
                rule = struct.pack("=Qi", access, fd)
                if libc.syscall(_LANDLOCK_ADD_RULE, ruleset, 1, rule, 0) != 0:
                    return Layer("landlock", False, f"add rule for {path}: {last_error()}")
            finally:
                os.close(fd)
        if prctl(PR_SET_NO_NEW_PRIVS, 1) is not None:
            return Layer("landlock", False, f"no_new_privs: {last_error()}")
        if libc.syscall(_LANDLOCK_RESTRICT, ruleset, 0) != 0:
            return Layer("landlock", False, f"restrict: {last_error()}")
    finally:
        os.close(ruleset)
    return Layer("landlock", True, f"ABI {abi}")

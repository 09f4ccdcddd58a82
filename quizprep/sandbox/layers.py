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
_MOUNT_OPTION_FLAGS = {
    "nosuid": MS_NOSUID,
    "nodev": MS_NODEV,
    "noexec": MS_NOEXEC,
    "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME,
    "relatime": MS_RELATIME,
    "strictatime": MS_STRICTATIME,
}

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


def _libc() -> ctypes.CDLL:
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def _error() -> str:
    number = ctypes.get_errno()
    return f"{errno.errorcode.get(number, number)}: {os.strerror(number)}"


def _check(result: int) -> str | None:
    """None when a libc call succeeded, else its error as text."""
    return None if result == 0 else _error()


def unshare(flags: int) -> str | None:
    """unshare(2); None on success, else the error."""
    return _check(int(_libc().unshare(ctypes.c_int(flags))))


def setns(fd: int, nstype: int) -> str | None:
    """setns(2) (os.setns exists only from Python 3.12); None on success, else the error."""
    return _check(int(_libc().setns(ctypes.c_int(fd), ctypes.c_int(nstype))))


def prctl(option: int, arg: int = 0) -> str | None:
    """prctl(2) with one argument; None on success, else the error."""
    libc = _libc()
    zero = ctypes.c_ulong(0)
    return _check(int(libc.prctl(option, ctypes.c_ulong(arg), zero, zero, zero)))


def mount(
    source: str | None, target: str, fstype: str | None, flags: int, data: str = ""
) -> str | None:
    """mount(2); None on success, else the error."""
    result = _libc().mount(
        _bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data or None)
    )
    return _check(int(result))


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


def enter_namespaces() -> list[Layer]:
    """User + network + mount namespaces for the zygote (before any thread exists). Root
    without user namespaces still gets network and mount namespaces."""
    uid, gid = os.getuid(), os.getgid()
    wanted = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
    why = unshare(wanted)
    if why is None:
        write_file("/proc/self/setgroups", "deny")
        problem = write_file("/proc/self/uid_map", f"{uid} {uid} 1") or write_file(
            "/proc/self/gid_map", f"{gid} {gid} 1"
        )
        if problem is None:
            return [
                Layer("user namespace", True),
                Layer("network namespace", True),
                Layer("mount namespace", True),
            ]
        why = f"uid map: {problem}"
    layers = [Layer("user namespace", False, why)]
    second = unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC)
    if second is None:
        return [*layers, Layer("network namespace", True), Layer("mount namespace", True)]
    net = unshare(CLONE_NEWNET)
    return [
        *layers,
        Layer("network namespace", net is None, net or ""),
        Layer("mount namespace", False, second),
    ]


def private_mounts() -> str | None:
    """Stop mount events from propagating back to the host."""
    return mount(None, "/", None, MS_REC | MS_PRIVATE)


def hide(paths: list[str], existing: list[str] | None = None) -> Layer:
    """Cover each existing folder with an empty read-only tmpfs (reference answers, progress,
    cache); the folders that existed (covered or not) are appended to `existing`. A folder
    inside one already covered needs nothing more."""
    existing = [] if existing is None else existing
    present = sorted({path for path in paths if os.path.isdir(path)})
    existing += present
    covered: list[str] = []
    problems: list[str] = []
    for path in present:  # sorted, so a parent comes before what is inside it
        if any(path.startswith(parent.rstrip("/") + "/") for parent in covered):
            continue
        flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
        why = mount("quizprep-hidden", path, "tmpfs", flags, "size=4k,mode=000")
        if why is None:
            covered.append(path)
        else:
            problems.append(f"{path}: {why}")
    if problems:
        return Layer("hidden reference folders", False, "; ".join(problems))
    return Layer("hidden reference folders", True, f"{len(covered)} folder(s)")


def read_only_filesystem() -> Layer:
    """Remount every mount read-only (bind remounts keep their nosuid/nodev/noexec flags)."""
    try:
        with open("/proc/self/mountinfo") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        return Layer("read-only filesystem", False, f"cannot read mountinfo: {exc.strerror}")
    failed = []
    for line in lines:
        fields = line.split()
        if len(fields) < 6:
            continue
        target = fields[4].replace("\\040", " ")
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in fields[5].split(","):
            flags |= _MOUNT_OPTION_FLAGS.get(option, 0)
        if mount(None, target, None, flags) is not None:
            failed.append(target)
    root_ok = "/" not in failed
    why = f"could not remount {', '.join(failed[:4])}" if failed else ""
    return Layer("read-only filesystem", root_ok, why)


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
    result = _libc().syscall(_CAPSET[machine], header, data)
    if result != 0:
        return Layer("no capabilities", False, f"capset: {_error()}")
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
    result = int(_libc().syscall(_LANDLOCK_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1)))
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
    libc = _libc()
    ruleset = int(
        libc.syscall(_LANDLOCK_CREATE, attr, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    )
    if ruleset < 0:
        return Layer("landlock", False, f"create ruleset: {_error()}")
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
                    return Layer("landlock", False, f"add rule for {path}: {_error()}")
            finally:
                os.close(fd)
        if prctl(PR_SET_NO_NEW_PRIVS, 1) is not None:
            return Layer("landlock", False, f"no_new_privs: {_error()}")
        if libc.syscall(_LANDLOCK_RESTRICT, ruleset, 0) != 0:
            return Layer("landlock", False, f"restrict: {_error()}")
    finally:
        os.close(ruleset)
    return Layer("landlock", True, f"ABI {abi}")


# --- seccomp --------------------------------------------------------------------------------

_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_DENIED = {
    # socket, ptrace, process_vm_readv/writev, mount, umount2, pivot_root, unshare, setns, keyctl,
    # add_key, request_key, bpf, userfaultfd, perf_event_open, io_uring_setup/enter/register,
    # kexec_load, init_module, finit_module, delete_module, open_by_handle_at
    "x86_64": (
        41,
        101,
        310,
        311,
        165,
        166,
        155,
        272,
        308,
        250,
        248,
        249,
        321,
        323,
        298,
        425,
        426,
        427,
        246,
        175,
        313,
        176,
        304,
    ),
    "aarch64": (
        198,
        117,
        270,
        271,
        40,
        39,
        41,
        97,
        268,
        219,
        217,
        218,
        280,
        282,
        241,
        425,
        426,
        427,
        104,
        105,
        273,
        106,
        265,
    ),
}
_CLONE = {"x86_64": 56, "aarch64": 220}
_CLONE3 = 435
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp() -> Layer:
    """Deny the system calls a submission never needs and an attacker would: sockets (so no
    file-path Unix sockets either), ptrace and process_vm_*, mounts and namespaces, io_uring,
    BPF, keyrings, module loading, and clone with namespace flags."""
    machine = platform.machine()
    if machine not in _ARCH:
        return Layer("seccomp", False, f"no syscall table for {machine}")
    load, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    eperm = _RET_ERRNO | errno.EPERM
    program = [
        _insn(load, 0, 0, 4),  # arch
        _insn(jeq, 1, 0, _ARCH[machine]),
        _insn(ret, 0, 0, _RET_KILL_PROCESS),
        _insn(load, 0, 0, 0),  # syscall number
    ]
    if machine == "x86_64":  # the x32 ABI would bypass the numbers below
        program += [_insn(jge, 0, 1, 0x40000000), _insn(ret, 0, 0, eperm)]
    for number in _DENIED[machine]:
        program += [_insn(jeq, 0, 1, number), _insn(ret, 0, 0, eperm)]
    program += [
        _insn(jeq, 0, 1, _CLONE3),
        _insn(ret, 0, 0, _RET_ERRNO | errno.ENOSYS),  # libc falls back to clone
        _insn(jeq, 0, 3, _CLONE[machine]),
        _insn(load, 0, 0, 16),  # clone's flags (low 32 bits of argument 0)
        _insn(jset, 0, 1, NAMESPACE_FLAGS),
        _insn(ret, 0, 0, eperm),
        _insn(ret, 0, 0, _RET_ALLOW),
    ]
    code = b"".join(program)
    buffer = ctypes.create_string_buffer(code, len(code))
    fprog = struct.pack("HxxxxxxQ", len(program), ctypes.addressof(buffer))
    if prctl(PR_SET_NO_NEW_PRIVS, 1) is not None:
        return Layer("seccomp", False, f"no_new_privs: {_error()}")
    libc = _libc()
    zero = ctypes.c_ulong(0)
    result = libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(2), ctypes.c_char_p(fprog), zero, zero)
    if result != 0:
        return Layer("seccomp", False, f"filter: {_error()}")
    return Layer("seccomp", True)

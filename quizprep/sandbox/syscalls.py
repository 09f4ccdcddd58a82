"""The seccomp allow-list: the system calls NumPy, PyTorch (CPU, and the CUDA driver where
present) and CPython's standard library need, and nothing else.

Built with libseccomp (the library nsjail, systemd and container runtimes use), which knows each
architecture's syscall numbers. A call not on the list fails with EPERM (ENOSYS for the few
that libc falls back from), so a submission sees an ordinary Python exception, never a kill
that looks like a crash. `clone` with namespace flags is refused too.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import struct
from dataclasses import dataclass

from quizprep.sandbox import layers as L

_GROUPS = {
    "files and descriptors": (
        "read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 open "
        "openat openat2 creat close close_range lseek _llseek dup dup2 dup3 fcntl fcntl64 "
        "flock fsync fdatasync sync_file_range fallocate fadvise64 ftruncate truncate "
        "stat fstat lstat newfstatat fstatat64 statx statfs fstatfs access faccessat "
        "faccessat2 getdents getdents64 getcwd chdir fchdir mkdir mkdirat rmdir rename "
        "renameat renameat2 link linkat unlink unlinkat symlink symlinkat readlink "
        "readlinkat chmod fchmod fchmodat umask utime utimes utimensat futimesat sendfile "
        "copy_file_range splice tee ioctl pipe pipe2 readahead"
    ),
    "memory": ("brk mmap mmap2 munmap mremap mprotect msync mincore madvise membarrier"),
    "processes, threads, signals": (
        "clone fork vfork execve execveat exit exit_group wait4 waitid kill tgkill tkill "
        "getpid getppid gettid getpgid getpgrp setpgid getsid setsid getuid geteuid "
        "getgid getegid getresuid getresgid getgroups capget set_tid_address "
        "set_robust_list get_robust_list futex futex_waitv rseq restart_syscall "
        "rt_sigaction rt_sigprocmask rt_sigreturn rt_sigpending rt_sigtimedwait "
        "rt_sigqueueinfo rt_tgsigqueueinfo rt_sigsuspend sigaltstack pause alarm "
        "getitimer setitimer prctl arch_prctl getrlimit setrlimit prlimit64 getrusage "
        "getpriority setpriority sched_yield sched_getaffinity sched_setaffinity "
        "sched_getparam sched_getscheduler sched_get_priority_max sched_get_priority_min "
        "sched_getattr getcpu pidfd_open pidfd_send_signal"
    ),
    "time": (
        "nanosleep clock_nanosleep clock_gettime clock_getres gettimeofday time times "
        "timer_create timer_settime timer_gettime timer_getoverrun timer_delete "
        "timerfd_create timerfd_settime timerfd_gettime"
    ),
    "waiting for events": (
        "poll ppoll select pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait "
        "epoll_pwait epoll_pwait2 eventfd eventfd2 signalfd signalfd4"
    ),
    "sockets a process already holds (socketpair for multiprocessing; no new sockets)": (
        "socketpair sendmsg recvmsg sendto recvfrom shutdown getsockopt setsockopt "
        "getsockname getpeername"
    ),
    "the rest of an ordinary process": ("uname sysinfo getrandom"),
}
ALLOWED = tuple(call for calls in _GROUPS.values() for call in calls.split())
"""What a job may call. Absent on purpose: socket, connect, bind; ptrace, process_vm_*; mount,
umount2, pivot_root, unshare, setns; SysV IPC (shmget, msgget, semget, ...); memfd_create (an
uncounted memory file); io_uring_*, bpf, userfaultfd, perf_event_open, keyctl, add_key;
setuid and friends; module and kexec calls; chown (a job owns its files already)."""

FALLBACK_ENOSYS = ("clone3", "memfd_create", "memfd_secret")
"""Refused as "not implemented": libc and Python fall back from these to something allowed."""

_ACT_ALLOW = 0x7FFF0000
_ATTR_ACT_BADARCH = 2
_CMP_MASKED_EQ = 7
_SECCOMP_MODE_FILTER = 2


def _errno_action(number: int) -> int:
    return 0x00050000 | (number & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


def _library() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(_ArgCmp),
    ]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


_LIB: ctypes.CDLL | None = None
_LOADED = False


def library() -> ctypes.CDLL | None:
    """libseccomp, loaded once (in the zygote, before the root is swapped)."""
    global _LIB, _LOADED
    if not _LOADED:
        _LIB, _LOADED = _library(), True
    return _LIB


@dataclass(frozen=True)
class Filter:
    """The allow-list compiled to BPF once (in the zygote), loaded by each worker in
    microseconds (compiling it costs ~3.5 ms)."""

    program: bytes
    allowed: int


def compile_filter() -> Filter | str:
    """The allow-list as a BPF program for this architecture, or why there is none."""
    lib = library()
    if lib is None:
        return "libseccomp is not installed"
    context = lib.seccomp_init(_errno_action(errno.EPERM))
    if not context:
        return "seccomp_init failed"
    try:
        # another ABI's calls (x32, i386 on x86_64) are refused the same way, not killed
        lib.seccomp_attr_set(context, _ATTR_ACT_BADARCH, _errno_action(errno.EPERM))
        allowed = 0
        for call in ALLOWED:
            number = lib.seccomp_syscall_resolve_name(call.encode())
            if number < 0:
                continue  # not a syscall on this architecture (e.g. open on aarch64)
            if call == "clone":  # no new namespaces: (flags & NAMESPACE_FLAGS) == 0
                check = _ArgCmp(0, _CMP_MASKED_EQ, L.NAMESPACE_FLAGS, 0)
                result = lib.seccomp_rule_add_array(context, _ACT_ALLOW, number, 1, check)
            else:
                result = lib.seccomp_rule_add_array(context, _ACT_ALLOW, number, 0, None)
            if result != 0:
                return f"rule for {call}: {errno.errorcode.get(-result)}"
            allowed += 1
        for call in FALLBACK_ENOSYS:
            number = lib.seccomp_syscall_resolve_name(call.encode())
            if number >= 0:
                lib.seccomp_rule_add_array(context, _errno_action(errno.ENOSYS), number, 0, None)
        export = os.memfd_create("quizprep-seccomp", os.MFD_CLOEXEC)
        try:
            result = lib.seccomp_export_bpf(context, export)
            if result != 0:
                return f"export: {errno.errorcode.get(-result, result)}"
            program = os.pread(export, 1 << 20, 0)
        finally:
            os.close(export)
    finally:
        lib.seccomp_release(context)
    return Filter(program, allowed)


def apply(compiled: Filter | str) -> L.Layer:
    """Load the compiled allow-list into this process (and everything it starts)."""
    name = "seccomp allow-list"
    if isinstance(compiled, str):
        return L.Layer(name, False, compiled)
    if L.prctl(L.PR_SET_NO_NEW_PRIVS, 1) is not None:
        return L.Layer(name, False, "no_new_privs refused")
    buffer = ctypes.create_string_buffer(compiled.program, len(compiled.program))
    fprog = struct.pack("HxxxxxxQ", len(compiled.program) // 8, ctypes.addressof(buffer))
    zero = ctypes.c_ulong(0)
    result = L.libc_handle().prctl(
        L.PR_SET_SECCOMP, ctypes.c_ulong(_SECCOMP_MODE_FILTER), ctypes.c_char_p(fprog), zero, zero
    )
    if result != 0:
        return L.Layer(name, False, f"filter: {L.last_error()}")
    return L.Layer(name, True, f"{compiled.allowed} calls allowed")

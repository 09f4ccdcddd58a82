"""Building a job's jail from its `Policy`: the allow-listed root, the identity, the per-job mounts.

Run in the sandbox's own processes only (the zygote, then each worker), inside their user and
mount namespaces; never in the grader. Every step returns a `Layer` saying whether it held.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform

from quizprep.sandbox import layers as L
from quizprep.sandbox.policy import Mount, Policy

_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
_MNT_DETACH = 2
_ST_TO_MS = {  # statvfs flags that a bind remount must keep (locked in a user namespace)
    os.ST_NOSUID: L.MS_NOSUID,
    os.ST_NODEV: L.MS_NODEV,
    os.ST_NOEXEC: L.MS_NOEXEC,
    os.ST_NOATIME: L.MS_NOATIME,
    os.ST_NODIRATIME: L.MS_NODIRATIME,
    os.ST_RELATIME: L.MS_RELATIME,
}
NEW_ROOT_CANDIDATES = ("/mnt", "/media", "/srv", "/opt", "/var/tmp", "/tmp", "/run")
"""Where the new root is assembled: the first empty-enough folder holding no bind source."""


def enter_user_namespace(policy: Policy) -> tuple[L.Layer, bool]:
    """A user namespace (with network, mount, IPC and UTS ones) in which the zygote keeps its
    own uid and `policy.uid` exists: mapped to the host's `policy.uid` when the grader is root
    (so the job owns nothing), else to the grader's own uid (the only one it may map). Also
    whether the process now has a mount namespace of its own (root without user namespaces
    still gets one): only then may a root be built."""
    uid, gid = os.getuid(), os.getgid()
    others = L.CLONE_NEWNET | L.CLONE_NEWNS | L.CLONE_NEWIPC | L.CLONE_NEWUTS
    flags = L.CLONE_NEWUSER | others
    if uid != 0:
        why = L.unshare(flags)
        if why is not None:
            return L.Layer("user namespace", False, why), False
        L.write_file("/proc/self/setgroups", "deny")
        problem = L.write_file("/proc/self/uid_map", f"{policy.uid} {uid} 1") or L.write_file(
            "/proc/self/gid_map", f"{policy.gid} {gid} 1"
        )
        layer = L.Layer("user namespace", problem is None, problem or f"uid {policy.uid}")
        return layer, True
    # Root: only a process outside the new namespace may map more than its own uid, so a
    # child (still outside) writes our maps once we have unshared.
    ready_read, ready_write = os.pipe()
    done_read, done_write = os.pipe()
    helper = os.fork()
    if helper == 0:
        os.close(ready_write)
        os.close(done_read)
        code = 1
        if os.read(ready_read, 1) == b"U":
            parent = os.getppid()
            maps = f"0 0 1\n{policy.uid} {policy.uid} 1\n"
            gmaps = f"0 0 1\n{policy.gid} {policy.gid} 1\n"
            problem = L.write_file(f"/proc/{parent}/uid_map", maps) or L.write_file(
                f"/proc/{parent}/gid_map", gmaps
            )
            os.write(done_write, (problem or "ok").encode()[:200])
            code = 0
        os._exit(code)
    os.close(ready_read)
    os.close(done_write)
    why = L.unshare(flags)
    os.write(ready_write, b"U" if why is None else b"X")
    os.close(ready_write)
    answer = os.read(done_read, 256).decode(errors="replace")
    os.close(done_read)
    os.waitpid(helper, 0)
    if why is not None:  # root without user namespaces: the other namespaces still help
        return L.Layer("user namespace", False, why), L.unshare(others) is None
    if answer != "ok":
        return L.Layer("user namespace", False, f"uid map: {answer or 'no answer'}"), True
    return L.Layer("user namespace", True, f"uid {policy.uid}"), True


def _new_root_base(policy: Policy) -> str | None:
    sources = [m.source for m in policy.mounts if m.kind == "bind"]
    for candidate in NEW_ROOT_CANDIDATES:
        if not os.path.isdir(candidate) or os.path.islink(candidate):
            continue
        if not any(s == candidate or s.startswith(candidate + "/") for s in sources):
            return candidate
    return None


def _mount_flags(path: str) -> int:
    try:
        flags = os.statvfs(path).f_flag
    except OSError:
        return 0
    return sum(ms for st, ms in _ST_TO_MS.items() if flags & st)


def _make_point(path: str, directory: bool) -> None:
    os.makedirs(path if directory else os.path.dirname(path), mode=0o755, exist_ok=True)
    if not directory and not os.path.lexists(path):
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o644))


def _place(base: str, mount: Mount) -> str | None:
    """Put one entry of the root in place beneath `base`; None, or what went wrong."""
    target = base + mount.target
    try:
        if mount.kind == "symlink":
            os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
            os.symlink(mount.data, target)
            return None
        if mount.kind == "dir":
            os.makedirs(target, mode=0o755, exist_ok=True)
            return None
        if mount.kind == "file":
            _make_point(target, directory=False)
            with open(target, "w") as handle:
                handle.write(mount.data)
            os.chmod(target, 0o644)
            return None
        if mount.kind == "tmpfs":
            _make_point(target, directory=True)
            return L.mount("quizprep-root", target, "tmpfs", L.MS_NOSUID | L.MS_NODEV, "mode=0755")
        if mount.kind == "bind":
            _make_point(target, directory=os.path.isdir(mount.source))
            why = L.mount(mount.source, target, None, L.MS_BIND)
            if why is None:
                flags = L.MS_REMOUNT | L.MS_BIND | L.MS_RDONLY | L.MS_NOSUID
                flags |= _mount_flags(target)
                why = L.mount(None, target, None, flags)
            return why
    except OSError as exc:
        return exc.strerror or str(exc)
    return f"unknown kind {mount.kind}"


def _pivot_root(new_root: str, put_old: str) -> str | None:
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        return f"pivot_root not wired for {platform.machine()}"
    result = L.libc_handle().syscall(number, new_root.encode(), put_old.encode())
    return None if result == 0 else L.last_error()


def build_root(policy: Policy) -> L.Layer:
    """Assemble the allow-listed root on a fresh tmpfs, pivot into it, drop the host's root,
    then make every part of it read-only. Must run in a private mount namespace."""
    name = "allow-listed root"
    base = _new_root_base(policy)
    if base is None:
        return L.Layer(name, False, "no folder to assemble it in")
    why = L.mount(None, "/", None, L.MS_REC | L.MS_PRIVATE)
    why = why or L.mount("quizprep-root", base, "tmpfs", L.MS_NOSUID | L.MS_NODEV, "mode=0755")
    if why is not None:
        return L.Layer(name, False, f"root tmpfs: {why}")
    problems = []
    for mount in policy.mounts:
        problem = _place(base, mount)
        if problem is not None:
            problems.append(f"{mount.target}: {problem}")
    if problems:
        return L.Layer(name, False, "; ".join(problems[:3]))
    # /proc now, while the host's is still visible (the kernel refuses a new proc mount in a
    # user namespace that has none fully visible)
    why = L.mount("proc", base + "/proc", "proc", L.MS_NOSUID | L.MS_NODEV | L.MS_NOEXEC)
    if why is not None:
        return L.Layer(name, False, f"/proc: {why}")
    old = os.path.join(base, ".old-root")
    os.mkdir(old, 0o700)
    os.chdir(base)
    why = _pivot_root(".", ".old-root")
    if why is not None:
        return L.Layer(name, False, f"pivot_root: {why}")
    os.chdir("/")
    why = L.mount(None, "/.old-root", None, L.MS_REC | L.MS_PRIVATE) or _umount("/.old-root")
    if why is not None:
        return L.Layer(name, False, f"detaching the host's root: {why}")
    os.rmdir("/.old-root")
    readonly = L.MS_REMOUNT | L.MS_RDONLY | L.MS_NOSUID | L.MS_NODEV
    for mount in [Mount("/", "tmpfs"), *policy.mounts]:
        if mount.kind == "tmpfs":
            why = L.mount(None, mount.target, None, readonly)
            if why is not None:
                return L.Layer(name, False, f"read-only {mount.target}: {why}")
    binds = sum(m.kind == "bind" for m in policy.mounts)
    return L.Layer(name, True, f"{binds} read-only binds")


def _umount(path: str) -> str | None:
    return L.check_result(int(L.libc_handle().umount2(path.encode(), _MNT_DETACH)))


def job_mounts(policy: Policy, disk_mb: int, shm_mb: int, proc: bool) -> list[L.Layer]:
    """In the job's own mount namespace: a size-capped tmpfs as the work folder, another as
    /dev/shm (what multiprocessing's semaphores need), both owned by the job's identity, and
    a /proc of the job's PID namespace."""
    owner = f"uid={policy.uid},gid={policy.gid}"
    flags = L.MS_NOSUID | L.MS_NODEV
    work = L.mount(
        "quizprep-work", policy.work, "tmpfs", flags, f"size={disk_mb}m,mode=0700,{owner}"
    )
    shm = L.mount("quizprep-shm", policy.shm, "tmpfs", flags, f"size={shm_mb}m,mode=1777,{owner}")
    found = [
        L.Layer("private work folder", work is None, work or f"{disk_mb} MiB"),
        L.Layer("private /dev/shm", shm is None, shm or f"{shm_mb} MiB"),
    ]
    if proc:
        why = L.own_proc()
        found.append(L.Layer("private /proc", why is None, why or ""))
    return found


def become(policy: Policy) -> L.Layer:
    """Take the job's identity, then a user namespace of its own (so its process cap counts
    its processes alone, and it holds no capability over the zygote's namespaces)."""
    name = "unprivileged identity"
    try:
        if os.getuid() != policy.uid:
            with contextlib.suppress(OSError):
                os.setgroups([])
            os.setresgid(policy.gid, policy.gid, policy.gid)
            os.setresuid(policy.uid, policy.uid, policy.uid)
            # a uid change makes the process non-dumpable, and then its /proc files (the
            # uid_map below) belong to root
            L.prctl(L.PR_SET_DUMPABLE, 1)
    except OSError as exc:
        return L.Layer(name, False, f"setuid: {exc.strerror}")
    why = L.unshare(L.CLONE_NEWUSER)
    if why is None:
        L.write_file("/proc/self/setgroups", "deny")
        why = L.write_file("/proc/self/uid_map", f"{policy.uid} {policy.uid} 1") or L.write_file(
            "/proc/self/gid_map", f"{policy.gid} {policy.gid} 1"
        )
    if why is not None:
        return L.Layer(name, False, f"own user namespace: {why}")
    return L.Layer(name, True, f"uid {os.getuid()}, gid {os.getgid()}")


def close_inherited(*keep: int) -> L.Layer:
    """Close every descriptor but stdin/out/err and those in `keep` (a worker's event channel;
    a forked reference helper's pipes), with close_range(2) where the kernel has it."""
    name = "only the channel inherited"
    gaps = []  # the ranges between the kept descriptors, above 2
    low = 3
    for kept in sorted(k for k in set(keep) if k > 2):
        if kept > low:
            gaps.append((low, kept - 1))
        low = kept + 1
    libc = L.libc_handle()
    if hasattr(libc, "close_range"):
        last = [(low, 0xFFFFFFFF)]
        results = [libc.close_range(ctypes.c_uint(f), ctypes.c_uint(t), 0) for f, t in gaps + last]
        if not any(results):
            return L.Layer(name, True)
    try:
        for first, final in gaps:
            os.closerange(first, final + 1)
        os.closerange(low, _max_fd())
    except OSError as exc:
        return L.Layer(name, False, str(exc))
    return L.Layer(name, True)


def _max_fd() -> int:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = hard if hard != resource.RLIM_INFINITY else 1 << 20
    return min(limit, 1 << 20)

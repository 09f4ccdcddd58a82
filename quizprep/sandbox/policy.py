"""What a sandboxed job sees and may do, in one frozen object (nsjail style).

A job's filesystem is built from an allow-list, never as a copy of the host with holes: a fresh
tmpfs root holding read-only binds of exactly what the interpreter and the allowed frameworks
need (the interpreter, the standard library, the site-packages entries of numpy, torch and their
dependencies, the system shared libraries), stub `/etc` files, a minimal `/dev`, and empty
mount points for the per-job `/proc`, `/tmp` and `/dev/shm`. Nothing else of the host exists
there: no home folders, no checkout, no pack, no batch folder, no quizprep package.

`build_policy` computes it in the trusted grader from the running interpreter; the zygote
applies it (`rootfs.build_root`), and `quizprep doctor` prints it.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a policy is built: the zygote, which only applies one, and
    from importlib import metadata  # every worker imports this module

SANDBOX_UID = 65534
SANDBOX_GID = 65534
"""The identity a job runs as (nobody): it owns nothing on the host."""

FRAMEWORKS = ("numpy", "torch")
"""Distributions every job may import (with their dependencies); packs may allow more."""

DEVICES = ("null", "zero", "full", "random", "urandom")
GPU_DEVICES = re.compile(r"^nvidia(\d+|ctl|-uvm|-uvm-tools|-modeset)$")
LOADERS = ("/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1")
PASSWD = "root:x:0:0::/:/bin/false\nnobody:x:65534:65534:quizprep sandbox:/tmp:/bin/false\n"
GROUP = "root:x:0:\nnogroup:x:65534:\n"


@dataclass(frozen=True)
class Mount:
    """One entry of the root: `kind` is "bind" (read-only), "tmpfs", "symlink" (to `data`),
    "file" (a read-only file holding `data`) or "dir" (an empty mount point)."""

    target: str
    kind: str
    source: str = ""
    data: str = ""

    def describe(self) -> str:
        """One line for `quizprep doctor`."""
        if self.kind == "bind":
            return f"{self.target} (read-only)" + (
                f" <- {self.source}" if self.source != self.target else ""
            )
        if self.kind == "symlink":
            return f"{self.target} -> {self.data}"
        return f"{self.target} ({self.kind})"


@dataclass(frozen=True)
class Policy:
    """Everything a job's jail is made of: its root, identity, limits of the per-job tmpfs
    mounts, and the distributions it may import."""

    mounts: tuple[Mount, ...]
    distributions: tuple[str, ...]
    uid: int = SANDBOX_UID
    gid: int = SANDBOX_GID
    work: str = "/tmp"
    shm: str = "/dev/shm"
    missing: tuple[str, ...] = field(default=())
    """Allowed distributions that are not installed (said by doctor, never an error)."""

    def summary(self) -> list[str]:
        """The root, one line per entry (symlinks and stubs included)."""
        return [mount.describe() for mount in self.mounts]


def build_policy(allowed: Iterable[str] = ()) -> Policy:
    """The jail for this interpreter: numpy, torch and the distributions in `allowed`."""
    return _build(tuple(sorted({*FRAMEWORKS, *allowed})))


@functools.lru_cache(maxsize=8)
def _build(wanted: tuple[str, ...]) -> Policy:
    entries: dict[str, Mount] = {}

    def add(mount: Mount) -> None:
        entries.setdefault(mount.target, mount)

    def bind(path: str) -> None:
        real = _mirror(path, add)
        if real is not None:
            add(Mount(real, "bind", real))

    # the interpreter (and a virtualenv's pyvenv.cfg, read when the sandbox runs it again)
    bind(sys.executable)
    bind(os.path.join(os.path.dirname(os.path.dirname(sys.executable)), "pyvenv.cfg"))
    stdlib = {os.path.realpath(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib")}
    for path in sorted(stdlib):
        bind(path)
        for name in ("site-packages", "dist-packages"):  # the interpreter's own packages
            if os.path.isdir(os.path.join(path, name)):
                add(Mount(os.path.join(path, name), "tmpfs"))
    distributions, missing = _closure(wanted)
    for site_dir in _site_dirs():
        inside_stdlib = any(site_dir.startswith(path + os.sep) for path in stdlib)
        if inside_stdlib:  # a system or pyenv interpreter's own site-packages: emptied
            add(Mount(site_dir, "tmpfs"))
    for dist in distributions:
        for path in _top_level_paths(dist):
            bind(path)
    # shared libraries outside site-packages (libc's folder), the dynamic loader, and `sleep`
    # (each job's PID namespace gets it as a tiny init)
    for folder in _library_folders(stdlib):
        bind(folder)
    for loader in LOADERS:
        if os.path.exists(loader):
            bind(loader)
    for program in ("/usr/bin/sleep", "/bin/sleep"):
        if os.path.exists(program):
            bind(program)
            break
    add(Mount("/etc", "tmpfs"))
    add(Mount("/etc/passwd", "file", data=PASSWD))
    add(Mount("/etc/group", "file", data=GROUP))
    if os.path.exists("/etc/ld.so.cache"):
        add(Mount("/etc/ld.so.cache", "bind", os.path.realpath("/etc/ld.so.cache")))
    add(Mount("/dev", "tmpfs"))
    for name in DEVICES:
        add(Mount(f"/dev/{name}", "bind", f"/dev/{name}"))
    gpu = sorted(name for name in _listdir("/dev") if GPU_DEVICES.match(name))
    for name in gpu:
        add(Mount(f"/dev/{name}", "bind", f"/dev/{name}"))
    for name, target in (
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ):
        add(Mount(f"/dev/{name}", "symlink", data=target))
    work = work_folder(entries)
    for point in ("/dev/shm", "/proc", work):
        add(Mount(point, "dir"))
    sys_cpu = "/sys/devices/system/cpu"  # torch's cpuinfo reads the CPU topology
    if os.path.isdir(sys_cpu):
        add(Mount(sys_cpu, "bind", sys_cpu))
    if gpu and os.path.isdir("/sys/bus/pci"):  # the CUDA driver reads the PCI tree
        for path in ("/sys/bus/pci", "/sys/devices", "/sys/module/nvidia"):
            if os.path.isdir(path):
                add(Mount(path, "bind", path))
    mounts = _without_redundant_binds(sorted(entries.values(), key=lambda m: m.target.split("/")))
    names = tuple(_headers(dist)[0] for dist in distributions)
    return Policy(mounts=mounts, distributions=names, missing=tuple(missing), work=work)


WORK_FOLDERS = ("/tmp", "/sandbox-tmp")
"""The job's work folder: the first, unless Python itself lives there (the second)."""


def work_folder(targets: Iterable[str]) -> str:
    """The job's work folder: /tmp, unless Python itself lives there (a checkout or a
    virtualenv under /tmp), which the job's tmpfs must not cover."""
    usual, fallback = WORK_FOLDERS
    if any(target.startswith(usual + "/") for target in targets):
        return fallback
    return usual


def _without_redundant_binds(mounts: list[Mount]) -> tuple[Mount, ...]:
    """Drop a bind whose closest enclosing bind or tmpfs is a bind of the same host path (it
    is there already); `mounts` is sorted, parents first."""
    kept: list[Mount] = []
    for mount in mounts:
        enclosing = [
            m
            for m in kept
            if m.kind in ("bind", "tmpfs") and mount.target.startswith(m.target.rstrip("/") + "/")
        ]
        inside = enclosing[-1] if enclosing else None
        same_tree = inside is not None and inside.kind == "bind" and inside.source == inside.target
        if mount.kind == "bind" and mount.source == mount.target and same_tree:
            continue
        kept.append(mount)
    return tuple(kept)


def _mirror(path: str, add: Any) -> str | None:
    """Symlink entries for every link on the way to `path` (so /lib64/ld-linux... resolves in
    the jail as on the host); the real path, or None when it does not exist."""
    if not os.path.lexists(path):
        return None
    current = "/"
    parts = [p for p in os.path.abspath(path).split("/") if p]
    hops = 0
    while parts:
        candidate = os.path.join(current, parts.pop(0))
        if os.path.islink(candidate):
            hops += 1
            if hops > 40:
                return None
            link = os.readlink(candidate)
            add(Mount(candidate, "symlink", data=link))
            resolved = os.path.normpath(os.path.join(current, link))
            parts = [p for p in resolved.split("/") if p] + parts
            current = "/"
        else:
            current = candidate
    return current if os.path.exists(current) else None


def _site_dirs() -> list[str]:
    """Every site-packages folder on sys.path."""
    found = []
    for entry in sys.path:
        if entry and os.path.basename(entry) in ("site-packages", "dist-packages"):
            real = os.path.realpath(entry)
            if os.path.isdir(real) and real not in found:
                found.append(real)
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(wanted: Iterable[str]) -> tuple[list[metadata.Distribution], list[str]]:
    """The installed distributions `wanted` needs, dependencies included (extras not). Each
    is looked up by name (the first on sys.path, as `import` finds it): reading every
    installed distribution's metadata to index them costs more than the whole closure."""
    from importlib import metadata

    todo = [_normalise(name) for name in wanted]
    seen: set[str] = set()
    found: dict[str, metadata.Distribution] = {}
    missing: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
            continue
        found[name] = installed
        for requirement in _headers(installed)[1]:
            requirement_name, _, marker = requirement.partition(";")
            if "extra" in marker:
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement_name)
            if match:
                todo.append(_normalise(match.group(1)))
    # a dependency that is not installed (an unmet marker, say) is not a missing framework
    missing = [name for name in missing if name in map(_normalise, wanted)]
    return [found[name] for name in sorted(found)], sorted(set(missing))


def _headers(dist: metadata.Distribution) -> tuple[str, list[str]]:
    """A distribution's name and requirements, read from the header block of its METADATA
    (`Distribution.metadata` runs the email parser over the whole file, ~1 ms each)."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
    if text is None:  # an egg-info without PKG-INFO: the slow, general way
        return str(dist.metadata["Name"]), list(dist.requires or [])
    name, requires = "", []
    for line in text.splitlines():
        if not line:
            break  # the description follows the headers
        key, _, value = line.partition(":")
        if key.lower() == "name" and not name:
            name = value.strip()
        elif key.lower() == "requires-dist":
            requires.append(value.strip())
    if not requires and dist.read_text("requires.txt") is not None:  # egg-info keeps them apart
        requires = list(dist.requires or [])
    return name, requires


def _top_level_paths(dist: metadata.Distribution) -> list[str]:
    """The site-packages entries a distribution installed (its packages, modules, bundled
    libraries and its .dist-info), never .pth files or scripts outside site-packages.

    RECORD's lines are cut at their first slash and only the few distinct heads are read
    further (a quoted path, which holds a comma or a quote, by csv): `Distribution.files`
    builds a path object per file, ~0.2 s for torch's 40,000 (this: ~4 ms)."""
    base = str(dist.locate_file(""))
    record = dist.read_text("RECORD") or ""
    lines = record.splitlines()
    heads = {line.split("/", 1)[0] for line in lines}
    tops = {
        head.split(",", 1)[0].replace("\\", "/").split("/", 1)[0]
        for head in heads
        if not head.startswith('"')
    }
    if '"' in record:
        for line in lines:
            if line.startswith('"'):
                path = next(csv.reader([line]), [""])[0]
                tops.add(path.replace("\\", "/").split("/", 1)[0])
    tops = {
        top
        for top in tops
        if top not in ("", "..", "__pycache__")
        and not top.endswith(".pth")
        and not top.startswith("__editable__")
    }
    if not record:  # no RECORD (some system packages): the names it says it provides
        tops |= set((dist.read_text("top_level.txt") or "").split())
        tops |= {f"{name}.py" for name in tops} | {f"{name}.libs" for name in tops}
    meta_dir = getattr(dist, "_path", None)
    paths = [os.path.join(base, top) for top in sorted(tops)]
    if meta_dir is not None:
        paths.append(str(meta_dir))
    return [path for path in paths if os.path.lexists(path)]


def _library_folders(stdlib: set[str]) -> list[str]:
    """Folders of the shared libraries this process has loaded outside site-packages (libc's,
    libstdc++'s: what extension modules link against); under Python's own prefix, the files."""
    site_dirs = _site_dirs()
    python_dirs = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)]
    folders: list[str] = []
    try:
        with open("/proc/self/maps") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return folders
    paths = dict.fromkeys(line.split(None, 5)[-1] for line in lines if line.count(" ") >= 5)
    for path in paths:
        if ".so" not in os.path.basename(path) or not path.startswith("/"):
            continue
        real = os.path.realpath(path)
        folder = os.path.dirname(real)
        if any(real.startswith(p + os.sep) for p in (*site_dirs, *stdlib)):
            continue  # a distribution's own library: bound with it, if it is allowed
        if any(folder == p or folder.startswith(p + os.sep) for p in python_dirs):
            folder = real  # libpython and its kin: the file, not Python's whole folder
        if folder not in folders:
            folders.append(folder)
    return folders


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []

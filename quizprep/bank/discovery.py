"""Where packs come from: the built-in bank, `--pack DIR`, `$QUIZPREP_PACKS`, and installed
Python distributions that expose an entry point in the group `quizprep.packs`.

An entry point's object is the pack folder (a `str` or `os.PathLike`), a callable returning it,
or a module (or package) whose own folder holds `pack.yaml`:

    [project.entry-points."quizprep.packs"]
    normalisation = "quizprep_normalisation:pack_dir"
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from quizprep.bank.pack import builtin_pack_dirs, pack_root

ENV_VAR = "QUIZPREP_PACKS"
ENTRY_POINT_GROUP = "quizprep.packs"


@dataclass(frozen=True)
class PackSource:
    """A folder that should hold a pack, and how it was found (`--pack`, `QUIZPREP_PACKS`,
    `entry point NAME (DIST VERSION)`, `built-in`). `explicit` folders were typed by the user,
    so a typo there is an error rather than a skipped pack."""

    path: Path
    origin: str
    explicit: bool = False


@dataclass(frozen=True)
class SourceProblem:
    """A place that should have named a pack and did not (an entry point that fails to load)."""

    origin: str
    message: str


def discover(
    explicit: Sequence[Path | str] = (),
    *,
    environ: Mapping[str, str] | None = None,
    entry_points: bool = True,
    builtin: bool = True,
) -> tuple[list[PackSource], list[SourceProblem]]:
    """Every pack source, in the order packs are listed: the built-in packs (the classic bank,
    then `modern`), each `--pack`, each
    folder of `$QUIZPREP_PACKS` (a folder of pack folders counts too), then entry points."""
    sources: list[PackSource] = []
    problems: list[SourceProblem] = []
    if builtin:
        sources += [PackSource(path, "built-in") for path in builtin_pack_dirs()]
    sources += [PackSource(Path(path), "--pack", explicit=True) for path in explicit]
    environ = os.environ if environ is None else environ
    for entry in environ.get(ENV_VAR, "").split(os.pathsep):
        if entry.strip():
            sources += _env_folder(Path(entry.strip()).expanduser())
    if entry_points:
        found, failed = entry_point_sources()
        sources += found
        problems += failed
    return sources, problems


def _env_folder(folder: Path) -> list[PackSource]:
    if pack_root(folder) is None and folder.is_dir():
        children = sorted(child for child in folder.iterdir() if pack_root(child) is not None)
        if children:
            return [PackSource(child, ENV_VAR) for child in children]
    return [PackSource(folder, ENV_VAR)]


def entry_point_sources() -> tuple[list[PackSource], list[SourceProblem]]:
    """The packs of installed distributions (entry point group `quizprep.packs`)."""
    if not _may_declare_packs():
        return [], []
    from importlib.metadata import entry_points

    sources: list[PackSource] = []
    problems: list[SourceProblem] = []
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        dist = entry_point.dist
        by = f" ({dist.name} {dist.version})" if dist is not None else ""
        origin = f"entry point {entry_point.name}{by}"
        try:
            sources.append(PackSource(_folder_of(entry_point.load()), origin))
        except Exception as exc:  # someone else's package: report it, keep the others
            problems.append(
                SourceProblem(
                    origin,
                    f"entry point {entry_point.value!r} failed: {type(exc).__name__}: {exc}",
                )
            )
    return sources, problems


def _may_declare_packs() -> bool:
    """False only when no distribution can declare a pack: importlib.metadata's standard
    finder is the only one, no import path is a zip or an egg, and no `entry_points.txt` of a
    `*.dist-info` or `*.egg-info` folder on the path names the group. ~1 ms, where importing
    importlib.metadata and asking it is ~15 ms of every cold command."""
    import importlib.machinery

    for finder in sys.meta_path:
        if finder is not importlib.machinery.PathFinder and hasattr(finder, "find_distributions"):
            return True
    for entry in sys.path:
        if not isinstance(entry, str) or entry.endswith(".egg"):
            return True  # a path entry of another kind: importlib.metadata knows what it means
        folder = entry or "."
        try:
            with os.scandir(folder) as children:
                infos = [c.name for c in children if c.name.endswith((".dist-info", ".egg-info"))]
        except FileNotFoundError:
            continue
        except OSError:  # a zip file, or a folder that cannot be listed: ask importlib.metadata
            return True
        for info in infos:
            try:
                declared = Path(folder, info, "entry_points.txt").read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError:
                return True
            if ENTRY_POINT_GROUP.encode() in declared:
                return True
    return False


def _folder_of(target: object) -> Path:
    if isinstance(target, ModuleType):
        if target.__file__ is None:
            raise TypeError(f"module {target.__name__} has no file")
        return Path(target.__file__).resolve().parent
    if isinstance(target, str | os.PathLike):
        return Path(target)
    if callable(target):
        folder = target()
        if isinstance(folder, str | os.PathLike):
            return Path(folder)
        raise TypeError(f"the callable returned {type(folder).__name__}, not a folder")
    raise TypeError(
        f"expected a folder, a callable returning one, or a module; got {type(target).__name__}"
    )

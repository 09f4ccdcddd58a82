"""An on-disk cache of reference outputs, so a second run (or a shard on another node sharing
the folder) computes them not at all.

An entry is keyed by everything that decides its content: quizprep's version, the pack's name
and version, the exercise's definition, the seed, and the bytes of the reference module (and of
the mutant, for mutant outputs). Entries are data only (`sandbox.codec`: JSON + validated .npy,
never pickle), written atomically; a missing, stale or unreadable entry is simply recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from quizprep import __version__
from quizprep.bank.modeldata import as_data
from quizprep.bank.pack import Pack
from quizprep.bank.schema import Exercise
from quizprep.cachedir import write_entry
from quizprep.sandbox import codec

T = TypeVar("T")


FORMAT = 3
"""Bumped when what an entry holds changes (2: mutant outcomes name the inputs a mutant
changed in place, and the MRO of what it raised; 3: keyed by `modeldata.as_data` of the
exercise, which builds no pydantic serializer)."""


class ReferenceCache:
    """Reference and mutant outputs on disk, by content key."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "reference" if directory is not None else None

    def key(self, pack: Pack, exercise: Exercise, seed: int, *files: Path) -> str:
        """A digest of everything an entry depends on."""
        digest = hashlib.sha256()
        header = [FORMAT, __version__, pack.meta.name, pack.meta.version, seed]
        digest.update(json.dumps(header).encode())
        digest.update(json.dumps(as_data(exercise), sort_keys=True).encode())
        for path in files:
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
        return digest.hexdigest()

    def get_or_compute(
        self,
        key: str,
        compute: Callable[[], T],
        to_data: Callable[[T], Any],
        from_data: Callable[[Any], T],
    ) -> T:
        """The cached value for `key`, else `compute()` (stored when it can be data)."""
        if self.directory is None:
            return compute()
        path = self.directory / key[:2] / f"{key}.bin"
        with contextlib.suppress(OSError, codec.CodecError, ValueError, KeyError, TypeError):
            return from_data(codec.decode(path.read_bytes(), max_array_bytes=1 << 30))
        value = compute()
        with contextlib.suppress(OSError):
            self._store(path, to_data(value))
        return value

    def _store(self, path: Path, data: Any) -> None:
        encoded = codec.encode(data)
        if _has_unsupported(codec.decode(encoded, max_array_bytes=1 << 30)):
            return  # e.g. a complex array: not representable, so not cached
        path.parent.mkdir(parents=True, exist_ok=True)
        write_entry(path, encoded)


def _has_unsupported(value: Any) -> bool:
    if isinstance(value, codec.Unsupported):
        return True
    if isinstance(value, list | tuple):
        return any(_has_unsupported(v) for v in value)
    if isinstance(value, dict):
        return any(_has_unsupported(v) for v in value.values())
    return False

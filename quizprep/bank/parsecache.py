"""Validated pack files on disk, so a command that starts cold skips the YAML parser (and
PyYAML) and pydantic's validation.

`load_pack` reads pack.yaml and every question file of a pack (bounded: `files.read_pack_file`);
when an earlier run validated exactly these bytes, their models come from one JSON entry
(`modeldata.as_data` of each, rebuilt by `modeldata.from_data` without validating again)
instead of a YAML parse and a validation per file (~0.15 s and ~0.05 s of a cold `quizprep
grade` on the two built-in packs), and the line tables from a second, read only when a line
is asked for. An entry is keyed by a digest of FORMAT, quizprep's and pydantic's versions, the
source of the modules that decide what a file's models are (the parser, the schema) and every
file's name and bytes, so any edit of either is a miss. It is JSON, never pickle, read with a
size bound; a missing, unreadable or malformed entry is a miss, and so is one that is not data
of the models (a field more or less, a value of another type, or outside its field's bounds,
lengths or pattern): the files then speak for themselves. The folder is trusted as the
reference cache's is (`quizprep.grading.refcache`): it is the user's own, or one a course's
graders share; the models' own validators (consistency between fields) are not run again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from quizprep import __version__
from quizprep.bank.files import read_pack_file
from quizprep.bank.yamlfile import LoadedYaml, Path_, load_yaml
from quizprep.cachedir import write_entry
from quizprep.errors import SchemaError

FORMAT = 3
"""Bumped when what an entry holds changes (3: validated models, no longer parsed YAML)."""
MAX_ENTRY_BYTES = 64 << 20
"""The largest entry file stored or read (the built-in packs' data are 0.5 and 1.0 MB, their
line tables 0.1 and 0.25 MB); a pack whose entry would be larger is parsed each time."""
_SAFE = (OSError, SchemaError, ValueError, TypeError, RecursionError)
"""What reading or writing an entry may raise: each is a miss (or no entry stored)."""


class ParseCache:
    """Parsed pack files by the digest of their bytes; `directory` None: no cache.

    An entry is two files: `KEY.json`, each file's data, read whenever the pack loads, and
    `KEY.lines.json`, each file's line table, read only when a line is asked for (an error
    message, `pack check`): most of a pack's lines are never asked for."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "parsed" if directory is not None else None

    @staticmethod
    def fingerprint(path: Path, raw: bytes) -> bytes:
        """What a file adds to a key: its name and bytes, digested (the bytes need not stay in
        memory: a pack may hold 2,000 files of 1 MB)."""
        return hashlib.sha256(path.name.encode()).digest() + hashlib.sha256(raw).digest()

    @staticmethod
    def key(fingerprints: Sequence[bytes]) -> str:
        """A digest of FORMAT, the versions and code that decide an entry, and each file's
        fingerprint, in order."""
        digest = hashlib.sha256(_code_digest())
        for fingerprint in fingerprints:
            digest.update(fingerprint)
        return digest.hexdigest()

    def get(self, paths: Sequence[Path], fingerprints: Sequence[bytes]) -> list[LoadedYaml] | None:
        """The parsed files whose fingerprints are `fingerprints`, one per path, or None on a
        miss. Their line tables load when first used."""
        if self.directory is None:
            return None
        key = self.key(fingerprints)
        with contextlib.suppress(*_SAFE):
            stored = json.loads(
                read_pack_file(self.directory / f"{key}.json", limit=MAX_ENTRY_BYTES)
            )
            if not isinstance(stored, list) or len(stored) != len(paths):
                return None
            tables = _LineTables(self.directory / f"{key}.lines.json", paths, fingerprints)
            return [
                LoadedYaml(path, data, _CachedLines(tables, index))
                for index, (path, data) in enumerate(zip(paths, stored, strict=True))
            ]
        return None

    def put(self, fingerprints: Sequence[bytes], parsed: Sequence[LoadedYaml]) -> None:
        """Store an entry for files read as bytes with these fingerprints: each one's validated
        models as data (`modeldata.as_data`) and line table (quietly nothing when the folder
        cannot be written)."""
        if self.directory is None:
            return
        key = self.key(fingerprints)
        tables = [[[list(loc), line] for loc, line in item.lines.items()] for item in parsed]
        with contextlib.suppress(*_SAFE):
            data = _encoded([item.data for item in parsed])
            lines = _encoded(tables)
            if data is None or lines is None:
                return  # too big, or JSON would change it (a number as a mapping key)
            self.directory.mkdir(parents=True, exist_ok=True)
            write_entry(self.directory / f"{key}.lines.json", lines)  # first: data marks a hit
            write_entry(self.directory / f"{key}.json", data)


_DECIDING = ("schema.py", "modeldata.py", "yamlparse.py", "versions.py")
"""The modules, beside this one, whose source decides what a file's models are: an edit of one
(a checkout between releases) is a miss, as a new version is."""


@functools.cache
def _code_digest() -> bytes:
    from pydantic.version import VERSION

    digest = hashlib.sha256(json.dumps([FORMAT, __version__, VERSION]).encode())
    for name in _DECIDING:
        with contextlib.suppress(OSError):  # a build without sources: the versions decide
            digest.update(name.encode() + (Path(__file__).parent / name).read_bytes())
    return digest.digest()


def _encoded(value: list[Any]) -> bytes | None:
    """`value` as JSON, or None when it is too big or JSON would change it."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    encoded = text.encode()
    if len(encoded) > MAX_ENTRY_BYTES or json.loads(text) != value:
        return None
    return encoded


class _LineTables:
    """The line tables of one entry, read on first use. A missing or malformed tables file
    costs a parse of the file asked about, used only if it still has the bytes the entry was
    made from (otherwise that file has no lines: never a line of other text)."""

    def __init__(self, file: Path, paths: Sequence[Path], fingerprints: Sequence[bytes]) -> None:
        self.file, self.paths, self.fingerprints = file, list(paths), list(fingerprints)
        self._tables: list[dict[Path_, int] | None] | None = None
        self._lock = threading.Lock()

    def table(self, index: int) -> dict[Path_, int]:
        with self._lock:
            if self._tables is None:
                self._tables = self._read() or [None] * len(self.paths)
            found = self._tables[index]
            if found is None:
                found = self._tables[index] = self._parse(index)
            return found

    def _read(self) -> list[dict[Path_, int] | None] | None:
        with contextlib.suppress(*_SAFE):
            stored = json.loads(read_pack_file(self.file, limit=MAX_ENTRY_BYTES))
            if isinstance(stored, list) and len(stored) == len(self.paths):
                return [_table(pairs) for pairs in stored]
        return None

    def _parse(self, index: int) -> dict[Path_, int]:
        path = self.paths[index]
        with contextlib.suppress(OSError, SchemaError):
            raw = read_pack_file(path)
            if ParseCache.fingerprint(path, raw) == self.fingerprints[index]:
                return dict(load_yaml(path, raw).lines)
        return {}


def _table(pairs: Any) -> dict[Path_, int]:
    """One file's line table; TypeError or ValueError when malformed."""
    lines = {tuple(loc): line for loc, line in pairs}  # TypeError for an unhashable location
    if not all(type(line) is int for line in lines.values()):
        raise TypeError("a malformed line table")
    return lines


class _CachedLines(Mapping[Path_, int]):
    """One file's line table, read from its entry when first used."""

    def __init__(self, tables: _LineTables, index: int) -> None:
        self._tables, self._index = tables, index

    def _table(self) -> dict[Path_, int]:
        return self._tables.table(self._index)

    def __getitem__(self, loc: Path_) -> int:
        return self._table()[loc]

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

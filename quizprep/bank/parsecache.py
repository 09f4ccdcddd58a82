"""Parsed question files on disk, so a command that starts cold skips the YAML parser.

`load_pack` reads every question file of a pack (bounded: `files.read_pack_file`); when an
earlier run parsed exactly these bytes with this quizprep, the plain data and line tables come
from one JSON entry instead of a YAML parse per file (~0.15 s of a cold `quizprep grade` on the
two built-in packs). An entry is keyed by a digest of FORMAT, quizprep's version and every
file's name and bytes, so any edit is a miss. It is JSON, never pickle, read with a size bound,
and the same models validate it as freshly parsed YAML; a missing, unreadable or malformed
entry is a miss, and so is one whose data does not validate (the YAML then speaks for itself).
The folder is trusted as the reference cache's is (`quizprep.grading.refcache`): it is the
user's own, or one a course's graders share.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizprep import __version__
from quizprep.bank.files import read_pack_file
from quizprep.bank.yamlfile import LoadedYaml
from quizprep.errors import SchemaError

FORMAT = 1
"""Bumped when what an entry holds changes."""
MAX_ENTRY_BYTES = 64 << 20
"""The largest entry stored or read (the built-in packs' are 0.6 and 1.2 MB); a pack whose
entry would be larger is parsed each time."""


class ParseCache:
    """Parsed question files by the digest of their bytes; `directory` None: no cache."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "parsed" if directory is not None else None

    @staticmethod
    def fingerprint(path: Path, raw: bytes) -> bytes:
        """What a file adds to a key: its name and bytes, digested (the bytes need not stay in
        memory: a pack may hold 2,000 files of 1 MB)."""
        return hashlib.sha256(path.name.encode()).digest() + hashlib.sha256(raw).digest()

    @staticmethod
    def key(fingerprints: Sequence[bytes]) -> str:
        """A digest of FORMAT, quizprep's version and each file's fingerprint, in order."""
        digest = hashlib.sha256(json.dumps([FORMAT, __version__]).encode())
        for fingerprint in fingerprints:
            digest.update(fingerprint)
        return digest.hexdigest()

    def get(self, key: str, paths: Sequence[Path]) -> list[LoadedYaml] | None:
        """The parsed files of entry `key`, one per path, or None on a miss."""
        if self.directory is None:
            return None
        with contextlib.suppress(OSError, SchemaError, ValueError, TypeError, RecursionError):
            raw = read_pack_file(self.directory / f"{key}.json", limit=MAX_ENTRY_BYTES)
            stored = json.loads(raw)
            if not isinstance(stored, list) or len(stored) != len(paths):
                return None
            return [_loaded(path, item) for path, item in zip(paths, stored, strict=True)]
        return None

    def put(self, key: str, parsed: Sequence[LoadedYaml]) -> None:
        """Store an entry (quietly nothing when the folder cannot be written)."""
        if self.directory is None:
            return
        stored = [
            [item.data, [[list(loc), line] for loc, line in item.lines.items()]] for item in parsed
        ]
        with contextlib.suppress(OSError, ValueError, TypeError, RecursionError):
            text = json.dumps(stored, ensure_ascii=False, allow_nan=False)
            encoded = text.encode()
            if len(encoded) > MAX_ENTRY_BYTES or json.loads(text) != stored:
                return  # too big, or JSON would change it (a number as a mapping key)
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(encoded)
                os.replace(temporary, self.directory / f"{key}.json")
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _loaded(path: Path, item: Any) -> LoadedYaml:
    """One file's entry as `load_yaml` returns it; TypeError or ValueError when malformed."""
    data, pairs = item
    lines = {tuple(loc): line for loc, line in pairs}  # TypeError for an unhashable location
    if not all(type(line) is int for line in lines.values()):
        raise TypeError("a malformed line table")
    return LoadedYaml(path, data, lines)

"""Reading a pack's files without trusting them: only small regular files are read.

A pack may come from anyone (`$QUIZPREP_PACKS`, an installed distribution), so a question file
that is a FIFO (blocks forever), a link to /dev/zero (never ends), a folder or a 2 GB file is
refused before a byte is parsed: `lstat` first, then `open` with O_NOFOLLOW | O_NONBLOCK (so a file
swapped for a link or a FIFO after the check is refused too), and never more than the limit read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from quizprep.errors import SchemaError

MAX_FILE_BYTES = 1_000_000
"""The largest pack file (a question's YAML, a reference module) read: a question file of the
built-in bank is ~15 kB."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_pack_file(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, or a SchemaError (`path: message`, no line) when it is not a
    regular file of at most `limit` bytes or cannot be read."""
    try:
        _check(path, os.lstat(path), limit)
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link after the lstat
            raise _refused(path, "is a symbolic link") from None
        raise SchemaError(path, None, "", f"cannot read: {exc.strerror or exc}") from None
    try:
        _check(path, os.fstat(descriptor), limit)
        data = read_at_most(descriptor, limit)
    except OSError as exc:
        raise SchemaError(path, None, "", f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew after the size check
        raise _too_large(path, len(data), limit)
    return data


def peek_regular(path: Path, *, limit: int) -> bytes | None:
    """`read_pack_file`'s bytes, or None where it refuses (with the same bounds): for a hint
    about a file, never for what is judged."""
    try:
        return read_pack_file(path, limit=limit)
    except SchemaError:
        return None


def read_at_most(descriptor: int, limit: int) -> bytes:
    """At most `limit + 1` bytes from an open file: one byte more than the limit tells a file
    that grew past it after its size was checked."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _check(path: Path, info: os.stat_result, limit: int) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise _refused(path, "is a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "something else")
        raise _refused(path, f"is not a regular file ({kind})")
    if info.st_size > limit:
        raise _too_large(path, info.st_size, limit)


def _refused(path: Path, what: str) -> SchemaError:
    return SchemaError(path, None, "", f"{what}: a pack holds regular files only")


def _too_large(path: Path, size: int, limit: int) -> SchemaError:
    return SchemaError(
        path,
        None,
        "",
        f"is larger than the {limit / 1e6:g} MB a pack file may have ({size:,} bytes or more)",
    )


def is_present(path: Path) -> bool:
    """True when something other than a folder is at `path` (a link, even a broken one, too):
    whether it can be read is for `read_pack_file` to say, in a message."""
    try:
        return not stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False

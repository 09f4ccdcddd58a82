"""Where quizprep keeps what it can recompute (parsed packs, reference outputs)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def default_directory() -> Path | None:
    """`$QUIZPREP_CACHE` ("off" disables), else `$QUIZPREP_HOME/cache`, else the user cache."""
    chosen = os.environ.get("QUIZPREP_CACHE")
    if chosen:
        return None if chosen == "off" else Path(chosen)
    home = os.environ.get("QUIZPREP_HOME")
    if home:
        return Path(home) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quizprep"))


def write_entry(target: Path, content: bytes) -> None:
    """Write a cache entry whole or not at all: a temporary file beside it, then renamed over
    it, so a reader (another grader sharing the folder) never sees half of one. OSError when
    the folder cannot be written (the temporary file is removed)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

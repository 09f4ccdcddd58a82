"""Where quizprep keeps what it can recompute (parsed packs, reference outputs)."""

from __future__ import annotations

import os
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

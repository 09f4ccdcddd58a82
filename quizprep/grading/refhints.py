"""Remembered reference requests: a cold `quizprep grade one.py` without --seed has its
references computed while its packs load.

Without a seed the cases are new, so the helper computes the references on the critical path
(12-35 ms of a cold NumPy grade for the flagships, after ~100 ms of loading packs it does not
need). After such a grade the request is remembered (`remember`: the reference module, the
case count and the limits, in `<cache>/hints/<exercise>.json`); the next cold grade of that
exercise sends it, with its new seed, to the spare helper as soon as it is forked (`recall`),
and the grader's first request takes the reply when it is exactly that request
(`trusted.TrustedRunner.request`). Only reference modules of the built-in packs are ever
named: a hint is a file in the cache folder, and running a module it names would be running
whatever someone who can write that folder put there. A stale hint costs a wasted
computation, never a wrong reference.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

from quizprep.bank.builtin import builtin_reference_dirs
from quizprep.cachedir import default_directory, write_entry
from quizprep.errors import PackError

_EXERCISE = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_HINT_BYTES = 4096


def _hint_file(exercise_id: str) -> Path | None:
    directory = default_directory()
    if directory is None or not _EXERCISE.fullmatch(exercise_id):
        return None
    return directory / "hints" / f"{exercise_id}.json"


def _builtin_reference(path: Path, exercise_id: str) -> bool:
    """Whether `path` is the reference module of `exercise_id` in a built-in pack."""
    with contextlib.suppress(OSError, RuntimeError, PackError):  # PackError: no built-in bank
        folder = path.parent.resolve()
        return path.name == f"{exercise_id}.py" and any(
            folder == known.resolve() for known in builtin_reference_dirs()
        )
    return False


def recall(exercise_id: str, seed: int) -> dict[str, Any] | None:
    """The request the grader will send for `exercise_id`'s cases and references with `seed`,
    as remembered from its last cold grade; None when there is no usable hint."""
    hint_file = _hint_file(exercise_id)
    if hint_file is None:
        return None
    with contextlib.suppress(OSError, ValueError, AttributeError), open(hint_file, "rb") as stream:
        hint = json.loads(stream.read(MAX_HINT_BYTES))  # a longer one is not JSON: no hint
        path, count = hint.get("path"), hint.get("count")
        seconds, memory_mb = hint.get("seconds"), hint.get("memory_mb")
        if (
            isinstance(path, str)
            and type(count) is int
            and 0 <= count <= 200
            and type(seconds) in (int, float)
            and 0 < seconds <= 600
            and type(memory_mb) is int
            and memory_mb > 0
            and _builtin_reference(Path(path), exercise_id)
        ):
            return {
                "op": "cases",
                "path": path,
                "seconds": seconds,
                "memory_mb": memory_mb,
                "seed": seed,
                "count": count,
                "outputs": True,
            }
    return None


def remember(exercise_id: str, path: Path, seconds: float, memory_mb: int, count: int) -> None:
    """Keep the request a grade of `exercise_id` sent for its references (the built-in packs'
    only; quietly nothing when the cache cannot be written)."""
    hint_file = _hint_file(exercise_id)
    if hint_file is None or not _builtin_reference(path, exercise_id):
        return
    hint = {"path": str(path), "count": count, "seconds": seconds, "memory_mb": memory_mb}
    encoded = json.dumps(hint, sort_keys=True).encode()
    with contextlib.suppress(OSError):
        if hint_file.read_bytes() == encoded:
            return
    with contextlib.suppress(OSError):
        hint_file.parent.mkdir(parents=True, exist_ok=True)
        write_entry(hint_file, encoded)

"""YAML loading that remembers where every value came from, so errors name file and line.

Pack files are untrusted (DESIGN invariant 2b), so a file is bounded before it is composed: it
must be a small regular file (`files.read_pack_file`), and one pass over the parser's event
stream, which never recurses, refuses aliases (a billion laughs is nine lines of them), nesting
deeper than MAX_DEPTH (the composer recurses per level, and 100,000 levels crash it), more than
MAX_NODES values, integers beyond 10^18 (Python refuses to read 4,300 digits and more) and tags
other than plain data's. Only then does the safe loader build the document. The parsing
itself, and these bounds, are in `quizprep.bank.yamlparse`, imported at the first file parsed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from quizprep.errors import SchemaError

ModelT = TypeVar("ModelT", bound=BaseModel)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LoadedYaml:
    """Plain data from one YAML file, with the line (1-based) of each key and list item."""

    path: Path
    data: Any
    lines: Mapping[Path_, int]

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of the deepest part of `loc` that the file has (pydantic adds extra parts)."""
        return line_in(self.lines, loc)


def line_in(lines: Mapping[Path_, int], loc: Sequence[str | int]) -> int | None:
    """The line of the deepest part of `loc` found in a file's `lines` (see `LoadedYaml`)."""
    found: int | None = lines.get(())
    prefix: Path_ = ()
    for part in loc:
        candidate = (*prefix, part)
        if candidate in lines:
            prefix = candidate
            found = lines[candidate]
    return found


def load_yaml(path: Path, raw: bytes | None = None) -> LoadedYaml:
    """Read `path` (or parse `raw`, its bytes as `read_pack_file` read them) with the safe
    loader, within the bounds above; any problem (unreadable, not UTF-8, bad YAML, out of
    bounds, duplicate keys) is a SchemaError naming file and line. (The parser is imported
    here, at the first file parsed: a pack served from the parse cache never needs it.)"""
    from quizprep.bank.yamlparse import parse

    return parse(path, raw)


def dotted(loc: Sequence[str | int]) -> str:
    """A field's location as a reader writes it: `quiz[0].answer`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(loaded: LoadedYaml, model: type[ModelT]) -> ModelT:
    """Validate the file's data as `model`; the first error becomes one SchemaError line."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        # Drop the union tags pydantic inserts ("quiz[0].choice.answer" -> "quiz[0].answer").
        loc = [p for p in error["loc"] if not _is_union_tag(loaded, error["loc"], p)]
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif error["type"] == "missing":
            message = "required field is missing"
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise SchemaError(loaded.path, loaded.line_of(loc), dotted(loc), message) from None


_UNION_TAGS = {"choice", "numeric", "formula", "short"}


def _is_union_tag(loaded: LoadedYaml, loc: Sequence[str | int], part: str | int) -> bool:
    if not isinstance(part, str) or part not in _UNION_TAGS:
        return False
    index = list(loc).index(part)
    return (*loc[:index], part) not in loaded.lines

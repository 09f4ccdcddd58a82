"""YAML loading that remembers where every value came from, so errors name file and line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from quizprep.errors import SchemaError

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

ModelT = TypeVar("ModelT", bound=BaseModel)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LoadedYaml:
    """Plain data from one YAML file, with the line (1-based) of each key and list item."""

    path: Path
    data: Any
    lines: dict[Path_, int]

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


def load_yaml(path: Path) -> LoadedYaml:
    """Read `path` with the safe loader; raise SchemaError on bad YAML or duplicate keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(path, None, "", f"cannot read: {exc}") from exc
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from exc
    except yaml.YAMLError as exc:
        raise SchemaError(path, None, "", f"YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _index(path, node, (), lines)
    return LoadedYaml(path, data, lines)


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> SchemaError:
    """A syntax error where the author must look: the line where an unclosed bracket or quote
    opened (else the line the parser stopped on), and the field written there."""
    mark = exc.problem_mark or exc.context_mark
    stopped = mark.line + 1 if mark is not None else None
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
    context = exc.context or ""
    if (
        opened is not None
        and opened != stopped
        and any(word in context for word in ("flow", "scalar", "simple key"))
    ):
        message = f"YAML syntax: {exc.problem} on line {stopped}, {context} opened here"
        return SchemaError(path, opened, key_path_at(text, opened), message)
    message = f"YAML syntax: {exc.problem or context}"
    return SchemaError(path, stopped, key_path_at(text, stopped) if stopped else "", message)


_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][\w-]*) *:(?: |$)")


def key_path_at(text: str, line: int) -> str:
    """The dotted field (`quiz[1].prompt`) written on `line`, or on the nearest key line above
    it, worked out from the indentation: for a file that does not parse there is no tree."""
    rows = _structure(text.splitlines())
    index = min(line, len(rows)) - 1
    while index >= 0 and not _KEY_LINE.match(rows[index]):
        index -= 1
    path: list[str | int] = []
    while index >= 0:
        match = _KEY_LINE.match(rows[index])
        if match is None:
            break
        path.insert(0, match["key"])
        indent = len(match["indent"])
        item_start = index if match["dash"] else _above(rows, index, indent)
        if item_start is None or not rows[item_start].lstrip().startswith("-"):
            index = -1 if item_start is None else item_start  # a mapping holds this key
            continue
        column = _indent_of(rows[item_start])
        count, parent = 0, -1
        for above in range(item_start, -1, -1):
            if rows[above].strip():
                if _indent_of(rows[above]) < column:
                    parent = above
                    break
                count += _indent_of(rows[above]) == column and rows[above].lstrip().startswith("-")
        path.insert(0, count - 1)
        index = parent
    return dotted(path)


def _structure(rows: list[str]) -> list[str]:
    """The rows with comments and the text of block scalars (`key: |`) blanked out, leaving the
    lines that give the document its shape."""
    kept: list[str] = []
    scalar_indent: int | None = None
    for row in rows:
        if scalar_indent is not None and (not row.strip() or _indent_of(row) > scalar_indent):
            kept.append("")
            continue
        scalar_indent = None
        if row.lstrip().startswith("#"):
            kept.append("")
            continue
        kept.append(row)
        if _BLOCK_SCALAR.search(row):
            scalar_indent = _indent_of(row)
    return kept


_BLOCK_SCALAR = re.compile(r":\s+[|>][-+0-9]*\s*(#.*)?$")


def _indent_of(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _above(rows: list[str], index: int, indent: int) -> int | None:
    """The nearest line above rows[index] that is indented less than `indent`."""
    for above in range(index - 1, -1, -1):
        if rows[above].strip() and _indent_of(rows[above]) < indent:
            return above
    return None


def _index(path: Path, node: yaml.Node, prefix: Path_, lines: dict[Path_, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise SchemaError(path, line, dotted((*prefix, key)), "duplicate key")
            seen.add(key)
            lines[(*prefix, key)] = line
            _index(path, value_node, (*prefix, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line + 1
            _index(path, item, (*prefix, i), lines)


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

"""YAML loading that remembers where every value came from, so errors name file and line."""

from __future__ import annotations

from collections.abc import Sequence
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
        found: int | None = self.lines.get(())
        prefix: Path_ = ()
        for part in loc:
            candidate = (*prefix, part)
            if candidate in self.lines:
                prefix = candidate
                found = self.lines[candidate]
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
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise SchemaError(path, line, "", f"YAML syntax: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise SchemaError(path, None, "", f"YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _index(path, node, (), lines)
    return LoadedYaml(path, data, lines)


def _index(path: Path, node: yaml.Node, prefix: Path_, lines: dict[Path_, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise SchemaError(path, line, _dotted((*prefix, key)), "duplicate key")
            seen.add(key)
            lines[(*prefix, key)] = line
            _index(path, value_node, (*prefix, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line + 1
            _index(path, item, (*prefix, i), lines)


def _dotted(loc: Sequence[str | int]) -> str:
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
        raise SchemaError(loaded.path, loaded.line_of(loc), _dotted(loc), message) from None


_UNION_TAGS = {"choice", "numeric", "formula", "short"}


def _is_union_tag(loaded: LoadedYaml, loc: Sequence[str | int], part: str | int) -> bool:
    if not isinstance(part, str) or part not in _UNION_TAGS:
        return False
    index = list(loc).index(part)
    return (*loc[:index], part) not in loaded.lines

"""The YAML side of `quizprep.bank.yamlfile`: parsing a pack file within bounds, with the line of
every key and list item (see that module's docstring). Imported by `yamlfile.load_yaml` when a
file is first parsed: PyYAML costs ~10 ms to import, and a pack served from the parse cache
needs none of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizprep.bank.files import read_pack_file
from quizprep.bank.yamlfile import LoadedYaml, Path_, dotted
from quizprep.errors import SchemaError

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

_C_LOADER = SafeLoader.__name__ == "CSafeLoader"
MAX_DEPTH = 200
"""Deepest nesting of mappings and lists in a pack file (a question file needs about 6)."""
MAX_NODES = 50_000
"""Most values (scalars, mappings, lists) in one pack file (a question file has ~500)."""
MAX_INT = 10**18
"""Largest integer (in absolute value) a pack file may write; a float says more."""
_DATA_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
_DATA_TAGS |= {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "!"}
_INT_TAG = "tag:yaml.org,2002:int"


def parse(path: Path, raw: bytes | None = None) -> LoadedYaml:
    """Read `path` (or parse `raw`, its bytes as `read_pack_file` read them) with the safe
    loader, within the bounds above; any problem (unreadable, not UTF-8, bad YAML, out of
    bounds, duplicate keys) is a SchemaError naming file and line."""
    if raw is None:
        raw = read_pack_file(path)
    text = _decode(path, raw)
    try:
        check_bounds(path, text)
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, raw, exc) from None
    except yaml.YAMLError as exc:
        raise SchemaError(path, 1, "", f"YAML: {exc}") from None
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as exc:
        # The checks above leave nothing known to get here; a one-line error even so.
        raise SchemaError(path, 1, "", f"YAML: cannot be read ({type(exc).__name__})") from None
    lines: dict[Path_, int] = {(): 1}
    if node is not None:
        lines[()] = node.start_mark.line + 1
        _index(node, (), lines)
    return LoadedYaml(path, data, lines)


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        text = raw.decode("utf-8", errors="replace")
        message = f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}): save it as UTF-8"
        raise SchemaError(path, line, key_path_at(text, line), message) from None


def _reader_error(path: Path, text: str, raw: bytes, exc: yaml.reader.ReaderError) -> SchemaError:
    """A character YAML does not allow (a NUL byte, a control character), where it is."""
    position = max(exc.position, 0)
    # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters.
    newlines = raw.count(b"\n", 0, position) if _C_LOADER else text.count("\n", 0, position)
    line = newlines + 1
    character = exc.character if isinstance(exc.character, int) else ord(exc.character or "?")
    message = f"YAML: unacceptable character #x{character:04x}: {exc.reason}"
    return SchemaError(path, line, key_path_at(text, line), message)


@dataclass
class _Open:
    """A mapping or list the event scan is inside, and where in it the next node goes."""

    mapping: bool
    key_next: bool = True
    key: str = "?"
    index: int = 0
    keys: dict[str, int] = field(default_factory=dict)


_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NUMBER_START = frozenset("+-0123456789")


def check_bounds(path: Path, text: str) -> None:
    """Walk the parser's events (no document is built, nothing recurses) and refuse what could
    hang, exhaust or crash the loader: aliases, deep nesting, too many values, huge integers and
    tags that are not plain data. Duplicate keys are refused too, naming both lines."""
    loader = SafeLoader(text)
    open_: list[_Open] = []
    nodes = 0
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            kind = type(event)
            key: Path_ = ()  # a duplicate key is reported at itself
            if kind in _ENDS:
                open_.pop()
                _completed(open_)
                continue
            if kind is yaml.ScalarEvent:
                problem = _scalar_problem(loader, event)
                if problem is None and open_ and open_[-1].mapping and open_[-1].key_next:
                    problem, key = _duplicate(open_[-1], event), (event.value,)
            elif kind in _STARTS:
                problem = _tag_problem(event.tag)
                if problem is None and len(open_) >= MAX_DEPTH:
                    problem = f"nested more than {MAX_DEPTH} levels deep"
            elif kind is yaml.AliasEvent:
                problem = "YAML aliases (*name) are not allowed in pack files: write the value out"
            else:
                continue
            nodes += 1
            if problem is None and nodes > MAX_NODES:
                problem = f"more than {MAX_NODES:,} values in one file: split it"
            if problem is not None:
                line = event.start_mark.line + 1 if event.start_mark is not None else 1
                raise SchemaError(path, line, _shown((*_loc_of_next(open_), *key)), problem)
            if kind in _STARTS:
                open_.append(_Open(kind is yaml.MappingStartEvent))
            else:
                _completed(open_, event.value if kind is yaml.ScalarEvent else "?")
    finally:
        loader.dispose()


def _tag_problem(tag: str | None) -> str | None:
    if tag is None or tag in _DATA_TAGS:
        return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {shown} is not allowed: pack files hold plain data"


def _scalar_problem(loader: Any, event: yaml.ScalarEvent) -> str | None:
    tag, value = event.tag, event.value
    problem = _tag_problem(tag)
    if problem is not None:
        return problem
    if tag is None or tag == "!":  # resolved as the composer will: only numbers matter here
        if not (event.implicit[0] and value[:1] in _NUMBER_START):
            return None
        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    return _integer_problem(loader, value) if tag == _INT_TAG else None


def _duplicate(mapping: _Open, event: yaml.ScalarEvent) -> str | None:
    """A key written twice in one mapping (the loader would keep the last, silently)."""
    if event.value in mapping.keys:
        return f"duplicate key (first on line {mapping.keys[event.value]})"
    mapping.keys[event.value] = event.start_mark.line + 1 if event.start_mark is not None else 1
    return None


def _integer_problem(loader: Any, written: str) -> str | None:
    """An integer beyond MAX_INT, found without converting thousands of digits."""
    digits = written.replace("_", "").lstrip("+-")
    if digits.isdigit() and not digits.startswith("0"):
        count = len(digits)
        if count <= 19 and int(digits) <= MAX_INT:
            return None
    elif len(digits) <= 80:
        try:
            value = loader.construct_yaml_int(yaml.ScalarNode(_INT_TAG, written))
        except (ValueError, TypeError):
            return None  # the loader reports it, with its own words
        if abs(value) <= MAX_INT:
            return None
        count = len(str(abs(value)))
    else:
        count = len(digits)
    return (
        f"integer with {count:,} digits is too large: the most a pack file may hold is "
        f"10^18 (write a float, e.g. 1.0e+{count - 1}, if that is what you mean)"
    )


def _loc_of_next(open_: list[_Open]) -> Path_:
    """Where the next node goes (a key is reported at its mapping), from the open collections:
    each is inside its parent at the parent's current key or index."""
    loc: list[str | int] = []
    for depth, frame in enumerate(open_):
        if not frame.mapping:
            loc.append(frame.index)
        elif not frame.key_next:
            loc.append(frame.key)
        elif depth < len(open_) - 1:
            loc.append("?")  # inside a key that is itself a mapping or a list
    return tuple(loc)


def _completed(open_: list[_Open], scalar: str = "?") -> None:
    """A node of the innermost open collection is complete (a key, a value or an item)."""
    if not open_:
        return
    top = open_[-1]
    if not top.mapping:
        top.index += 1
    elif top.key_next:
        top.key, top.key_next = scalar, False
    else:
        top.key_next = True


def _shown(loc: Path_) -> str:
    """A field for an error line: deep locations are cut short."""
    return dotted(loc) if len(loc) <= 8 else dotted(loc[:8]) + "..."


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


def _index(node: yaml.Node, prefix: Path_, lines: dict[Path_, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[(*prefix, key)] = key_node.start_mark.line + 1
            _index(value_node, (*prefix, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*prefix, i)] = item.start_mark.line + 1
            _index(item, (*prefix, i), lines)

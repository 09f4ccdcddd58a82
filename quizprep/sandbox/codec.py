"""Data-only transport between the grader and its workers: JSON plus `.npy` blobs, never pickle.

A message is `<u32 json length><json><u64 blob length><npy bytes>...`. In JSON an array is
`{"__npy__": i}` (blob i), a tuple `{"__tuple__": [...]}`, and a value a worker could not send
`{"__unsupported__": "type name"}`. Decoding distrusts every byte: array headers are checked
before any memory is given to them (a forged header can ask for terabytes).
"""

from __future__ import annotations

import functools
import io
import json
import math
import struct
from typing import Any

import numpy as np
from numpy.lib import format as npy_format

ALLOWED_KINDS = frozenset("biuf")
"""dtype kinds that may cross: bool, signed and unsigned ints, floats (no objects, no strings)."""


class CodecError(ValueError):
    """A message that is malformed, too large, or asks for a forbidden dtype."""


def encode(value: Any) -> bytes:
    """Serialise a nested value of JSON scalars, tuples, lists, str-keyed dicts and arrays."""
    blobs: list[bytes] = []
    tree = _to_tree(value, blobs)
    header = json.dumps(tree, allow_nan=True).encode()
    parts = [struct.pack("<I", len(header)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


class Unsupported:
    """Stands for a value the worker could not send as data (an object of a foreign type)."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def _to_tree(value: Any, blobs: list[bytes]) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Unsupported):
        return {"__unsupported__": value.type_name}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in ALLOWED_KINDS:
            return {"__unsupported__": f"ndarray of dtype {value.dtype}"}
        buffer = io.BytesIO()
        np.save(buffer, np.require(value, requirements="C"), allow_pickle=False)  # keeps 0-d
        blobs.append(buffer.getvalue())
        return {"__npy__": len(blobs) - 1}
    if isinstance(value, tuple):
        return {"__tuple__": [_to_tree(v, blobs) for v in value]}
    if isinstance(value, list):
        return [_to_tree(v, blobs) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if any(k.startswith("__") for k in value):
            return {"__unsupported__": "dict with a key starting with '__'"}
        return {k: _to_tree(v, blobs) for k, v in value.items()}
    return {"__unsupported__": type(value).__name__}


MAX_HEADER_BYTES = 16 << 20
"""The JSON part of one message (arrays travel as binary blobs beside it)."""
MAX_CONTAINERS = 200_000
"""Lists, tuples and dicts in one message: 15 million empty dicts (60 MB of JSON) would
cost the grader ~3 GB once decoded, so they are counted (cheaply, on the bytes) first."""


def decode(message: bytes, *, max_array_bytes: int = 256 << 20) -> Any:
    """Parse a message from `encode` in one pass; raise CodecError on anything malformed or
    oversized, checking sizes before any memory is given to them."""
    view = memoryview(message)
    if len(view) < 4:
        raise CodecError("truncated message")
    (header_len,) = struct.unpack_from("<I", view, 0)
    end = 4 + header_len
    if end > len(view):
        raise CodecError("truncated header")
    if header_len > MAX_HEADER_BYTES:
        raise CodecError(f"a value of over {MAX_HEADER_BYTES >> 20} MiB of JSON")
    header = bytes(view[4:end])
    if header.count(b"[") + header.count(b"{") > MAX_CONTAINERS:
        raise CodecError(f"a value of over {MAX_CONTAINERS:,} lists and dicts")
    blobs = _blobs(view, end)
    budget = [max_array_bytes]
    try:
        return json.loads(header, object_hook=lambda tree: _from_object(tree, blobs, budget))
    except RecursionError:
        raise CodecError("value nested too deeply") from None
    except ValueError as exc:  # CodecError is one
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"bad JSON header: {exc}") from None


def _blobs(view: memoryview, offset: int) -> list[memoryview]:
    """The binary blobs after the JSON header, bounds-checked."""
    blobs: list[memoryview] = []
    while offset < len(view):
        if offset + 8 > len(view):
            raise CodecError("truncated blob length")
        (blob_len,) = struct.unpack_from("<Q", view, offset)
        offset += 8
        if offset + blob_len > len(view):
            raise CodecError("truncated blob")
        blobs.append(view[offset : offset + blob_len])
        offset += blob_len
    return blobs


def _from_object(tree: dict[str, Any], blobs: list[memoryview], budget: list[int]) -> Any:
    """One JSON object, as the decoder meets it (inner values are already decoded)."""
    if "__npy__" in tree:
        index = tree["__npy__"]
        if type(index) is not int or not 0 <= index < len(blobs):
            raise CodecError("array reference out of range")
        return load_npy(blobs[index], budget)
    if "__tuple__" in tree:
        if not isinstance(tree["__tuple__"], list):
            raise CodecError("malformed tuple")
        return tuple(tree["__tuple__"])
    if "__unsupported__" in tree:
        return Unsupported(str(tree["__unsupported__"])[:200])
    return tree


def load_npy(blob: memoryview, budget: list[int]) -> np.ndarray:
    """Read one `.npy` blob after checking its header: version, dtype kind, and that the
    declared size equals the bytes present and fits the remaining `budget`."""
    if len(blob) < 10:
        raise CodecError("bad array header: too short")
    header_end = 10 + int.from_bytes(blob[8:10], "little")
    if bytes(blob[:8]) != b"\x93NUMPY\x01\x00" or header_end > min(len(blob), 10 + 1024):
        raise CodecError("bad array header: not a version 1.0 .npy header")
    shape, fortran, dtype = _parse_header(bytes(blob[:header_end]))
    if dtype.kind not in ALLOWED_KINDS or dtype.hasobject or dtype.fields is not None:
        raise CodecError(f"array dtype {dtype} is not allowed")
    if len(shape) > 32 or any(type(n) is not int or not 0 <= n < 1 << 63 for n in shape):
        raise CodecError("bad array shape")
    count = math.prod(shape)
    declared = count * dtype.itemsize
    payload = len(blob) - header_end
    if declared != payload:
        raise CodecError(f"array declares {declared} bytes but carries {payload}")
    if declared > budget[0]:
        raise CodecError("arrays larger than the output limit")
    budget[0] -= declared
    try:
        array = np.frombuffer(blob, dtype=dtype, count=count, offset=header_end)
        shaped: np.ndarray = array.reshape(tuple(shape), order="F" if fortran else "C")
    except ValueError as exc:  # e.g. (0, 2**39): no bytes, yet numpy cannot index it
        raise CodecError(f"bad array shape: {exc}") from None
    return shaped.copy()


@functools.lru_cache(maxsize=1024)
def _parse_header(header: bytes) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    """numpy's own (literal_eval) header parser, cached: a batch sends the same few headers
    thousands of times."""
    stream = io.BytesIO(header)
    try:
        npy_format.read_magic(stream)
        shape, fortran, dtype = npy_format.read_array_header_1_0(stream, max_header_size=1024)
    except (ValueError, SyntaxError) as exc:
        raise CodecError(f"bad array header: {exc}") from None
    if stream.tell() != len(header):
        raise CodecError("bad array header: trailing bytes")
    return tuple(shape), bool(fortran), dtype


def frame(payload: bytes) -> bytes:
    """Prefix a message with its length so several can share one pipe."""
    return struct.pack("<Q", len(payload)) + payload

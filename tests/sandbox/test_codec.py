"""The data-only transport between grader and worker: values round-trip exactly, and every
malformed or hostile message is a CodecError, raised before any memory is given to it."""

from __future__ import annotations

import io
import json
import math
import struct
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.lib import format as npy_format

from quizprep.sandbox import codec
from quizprep.sandbox.codec import CodecError, Unsupported

# ---------------------------------------------------------------------------------------------
# Round trips


def same(a: Any, b: Any) -> bool:
    """Equal in type, structure, dtype, shape and value (NaN equal to NaN)."""
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


DTYPES = [
    np.bool_,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
    np.float16,
    np.float32,
    np.float64,
    np.longdouble,
    np.dtype(">f8"),
    np.dtype(">i4"),
]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).str)
def test_array_round_trip_per_dtype(dtype: Any) -> None:
    rng = np.random.default_rng(0)
    array = (rng.normal(size=(3, 4)) * 50).astype(dtype)
    decoded = codec.decode(codec.encode(array))
    assert same(array, decoded)
    assert decoded.flags.writeable and decoded.flags.owndata  # a copy, not a view of the bytes


@pytest.mark.parametrize(
    "array",
    [
        np.array(3.5),
        np.array(7, dtype=np.int64),
        np.array(True),
        np.zeros(0),
        np.zeros((3, 0), dtype=np.int32),
        np.zeros((0, 0, 2), dtype=np.uint8),
        np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)),
        np.arange(20.0).reshape(4, 5)[::2, ::-2],  # strided, negative steps
        np.arange(12, dtype=np.int16).reshape(3, 4).T,
        np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7e308]),
    ],
    ids=[
        "0-d float",
        "0-d int",
        "0-d bool",
        "empty",
        "empty 3x0",
        "empty 0x0x2",
        "fortran order",
        "strided view",
        "transposed",
        "special floats",
    ],
)
def test_array_round_trip_shapes_and_orders(array: np.ndarray) -> None:
    decoded = codec.decode(codec.encode(array))
    assert same(array, decoded)
    assert decoded.shape == array.shape


def test_nested_round_trip() -> None:
    value = {
        "loss": 0.25,
        "grads": (np.ones((2, 2), dtype=np.float32), [np.arange(3), np.array(1.0)]),
        "meta": {"step": 3, "name": "gru ✓", "flags": [True, False, None], "empty": {}},
        "pairs": [(1, 2), (3.5, (np.zeros(0), ())), []],
        "specials": [float("nan"), float("inf"), -float("inf"), 10**30, -(2**63)],
        "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    }
    decoded = codec.decode(codec.encode(value))
    assert same(value, decoded)


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -1, 2**70, 1.5, "", "text", [], (), {}, ((((),),),)],
    ids=repr,
)
def test_scalar_and_empty_round_trip(value: Any) -> None:
    assert same(value, codec.decode(codec.encode(value)))


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (np.array(["a", "b"]), "ndarray of dtype <U1"),
        (np.array([1 + 2j]), "ndarray of dtype complex128"),
        (np.array([object()], dtype=object), "ndarray of dtype object"),
        (np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]), "ndarray of dtype"),
        (np.array(["2020-01-01"], dtype="M8[D]"), "ndarray of dtype datetime64[D]"),
        ({1: 2}, "dict"),
        ({"__npy__": 0}, "dict with a key starting with '__'"),
        ({"__tuple__": [1]}, "dict with a key starting with '__'"),
        (object(), "object"),
        (b"bytes", "bytes"),
        ({1, 2}, "set"),
    ],
    ids=[
        "str array",
        "complex",
        "object array",
        "structured",
        "datetime",
        "int keys",
        "npy escape",
        "tuple escape",
        "object",
        "bytes",
        "set",
    ],
)
def test_what_cannot_cross_arrives_as_unsupported(value: Any, name: str) -> None:
    decoded = codec.decode(codec.encode([value]))
    assert isinstance(decoded, list) and isinstance(decoded[0], Unsupported)
    assert decoded[0].type_name.startswith(name)


def test_frame_prefixes_the_length() -> None:
    payload = codec.encode({"event": "done"})
    framed = codec.frame(payload)
    assert struct.unpack_from("<Q", framed)[0] == len(payload)
    assert framed[8:] == payload


# ---------------------------------------------------------------------------------------------
# Hostile messages, built byte by byte


def message(tree: Any, *blobs: bytes, header: bytes | None = None) -> bytes:
    """A message as a worker would send it: <u32 len><json>(<u64 len><blob>)*."""
    text = json.dumps(tree).encode() if header is None else header
    parts = [struct.pack("<I", len(text)), text]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def npy_header(descr: Any, shape: Any, fortran: Any = False) -> bytes:
    stream = io.BytesIO()
    npy_format.write_array_header_1_0(
        stream, {"descr": descr, "fortran_order": fortran, "shape": shape}
    )
    return stream.getvalue()


def raw_npy_header(text: str, version: bytes = b"\x01\x00") -> bytes:
    """A .npy header with any dict text (no checks), padded as numpy pads it."""
    body = text.encode("latin1")
    total = 10 + len(body) + 1
    body += b" " * (-total % 64) + b"\n"
    return b"\x93NUMPY" + version + struct.pack("<H", len(body)) + body


def array_message(blob: bytes) -> bytes:
    return message({"value": {"__npy__": 0}}, blob)


def assert_rejected_cheaply(data: bytes, match: str | None = None, **kwargs: Any) -> None:
    """decode(data) raises CodecError, and allocates well under 1 MiB while doing so."""
    tracemalloc.start()
    try:
        with pytest.raises(CodecError, match=match):
            codec.decode(data, **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < (1 << 20) + 4 * len(data), f"allocated {peak} bytes to reject it"


TERABYTES = 10**12


@pytest.mark.parametrize(
    ("blob", "match"),
    [
        (npy_header("<f8", (TERABYTES,)) + bytes(8), "declares 8000000000000 bytes but carries 8"),
        (npy_header("<f8", (2**40, 2**40)), "declares"),
        (npy_header("<u1", (2**62, 4)) + bytes(16), "declares"),
        (npy_header("<f8", (TERABYTES,), fortran=True), "declares"),
        (raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (-8,), }"), "shape"),
    ],
    ids=[
        "terabytes-claimed",
        "exabytes-claimed-no-payload",
        "product-beyond-int64",
        "fortran-terabytes",
        "negative-dimension",
    ],
)
def test_forged_shape_is_rejected_before_allocating(blob: bytes, match: str) -> None:
    assert_rejected_cheaply(array_message(blob), match)


@pytest.mark.parametrize(
    "descr",
    [
        "|O",
        [("a", "<f8"), ("b", "<i4")],
        [("x", "|O")],
        "<U10",
        "|S4",
        "<c16",
        "<M8[s]",
        "<m8[s]",
        "|V8",
    ],
    ids=[
        "object",
        "structured",
        "structured-object",
        "unicode",
        "bytes",
        "complex",
        "datetime",
        "timedelta",
        "void",
    ],
)
def test_forbidden_dtype_is_rejected(descr: Any) -> None:
    blob = npy_header(descr, (1,)) + bytes(np.dtype(descr).itemsize)
    assert_rejected_cheaply(array_message(blob), "not allowed|bad array header")


@pytest.mark.parametrize("payload", [0, 8, 23, 25, 1 << 12], ids=lambda n: f"{n}-bytes")
def test_declared_bytes_must_equal_payload(payload: int) -> None:
    blob = npy_header("<f8", (3,)) + bytes(payload)
    assert_rejected_cheaply(array_message(blob), "declares 24 bytes but carries")


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"\x93NUMPY",
        b"NOTNUMPY\x01\x00" + bytes(80),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", b"\x02\x00")
        + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", b"\x03\x00")
        + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': 'yes', 'shape': (1,), }") + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': [1], }") + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,), }") + bytes(8),
        raw_npy_header("{'descr': 5, 'fortran_order': False, 'shape': (1,), }") + bytes(8),
        raw_npy_header("{'descr': '<f8', 'shape': (1,), }") + bytes(8),
        raw_npy_header("__import__('os').system('touch /tmp/quizprep-pwned')") + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}")
        + bytes(8),
        raw_npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }" + " " * 4000)
        + bytes(8),
    ],
    ids=[
        "empty",
        "magic-only",
        "bad-magic",
        "version-2",
        "version-3",
        "fortran-not-bool",
        "shape-a-list",
        "shape-float",
        "descr-an-int",
        "missing-key",
        "code-in-header",
        "extra-key",
        "header-over-1-kib",
    ],
)
def test_malformed_npy_header_is_rejected(blob: bytes) -> None:
    assert_rejected_cheaply(array_message(blob))


def test_arrays_beyond_the_budget_are_rejected() -> None:
    one = io.BytesIO()
    np.save(one, np.zeros(1000), allow_pickle=False)
    blob = one.getvalue()
    data = message({"a": {"__npy__": 0}, "b": {"__npy__": 1}}, blob, blob)
    assert codec.decode(data, max_array_bytes=16000)["b"].shape == (1000,)
    with pytest.raises(CodecError, match="larger than the output limit"):
        codec.decode(data, max_array_bytes=15999)
    with pytest.raises(CodecError, match="larger than the output limit"):
        codec.decode(data, max_array_bytes=7999)


GOOD = message({"a": [1, 2]})


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x01\x00",
        struct.pack("<I", 100) + b"{}",
        struct.pack("<I", 2**32 - 1) + b"{}",
        GOOD + b"\x01\x02\x03",
        GOOD + struct.pack("<Q", 10),
        GOOD + struct.pack("<Q", 10) + b"12345",
        GOOD + struct.pack("<Q", 2**64 - 1) + b"x",
        GOOD + struct.pack("<Q", 2**63) + bytes(64),
    ],
    ids=[
        "empty",
        "short-length",
        "header-cut",
        "header-4-gib",
        "blob-length-cut",
        "blob-missing",
        "blob-cut",
        "blob-length-max-u64",
        "blob-length-2-pow-63",
    ],
)
def test_truncated_messages_are_rejected(data: bytes) -> None:
    assert_rejected_cheaply(data, "truncated")


@pytest.mark.parametrize(
    "header",
    [
        b"",
        b"{",
        b"{'single': 'quotes'}",
        b'{"a": 1,}',
        b"\xff\xfe\x00garbage",
        b'{"a": "\xc3\x28"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ' * 50_000 + b"1" + b"}" * 50_000,
        b"1" * 5000,
        b'{"a": 1} trailing',
        b"\x00",
    ],
    ids=[
        "empty",
        "unclosed",
        "single-quotes",
        "trailing-comma",
        "binary",
        "invalid-utf8",
        "nested-100k-lists",
        "nested-50k-dicts",
        "int-5000-digits",
        "trailing-text",
        "nul",
    ],
)
def test_bad_json_is_rejected(header: bytes) -> None:
    assert_rejected_cheaply(message(None, header=header), "bad JSON|nested too deeply")


def test_values_nested_too_deeply_are_rejected() -> None:
    """Valid JSON that json.loads accepts but is too deep to walk back into tuples."""
    depth = 5000
    header = b'{"__tuple__": [' * depth + b"1" + b"]}" * depth
    assert_rejected_cheaply(message(None, header=header), "nested too deeply|bad JSON")


@pytest.mark.parametrize(
    "tree",
    [
        {"__npy__": 1},
        {"__npy__": -1},
        {"__npy__": 2**70},
        {"__npy__": "0"},
        {"__npy__": 0.0},
        {"__npy__": None},
        {"__npy__": [0]},
        {"x": [{"__npy__": 5}]},
    ],
    ids=["one-past", "negative", "huge", "string", "float", "null", "list", "nested"],
)
def test_out_of_range_blob_index_is_rejected(tree: Any) -> None:
    blob = io.BytesIO()
    np.save(blob, np.zeros(2), allow_pickle=False)
    assert_rejected_cheaply(message(tree, blob.getvalue()), "array reference out of range")


@pytest.mark.parametrize(
    "tree",
    [
        {"__tuple__": 5},
        {"__tuple__": None},
        {"__tuple__": 1.5},
        {"__tuple__": True},
        {"value": [1, {"__tuple__": 7}]},
    ],
    ids=["int", "null", "float", "bool", "nested"],
)
def test_malformed_tuple_is_rejected(tree: Any) -> None:
    """A forged `{"__tuple__": <not a list>}` must be a CodecError, not a TypeError that
    escapes the runner's `except CodecError` and takes the grader down with it."""
    assert_rejected_cheaply(message(tree))


def test_decoding_never_unpickles() -> None:
    """np.save with an object array would pickle; such a blob is refused, not loaded."""
    stream = io.BytesIO()
    np.save(stream, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    assert_rejected_cheaply(array_message(stream.getvalue()), "not allowed")


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda b: b[:-1],
        lambda b: b + b"\x00",
        lambda b: b[:20],
        lambda b: b[:4] + b"\xff" + b[5:],
    ],
    ids=["drop-last-byte", "extra-byte", "cut-in-header", "bad-json-byte"],
)
def test_corrupted_real_messages_are_rejected(corrupt: Callable[[bytes], bytes]) -> None:
    good = codec.encode({"event": "case", "index": 0, "value": np.arange(4.0)})
    assert same(codec.decode(good)["value"], np.arange(4.0))
    assert_rejected_cheaply(corrupt(good))

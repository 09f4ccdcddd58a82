"""Compare a learner's result with the reference and explain the difference.

Runs in the trusted grader on plain data decoded from a worker. Every message says what a
learner can act on: where, by how much, and the likely cause (transposed, a constant factor,
a flipped sign, summed instead of averaged, overflow to NaN/Inf).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from quizprep.bank.schema import Tolerance
from quizprep.sandbox.codec import Unsupported


@dataclass(frozen=True)
class Mismatch:
    """Why a result is wrong; `where` names the part ("dU", "w_new", "[1]")."""

    where: str
    message: str


def compare(
    expected: Any,
    actual: Any,
    tolerance: Tolerance,
    *,
    names: list[str] | None = None,
    sizes: frozenset[int] = frozenset(),
) -> Mismatch | None:
    """The first way `actual` differs from `expected`, or None if it matches. `sizes` are the
    sizes of the case's inputs (lengths, dimensions): a wrong factor that equals one of them is
    the classic sum-versus-mean slip."""
    return _compare(expected, actual, tolerance, "", names, sizes=sizes)


def matches(expected: Any, actual: Any, tolerance: Tolerance) -> bool:
    """True when `actual` equals `expected` within tolerance (NaN matches NaN)."""
    return _compare(expected, actual, tolerance, "", None, nan_equal=True) is None


def _label(where: str) -> str:
    return f"{where}: " if where else ""


def _describe(value: Any) -> str:
    if isinstance(value, Unsupported):
        return f"a {value.type_name} object"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    if isinstance(value, dict):
        return f"a dict with keys {sorted(value)}"
    if value is None:
        return "None (did you forget to return?)"
    return f"{type(value).__name__} {value!r}"


def _compare(
    expected: Any,
    actual: Any,
    tol: Tolerance,
    where: str,
    names: list[str] | None,
    *,
    nan_equal: bool = False,
    sizes: frozenset[int] = frozenset(),
) -> Mismatch | None:
    if isinstance(actual, Unsupported):
        return Mismatch(
            where,
            f"{_label(where)}returned {_describe(actual)}; return NumPy arrays, torch tensors "
            "or plain numbers",
        )
    if isinstance(expected, tuple | list):
        return _compare_sequence(expected, actual, tol, where, names, nan_equal, sizes)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return Mismatch(
                where,
                f"{_label(where)}expected a dict with keys "
                f"{sorted(expected)}, got {_describe(actual)}",
            )
        missing = [k for k in expected if k not in actual]
        if missing:
            return Mismatch(
                where,
                f"{_label(where)}missing key{'s' * (len(missing) > 1)} "
                f"{', '.join(map(repr, missing))}",
            )
        for key in expected:
            found = _compare(
                expected[key],
                actual[key],
                tol,
                _join(where, key),
                None,
                nan_equal=nan_equal,
                sizes=sizes,
            )
            if found:
                return found
        return None
    if isinstance(expected, str):
        if actual != expected:
            return Mismatch(where, f"{_label(where)}expected {expected!r}, got {_describe(actual)}")
        return None
    if isinstance(expected, bool):
        if not isinstance(actual, bool | np.ndarray) or np.asarray(actual).shape != ():
            return Mismatch(where, f"{_label(where)}expected a bool, got {_describe(actual)}")
        if bool(actual) != expected:
            return Mismatch(where, f"{_label(where)}expected {expected}, got {bool(actual)}")
        return None
    if isinstance(expected, int):
        return _compare_int(expected, actual, where)
    if isinstance(expected, float):
        value = _as_scalar(actual)
        if value is None:
            return Mismatch(
                where,
                f"{_label(where)}expected a single number, got "
                f"{_describe(actual)}" + _scalar_hint(actual),
            )
        return _compare_arrays(
            np.asarray(expected), np.asarray(value), tol, where, nan_equal, sizes
        )
    if isinstance(expected, np.ndarray):
        nested = isinstance(actual, list | tuple)
        if isinstance(actual, int | float | list | tuple) and not isinstance(actual, bool):
            actual = _numeric_array(actual)  # a loop-style answer may build nested lists
        if nested and isinstance(actual, np.ndarray) and _empty_like(actual, expected):
            return None
        if not isinstance(actual, np.ndarray):
            return Mismatch(
                where,
                f"{_label(where)}expected an array of shape {expected.shape}, "
                f"got {_describe(actual)}",
            )
        return _compare_arrays(expected, actual, tol, where, nan_equal, sizes)
    raise TypeError(f"reference produced an unsupported value: {type(expected).__name__}")


def _empty_like(nested: np.ndarray, expected: np.ndarray) -> bool:
    """An empty nested list is the empty array it spells as far as its nesting goes: a loop over
    zero boxes gives `[]`, which cannot say the `, 2` of an expected (0, 2); nor its dtype."""
    return nested.size == 0 and expected.size == 0 and expected.shape[: nested.ndim] == nested.shape


def _numeric_array(value: Any) -> Any:
    """`value` as a float array when it is a number or a nested list of numbers, else as is."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        return value
    return array if array.dtype.kind in "biuf" else value


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _compare_sequence(
    expected: tuple[Any, ...] | list[Any],
    actual: Any,
    tol: Tolerance,
    where: str,
    names: list[str] | None,
    nan_equal: bool,
    sizes: frozenset[int],
) -> Mismatch | None:
    parts = f" ({', '.join(names)})" if names else ""
    if not isinstance(actual, tuple | list):
        return Mismatch(
            where,
            f"{_label(where)}expected a tuple of {len(expected)}{parts}, got {_describe(actual)}",
        )
    if len(actual) != len(expected):
        return Mismatch(
            where, f"{_label(where)}expected {len(expected)} values{parts}, got {len(actual)}"
        )
    for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
        label = names[i] if names and i < len(names) else f"{where}[{i}]" if where else f"[{i}]"
        found = _compare(e, a, tol, label, None, nan_equal=nan_equal, sizes=sizes)
        if found:
            return found
    return None


def _compare_int(expected: int, actual: Any, where: str) -> Mismatch | None:
    if isinstance(actual, np.ndarray) and actual.shape == () and actual.dtype.kind in "iu":
        actual = int(actual)
    if isinstance(actual, bool) or not isinstance(actual, int):
        hint = ""
        if isinstance(actual, float) and actual.is_integer():
            hint = " (use // or int(...) so the result is an int)"
        return Mismatch(
            where, f"{_label(where)}expected the int {expected}, got {_describe(actual)}{hint}"
        )
    if actual != expected:
        return Mismatch(where, f"{_label(where)}expected {expected}, got {actual}")
    return None


def _as_scalar(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:  # 10**400 is an overflow to report, not a grader crash
            return math.inf if value > 0 else -math.inf
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "biuf":
        return float(value)
    return None


def _scalar_hint(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.size == 1:
        return " (use float(...) or .item() to return one number)"
    if isinstance(value, np.ndarray):
        return " (reduce it: mean or sum over the batch?)"
    return ""


def _compare_arrays(
    expected: np.ndarray,
    actual: np.ndarray,
    tol: Tolerance,
    where: str,
    nan_equal: bool,
    sizes: frozenset[int] = frozenset(),
) -> Mismatch | None:
    label = _label(where)
    if actual.shape != expected.shape:
        hint = ""
        if actual.shape == expected.shape[::-1] and actual.ndim >= 2:
            hint = " (transposed?)"
        elif actual.size == expected.size:
            hint = " (same number of values: a reshape or axis order problem?)"
        elif actual.ndim == expected.ndim - 1 or actual.shape == ():
            hint = " (reduced over an axis that should stay?)"
        return Mismatch(where, f"{label}shape {actual.shape}, expected {expected.shape}{hint}")
    if expected.dtype.kind in "iub" and actual.dtype.kind == "f":
        return Mismatch(
            where,
            f"{label}expected integers (any integer dtype), got {actual.dtype}: indices and "
            "counts are whole numbers (astype(int), or an integer operation)",
        )
    if expected.dtype.kind in "iu" and actual.dtype.kind == "b":
        return Mismatch(
            where,
            f"{label}expected integers (any integer dtype), got booleans: convert them "
            "(astype(int), or .long() for a tensor)",
        )
    if expected.dtype.kind in "iu" and actual.dtype.kind in "iu":
        return _compare_integers(expected, actual, label, where)
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    with np.errstate(all="ignore"):  # the common case, all finite and close, in one pass
        bound = tol.atol + tol.rtol * np.abs(e)  # np.isclose's bound; not finite where e is not
        if np.isfinite(bound).all() and (np.abs(a - e) <= bound).all():
            return None
    bad_actual = ~np.isfinite(a)
    bad_expected = ~np.isfinite(e)
    if nan_equal:
        same_nonfinite = np.array_equal(bad_actual, bad_expected) and np.array_equal(
            a[bad_actual], e[bad_expected], equal_nan=True
        )
        if not same_nonfinite:
            return Mismatch(where, f"{label}non-finite values differ")
    elif (bad_actual & ~bad_expected).any():
        positions = np.argwhere(bad_actual & ~bad_expected)
        nan = bool(np.isnan(a[bad_actual & ~bad_expected]).any())
        first = tuple(int(i) for i in positions[0])
        at = f", first at {_index(first)}" if a.ndim else ""
        count = f"{len(positions)} position{'s' * (len(positions) > 1)}"
        return Mismatch(
            where,
            f"{label}{'NaN' if nan else 'Inf'} at {count}{at} where the reference is "
            f"{e[first]:.6g}: {NAN_SOURCES if nan else INF_SOURCES}",
        )
    finite = ~bad_actual & ~bad_expected
    close = np.isclose(a, e, rtol=tol.rtol, atol=tol.atol) | (bad_actual & bad_expected & nan_equal)
    if close.all():
        return None
    abs_err = np.where(finite, np.abs(a - e), np.inf)
    worst = tuple(
        int(i) for i in np.unravel_index(int(np.argmax(np.where(close, -1.0, abs_err))), a.shape)
    )
    rel = (
        f", rel {abs_err[worst] / abs(e[worst]):.3g}"
        if e[worst] != 0 and np.isfinite(e[worst])
        else ""
    )
    if a.ndim:
        head = f"{int((~close).sum())} of {close.size} values differ; worst at {_index(worst)}: "
    else:
        head = ""
    message = (
        f"{label}{head}got {a[worst]:.6g}, expected {e[worst]:.6g} (abs error "
        f"{abs_err[worst]:.3g}{rel}; tolerance rtol={tol.rtol:g}, atol={tol.atol:g})"
    )
    cause = likely_cause(e, a, tol, sizes)
    return Mismatch(where, message + (f". {cause}" if cause else ""))


NAN_SOURCES = (
    "NaN comes from 0/0, inf - inf, 0 * inf, or log or sqrt of a negative number (an exp that "
    "overflows to inf can lead to one: shift by the max before exp)"
)
INF_SOURCES = (
    "Inf comes from a division by 0, log of 0, or an overflow (exp of a large number: shift "
    "by the max before exp)"
)
SHOWN_INTEGERS = 12
"""An integer result up to this many values is shown whole beside the expected one."""


def _compare_integers(
    expected: np.ndarray, actual: np.ndarray, label: str, where: str
) -> Mismatch | None:
    """Token ids, indices, counts: exact, and shown as what they are (no float advice)."""
    differ = expected.astype(np.int64) != actual.astype(np.int64)
    if not differ.any():
        return None
    first = tuple(int(i) for i in np.argwhere(differ)[0])
    if expected.ndim == 0:
        return Mismatch(where, f"{label}got {int(actual)}, expected {int(expected)}")
    count = f"{int(differ.sum())} of {differ.size} values differ; "
    if expected.size <= SHOWN_INTEGERS:
        shown = f"got {actual.astype(np.int64).tolist()}, expected {expected.tolist()} "
        return Mismatch(where, f"{label}{shown}({count}first difference at {_index(first)})")
    return Mismatch(
        where,
        f"{label}{count}first difference at {_index(first)}: got {int(actual[first])}, "
        f"expected {int(expected[first])}",
    )


def _index(position: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in position) + "]"


MIN_VALUES_FOR_A_PATTERN = 4


def likely_cause(
    expected: np.ndarray,
    actual: np.ndarray,
    tol: Tolerance,
    sizes: frozenset[int] = frozenset(),
) -> str | None:
    """A guess at the classic mistake behind a wrong array, said as a guess, and only when its
    test fits the numbers.

    A flipped sign or a transpose is exact. A constant factor or offset shared by two or three
    values is too often a coincidence, and a single number fits every factor: there, only a
    factor equal to a size of the inputs (the batch size: summed instead of averaged) counts.
    """
    if not (np.isfinite(expected).all() and np.isfinite(actual).all()):
        return None
    rtol, atol = max(tol.rtol, 1e-6), max(tol.atol, 1e-9)

    def close(x: np.ndarray, y: np.ndarray) -> bool:  # np.allclose for finite values, faster
        return bool((np.abs(x - y) <= atol + rtol * np.abs(y)).all())

    if expected.size >= 1 and np.abs(expected).max() > atol and close(actual, -expected):
        return "The sign is flipped."
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and close(actual, expected.T):
        return "The result is transposed."
    norm = float(np.vdot(expected, expected))
    if norm > 0:
        factor = float(np.vdot(expected, actual)) / norm
        if abs(factor) > 1e-12 and not np.isclose(factor, 1.0) and close(actual, factor * expected):
            size_hint = _sum_or_mean(factor, sizes)
            if size_hint:
                return f"A guess: {size_hint}"
            if expected.size >= MIN_VALUES_FOR_A_PATTERN:
                return f"Every value is off by the same factor, {factor:.6g}."
            return None
    offset = actual - expected
    if expected.size >= MIN_VALUES_FOR_A_PATTERN and close(
        offset, np.full_like(offset, offset.flat[0])
    ):
        return f"Every value is off by the same {float(offset.flat[0]):.6g}."
    return None


def _sum_or_mean(factor: float, sizes: frozenset[int]) -> str | None:
    """ "summed where it should be averaged" when the factor is a size of the inputs."""
    for size in sorted(sizes):
        if size < 2:
            continue
        if np.isclose(factor, size, rtol=1e-6):
            return (
                f"off by a factor of {size}, a size of the inputs: summed where it should be "
                "averaged?"
            )
        if np.isclose(factor, 1 / size, rtol=1e-6):
            return (
                f"off by a factor of 1/{size}, a size of the inputs: averaged where it should "
                "be summed?"
            )
    return None

"""Checking a learner's answer to a quiz item: choice, numeric and formula (SymPy).

A number is right within the item's tolerance, or, when the key is not an integer, when it agrees
with the key to the digits the learner typed (at least MIN_FIGURES significant figures): 2.303 for
2.302585. Numeric expressions (`ln(10)`, `2^10`, `1/sqrt(2)`) and formulas are read by SymPy's
parser, after a check that lets through only numbers, operators, the declared symbols and
FUNCTIONS, into a namespace that holds nothing else (no builtins, no automatic symbols); numbers
too large to compute are refused before SymPy computes them. Learners may write `^` for powers
and implicit multiplication (`2x`, `n k`, and `hd` for h*d when h and d are declared).

Formulas are compared by evaluating both at random points of the symbols' declared domains
first (fast, and a counterexample explains a wrong answer), then, when they agree everywhere,
by symbolic simplification under a time limit. SymPy is imported only when it is needed.

Input that cannot be read is never a wrong answer: its Verdict has `understood=False`.
"""

from __future__ import annotations

import io
import keyword
import math
import random
import re
import threading
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, DecimalException
from typing import Any

from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem, SymbolSpec

FUNCTIONS = (
    "exp",
    "log",
    "ln",
    "sqrt",
    "tanh",
    "sigmoid",
    "floor",
    "ceiling",
    "ceil",
    "Max",
    "Min",
    "max",
    "min",
    "Abs",
    "abs",
    "sin",
    "cos",
    "pi",
    "E",
    "e",
)
"""Names an answer may use besides a formula's declared symbols (`log` is the natural log)."""

NUMERIC_HINT = "e.g. 0.25, 1/4, 25%, 2^10 or ln(10) (log is the natural log)"
"""The forms a numeric answer may take, for a placeholder or a message."""

FORMULA_HINT = "Write 2x or 2*x for products, x^2 or x**2 for powers; log is the natural log"
"""How to write a formula, for a hint or a message."""

MIN_FIGURES = 3
"""Significant figures from which a number that rounds the key correctly is right."""

MAX_ANSWER_CHARS = 500
SIMPLIFY_SECONDS = 2.0
SAMPLE_POINTS = 24
MAX_POWER_DIGITS = 4000
"""The most digits a number in an answer may have: 9**9**9 has 370 million, and SymPy would
compute every one before anything else could happen (and Python prints at most 4300). Exponents
of symbols are bounded by the same figure: x**(10**4000) takes SymPy minutes at x = 1.5."""

SIMPLE_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
GROUPED_DIGITS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
LOOKALIKES = str.maketrans({"−": "-", "·": "*", "⋅": "*", "×": "*", "²": "^2", "³": "^3"})
"""Signs of the explanations a learner may copy: minus, multiplication dots, squares, cubes."""


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right, and why (shown to the learner as is)."""

    correct: bool
    message: str
    understood: bool = True
    """False when the answer could not be read (empty, not parsed, a name not allowed): the
    message says why, and it is not an answer to record."""


def _unreadable(message: str) -> Verdict:
    return Verdict(False, message, understood=False)


def check_choice(item: ChoiceItem, picked: set[int]) -> Verdict:
    """Right when exactly the correct options are picked."""
    if not picked:
        return _unreadable("Pick an option first.")
    correct = set(item.answer)
    if picked == correct:
        return Verdict(True, _sentences("Correct", item.explanation))
    right = "; ".join(_clause(item.options[i]) for i in sorted(correct))
    if item.multiple and picked < correct:
        message = _sentences("Partly: you missed some", f"All correct: {right}", item.explanation)
        return Verdict(False, message)
    return Verdict(False, _sentences("Not quite", f"Correct: {right}", item.explanation))


def _sentences(*parts: str) -> str:
    """Parts joined into one message, each ended by one full stop (or its own ?, ! or ...),
    spaces collapsed: whatever a part ends with, no ".." or doubled space."""
    sentences = []
    for part in parts:
        text = " ".join(part.split())
        if not text.strip(".!? "):
            continue
        if not text.rstrip("\"')]”’»").endswith((".", "!", "?", "…")):
            text += "."
        sentences.append(text)
    return " ".join(sentences)


def _clause(text: str) -> str:
    """An option inside a sentence: without its own full stop (an ellipsis stays)."""
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and not text.endswith("...") else text


def _shown(text: str, limit: int = 40) -> str:
    """A learner's text quoted in a message, shortened when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


class FormulaSyntaxError(ValueError):
    """An answer (a formula or a number) that cannot be read; the message says why."""


@dataclass(frozen=True)
class _Reading:
    """A number read from a learner's answer."""

    value: float
    typed: Decimal | None = None
    """The number exactly as typed, when it was a plain decimal number (a percentage applied)."""
    step: Decimal = Decimal(0)
    """One unit in the last place typed."""
    figures: int = 0
    """Significant figures typed (trailing zeros of an integer do not count)."""

    def rounds(self, key: float) -> bool:
        """Whether the key, rounded to the digits typed, is the number typed."""
        return self.typed is not None and abs(self.typed - Decimal(repr(key))) <= self.step / 2


def parse_number(text: str) -> float | None:
    """A number from a learner: `0.5`, `1e-3`, `1/2`, `50%`, `2^10`, `ln(10)`; None if it is
    not one."""
    try:
        return _read_number(text).value
    except FormulaSyntaxError:
        return None


def _read_number(text: str, unit: str = "") -> _Reading:
    """A plain decimal number (with the digits typed), or a numeric expression read by SymPy,
    then a percentage; the item's unit may follow."""
    text = text.translate(LOOKALIKES).strip()
    if len(text) > MAX_ANSWER_CHARS:
        raise FormulaSyntaxError(f"it is too long (at most {MAX_ANSWER_CHARS} characters)")
    if unit:
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(unit)}$", "", text, flags=re.I).rstrip()
    scale = Decimal(1)
    if text.endswith("%"):
        text, scale = text[:-1].rstrip(), Decimal("0.01")
    if GROUPED_DIGITS.fullmatch(text):
        text = text.replace(",", "")
    if not text:
        raise FormulaSyntaxError("there is no number")
    if SIMPLE_DECIMAL.fullmatch(text):
        return _decimal(text, scale)
    return _Reading(_number_value(parse_formula(text, {})) * float(scale))


def _decimal(text: str, scale: Decimal) -> _Reading:
    """A plain decimal number with the digits typed: `2.30` has 3 significant figures and a
    step of 0.01; `1200` has 2 (its trailing zeros may be no figures) and a step of 1."""
    number = Decimal(text)
    try:
        step = Decimal(1).scaleb(int(number.as_tuple().exponent)) * scale
        value = float(number * scale)
    except (DecimalException, OverflowError):
        raise FormulaSyntaxError("its exponent is out of range") from None
    if not math.isfinite(value):
        raise FormulaSyntaxError("it is too large")
    digits = "".join(map(str, number.as_tuple().digits))
    figures = len(digits.lstrip("0") if re.search("[.eE]", text) else digits.strip("0"))
    return _Reading(value, number * scale, step, figures)


def _number_value(expression: Any) -> float:
    """The value of a SymPy number: real and finite, or a FormulaSyntaxError."""
    if not getattr(expression, "is_number", False):
        raise FormulaSyntaxError("it is not a single number")
    try:
        value = complex(expression.evalf())
    except OverflowError:
        raise FormulaSyntaxError("it is too large") from None
    except Exception:  # zoo (1/0), nan, PrecisionExhausted: SymPy raises many types
        raise FormulaSyntaxError("it is not a finite number") from None
    if math.isnan(value.real) or math.isnan(value.imag):
        raise FormulaSyntaxError("it is not a finite number")
    if math.isinf(value.real) or math.isinf(value.imag):
        raise FormulaSyntaxError("it is too large")
    if value.imag:
        raise FormulaSyntaxError("it is not a real number")
    return value.real


def check_numeric(item: NumericItem, text: str) -> Verdict:
    """Right within the item's relative or absolute tolerance, or when the key is not an integer
    and agrees with the number typed to its digits (MIN_FIGURES at least)."""
    unit = f" {item.unit}" if item.unit else ""
    expected = f"{item.answer:g}{unit}"
    if not text.strip():
        return _unreadable("Type a number first.")
    try:
        reading = _read_number(text, item.unit)
    except FormulaSyntaxError as exc:
        where = f" in {item.unit}" if item.unit else ""
        return _unreadable(
            _sentences(
                f"{_shown(text.strip())} is not a number: {exc}",
                f"Write a number{where}, {NUMERIC_HINT}",
            )
        )
    exact = float(item.answer).is_integer()
    rounds = not exact and reading.rounds(item.answer)
    # The tolerance is what the author wrote: `atol: 0.5` alone means within 0.5, not also
    # within the default rtol (which let 203520 pass for 203530, 10 biases short); a count
    # with no tolerance written is exact.
    given = {"rtol", "atol"} & item.model_fields_set
    if exact and not given:
        within = reading.value == item.answer
    else:
        rtol = item.rtol if "rtol" in given or not given else 0.0
        within = math.isclose(reading.value, item.answer, rel_tol=rtol, abs_tol=item.atol)
    if within or (rounds and reading.figures >= MIN_FIGURES):
        return Verdict(True, _sentences(f"Correct: {expected}", item.explanation))
    message = f"Not quite: you gave {reading.value:g}, the answer is {expected}"
    if rounds:
        message += f" (give at least {MIN_FIGURES} significant figures)"
    return Verdict(False, _sentences(message, item.explanation))


def parse_formula(text: str, symbols: dict[str, SymbolSpec]) -> Any:
    """Parse `text` with SymPy, allowing only the declared symbols, FUNCTIONS, numbers and
    operators. SymPy's parser ends in `eval`, so the text is checked token by token first, and
    evaluated in a namespace of those names alone, without builtins."""
    text = text.translate(LOOKALIKES).strip()
    splittable = _splittable(symbols)
    _check_tokens(text, symbols, splittable)  # before importing SymPy: a typo is answered at once

    import sympy
    from sympy.parsing.sympy_parser import (
        auto_number,
        auto_symbol,
        convert_xor,
        function_exponentiation,
        implicit_application,
        implicit_multiplication,
        parse_expr,
        split_symbols_custom,
    )

    declared = {name: sympy.Symbol(name, real=True) for name in symbols}
    transformations = (
        auto_symbol,  # marks the names to split; the ones left over are refused below
        auto_number,
        split_symbols_custom(splittable),
        implicit_multiplication,
        implicit_application,
        function_exponentiation,
        convert_xor,
    )
    try:
        unevaluated = parse_expr(
            text,
            local_dict=_names(declared),
            global_dict=_constructors(),
            transformations=transformations,
            evaluate=False,
        )
        _check_size(unevaluated)
        expression = parse_expr(
            text,
            local_dict=_names(declared),
            global_dict=_constructors(),
            transformations=transformations,
        )
        _check_size(expression)
    except FormulaSyntaxError:
        raise
    except Exception as exc:  # SymPy raises many types for bad input
        raise FormulaSyntaxError(f"cannot read {_shown(text)}: {type(exc).__name__}") from None
    if not isinstance(expression, sympy.Expr):
        raise FormulaSyntaxError(f"cannot read {_shown(text)}: not one expression")
    stray = expression.free_symbols - set(declared.values())
    if stray:
        raise FormulaSyntaxError(f"unknown name {str(min(stray, key=str))!r}")
    return expression


def _names(declared: dict[str, Any]) -> dict[str, Any]:
    """FUNCTIONS as SymPy objects, then the declared symbols (which win)."""
    import sympy

    x = sympy.Symbol("x")
    names = {name: getattr(sympy, name) for name in FUNCTIONS if hasattr(sympy, name)}
    names |= {
        "sigmoid": sympy.Lambda(x, 1 / (1 + sympy.exp(-x))),
        "ceil": sympy.ceiling,
        "ln": sympy.log,
        "max": sympy.Max,
        "min": sympy.Min,
        "abs": sympy.Abs,
        "e": sympy.E,
    }
    return names | declared


def _constructors() -> dict[str, Any]:
    """What SymPy's transformations write into the code they hand to `eval`, and no builtins."""
    import sympy

    return {
        "__builtins__": {},
        "Integer": sympy.Integer,
        "Float": sympy.Float,
        "Add": sympy.Add,
        "Mul": sympy.Mul,
        "Pow": sympy.Pow,
    }


def _splittable(symbols: dict[str, SymbolSpec]) -> Callable[[str], bool]:
    """Whether a name is adjacent one-letter symbols (`hd` for h*d); a declared name is never
    split (SymPy splits a name into single characters)."""
    letters = {name for name in symbols if len(name) == 1}

    def splittable(name: str) -> bool:
        return len(name) > 1 and name not in symbols and all(char in letters for char in name)

    return splittable


def _check_size(expression: Any) -> None:
    """Refuse a number too large to compute, before SymPy computes it: a power of numbers or an
    exp of a number with more than MAX_POWER_DIGITS digits, or a power of a symbol with a larger
    exponent (inner ones first, so an outer one is never estimated from a huge inner one)."""
    from sympy import Pow, exp, postorder_traversal

    for node in postorder_traversal(expression):  # inner ones first
        if isinstance(node, Pow) and node.exp.is_number:
            digits = _size(node.exp)
            if node.base.is_number:
                digits *= math.log10(max(_size(node.base), 2.0))
        elif isinstance(node, exp) and node.args[0].is_number:
            digits = _size(node.args[0]) / math.log(10)
        else:
            continue
        if not digits <= MAX_POWER_DIGITS:
            try:
                shown = str(node)
            except ValueError:  # a number too long to print
                shown = "a number"
            shown = shown if len(shown) <= 40 else "a number"
            raise FormulaSyntaxError(f"{shown} is too large to compute")


def _size(number: Any) -> float:
    """The magnitude of a SymPy number, estimated in floating point (mpmath), which never
    builds its digits; inf when it does not fit."""
    try:
        return abs(complex(number))
    except Exception:  # OverflowError, or any of the many types SymPy raises
        return math.inf


NUMBER_TOKEN = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _check_tokens(
    text: str, symbols: dict[str, SymbolSpec], splittable: Callable[[str], bool]
) -> None:
    """Let through only numbers, the operators of arithmetic, brackets, commas between a
    function's arguments, and allowed names: all that SymPy's parser will hand to `eval`."""
    if len(text) > MAX_ANSWER_CHARS:
        raise FormulaSyntaxError(f"it is too long (at most {MAX_ANSWER_CHARS} characters)")
    allowed = set(symbols) | set(FUNCTIONS)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        raise FormulaSyntaxError(f"cannot read {_shown(text)}: {exc}") from None
    previous: tokenize.TokenInfo | None = None
    calls: list[bool] = []  # for each open bracket, whether a function's arguments follow
    for token in tokens:
        if token.type == tokenize.NAME:
            if keyword.iskeyword(token.string) or not (
                token.string in allowed or splittable(token.string)
            ):
                known = f" (symbols: {', '.join(symbols)})" if symbols else ""
                raise FormulaSyntaxError(f"unknown name {_shown(token.string)}{known}")
        elif token.type == tokenize.OP:
            if token.string not in {"+", "-", "*", "/", "**", "^", "(", ")", ","}:
                raise FormulaSyntaxError(f"{_shown(token.string)} is not allowed")
            if token.string == "(":
                calls.append(previous is not None and previous.string in FUNCTIONS)
            elif token.string == ")" and calls:
                calls.pop()
            elif token.string == "," and not (calls and calls[-1]):
                raise FormulaSyntaxError(f"cannot read {_shown(text)}: a comma outside f(a, b)")
        elif token.type == tokenize.NUMBER:
            number = NUMBER_TOKEN.fullmatch(token.string)
            if not number:
                raise FormulaSyntaxError(f"{_shown(token.string)} is not allowed")
            if number.group(2) and abs(int(number.group(2)[1:])) > MAX_POWER_DIGITS:
                # SymPy builds all the digits of 1e500000 (seconds), and of 1e5000000 (hours)
                raise FormulaSyntaxError(f"the exponent of {_shown(token.string)} is too large")
            if previous is not None and previous.type == tokenize.NUMBER:
                raise FormulaSyntaxError(f"cannot read {_shown(text)}: two numbers in a row")
        elif token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
            raise FormulaSyntaxError(f"{_shown(token.string)} is not allowed")
        previous = token


def _sample(specs: dict[str, SymbolSpec], rng: random.Random) -> dict[str, float]:
    point = {}
    for name, spec in specs.items():
        if spec.integer:
            point[name] = float(rng.randint(math.ceil(spec.low), math.floor(spec.high)))
        else:
            point[name] = rng.uniform(spec.low, spec.high)
    return point


def _evaluate(expression: Any, point: dict[str, float]) -> complex | None:
    from sympy import Float, Symbol

    at = {Symbol(k, real=True): Float(v) for k, v in point.items()}  # floor(x) fails on floats
    try:
        value = complex(expression.evalf(subs=at))
    except Exception:  # SymPy raises many types (PrecisionExhausted, AttributeError ...)
        return None
    return value if math.isfinite(value.real) and math.isfinite(value.imag) else None


def _proved_equal(a: Any, b: Any) -> bool:
    """simplify(a - b) == 0, given at most SIMPLIFY_SECONDS (a daemon thread is abandoned)."""
    from sympy import simplify

    outcome: list[bool] = []

    def attempt() -> None:
        try:
            outcome.append(bool(simplify(a - b) == 0))
        except Exception:
            outcome.append(False)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(SIMPLIFY_SECONDS)
    return bool(outcome and outcome[0])


def check_formula(item: FormulaItem, text: str, *, seed: int = 0) -> Verdict:
    """Right when the learner's formula equals one of the accepted forms."""
    if not text.strip():
        return _unreadable("Type a formula first.")
    try:
        given = parse_formula(text, item.symbols)
    except FormulaSyntaxError as exc:
        return _unreadable(_sentences(str(exc), FORMULA_HINT))
    accepted = [parse_formula(form, item.symbols) for form in item.answer]
    rng = random.Random(seed)
    points = [_sample(item.symbols, rng) for _ in range(SAMPLE_POINTS)]
    counterexample: tuple[dict[str, float], complex, complex] | None = None
    for form in accepted:
        compared = 0
        mismatch = None
        for point in points:
            expected, value = _evaluate(form, point), _evaluate(given, point)
            if expected is None:
                continue
            if value is None or not _close(value, expected):
                mismatch = (point, value if value is not None else complex("nan"), expected)
                break
            compared += 1
        if mismatch is None and compared:
            how = (
                "proved equal"
                if _proved_equal(given, form)
                else (f"equal at {compared} random points")
            )
            return Verdict(True, _sentences(f"Correct ({how}): {item.answer[0]}", item.explanation))
        counterexample = counterexample or mismatch
    where = ""
    if counterexample is not None:
        point, value, expected = counterexample
        at = ", ".join(f"{k}={_fmt(v)}" for k, v in point.items())
        where = f"At {at} yours gives {_fmt(value)}, the answer gives {_fmt(expected)}"
    return Verdict(
        False, _sentences(f"Not equivalent to {item.answer[0]}", where, item.explanation)
    )


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-9 + 1e-7 * abs(b)


def _fmt(value: complex | float) -> str:
    if isinstance(value, complex):
        if value.imag == 0 or math.isnan(value.real):
            value = value.real
        else:
            return f"{value:.4g}"
    return f"{value:.6g}"

"""Checking a learner's answer to a quiz item: choice, numeric and formula (SymPy).

Formulas are compared by evaluating both at random points of the symbols' declared domains
first (fast, and a counterexample explains a wrong answer), then, when they agree everywhere,
by symbolic simplification under a time limit. Learners may write `^` for powers and implicit
multiplication (`2x`, `n k`). SymPy is imported only when a formula is checked.
"""

from __future__ import annotations

import io
import keyword
import math
import random
import threading
import tokenize
from dataclasses import dataclass
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
"""Names a formula may use besides its declared symbols."""

SIMPLIFY_SECONDS = 2.0
SAMPLE_POINTS = 24
MAX_POWER_DIGITS = 4000
"""The most digits a power of numbers in a formula may have: 9**9**9 has 370 million, and SymPy
would compute every one before anything else could happen (and Python prints at most 4300)."""


@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right, and why (shown to the learner as is)."""

    correct: bool
    message: str


def check_choice(item: ChoiceItem, picked: set[int]) -> Verdict:
    """Right when exactly the correct options are picked."""
    correct = set(item.answer)
    if picked == correct:
        return Verdict(True, "Correct." + _why(item.explanation))
    right = ", ".join(item.options[i] for i in sorted(correct))
    if item.multiple and picked < correct and picked:
        return Verdict(
            False, f"Partly: you missed some. All correct: {right}." + _why(item.explanation)
        )
    return Verdict(False, f"Not quite. Correct: {right}." + _why(item.explanation))


def _why(explanation: str) -> str:
    return f" {explanation.strip()}" if explanation.strip() else ""


def parse_number(text: str) -> float | None:
    """A number from a learner: `0.5`, `1e-3`, `1/2`, `50%`, `2^10`; None if it is not one."""
    text = text.strip().replace(",", "").replace("^", "**")
    percent = text.endswith("%")
    text = text.rstrip("%").strip()
    try:
        value = _arithmetic(text) if "/" in text or "**" in text else float(text)
    except (ValueError, ZeroDivisionError, OverflowError, SyntaxError):
        return None
    return value / 100 if percent else value


def _arithmetic(text: str) -> float:
    import ast

    tree = ast.parse(text, mode="eval")

    def evaluate(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = evaluate(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.Pow | ast.Mult):
            left, right = evaluate(node.left), evaluate(node.right)
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Mult):
                return left * right
            if abs(right) > 1000:
                raise OverflowError
            return float(left**right)
        raise ValueError("not a plain number")

    return evaluate(tree.body)


def check_numeric(item: NumericItem, text: str) -> Verdict:
    """Right when within the item's relative or absolute tolerance."""
    value = parse_number(text)
    expected = f"{item.answer:g}{(' ' + item.unit) if item.unit else ''}"
    if value is None:
        return Verdict(False, f"{text.strip()!r} is not a number (try 0.25, 1/4 or 25%).")
    if math.isclose(value, item.answer, rel_tol=item.rtol, abs_tol=item.atol):
        return Verdict(True, f"Correct: {expected}." + _why(item.explanation))
    return Verdict(
        False, f"Not quite: you gave {value:g}, the answer is {expected}." + _why(item.explanation)
    )


class FormulaSyntaxError(ValueError):
    """A learner's formula that cannot be read; the message says why."""


def parse_formula(text: str, symbols: dict[str, SymbolSpec]) -> Any:
    """Parse `text` with SymPy, allowing only the declared symbols, known functions, numbers
    and operators (the text is never handed to `eval` unchecked)."""
    import sympy
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    _check_tokens(text, symbols)
    x = sympy.Symbol("x")
    local: dict[str, Any] = {
        "sigmoid": sympy.Lambda(x, 1 / (1 + sympy.exp(-x))),
        "ceil": sympy.ceiling,
        "ln": sympy.log,
        "max": sympy.Max,
        "min": sympy.Min,
        "abs": sympy.Abs,
        "e": sympy.E,
    }
    local |= {name: sympy.Symbol(name, real=True) for name in symbols}
    transformations = (*standard_transformations, implicit_multiplication_application, convert_xor)
    try:
        unevaluated = parse_expr(
            text, local_dict=local, transformations=transformations, evaluate=False
        )
        _check_powers(unevaluated)
        return parse_expr(text, local_dict=local, transformations=transformations, evaluate=True)
    except FormulaSyntaxError:
        raise
    except Exception as exc:  # SymPy raises many types for bad input
        raise FormulaSyntaxError(f"cannot read {text!r}: {type(exc).__name__}") from None


def _check_powers(expression: Any) -> None:
    """Refuse a power of numbers too large to compute, before SymPy evaluates it (inner powers
    are checked first, so an outer one is never estimated from a huge inner one)."""
    from sympy import Pow, postorder_traversal

    for node in postorder_traversal(expression):  # inner powers first
        if isinstance(node, Pow) and node.base.is_number and node.exp.is_number:
            try:  # estimated in floating point (mpmath), which never builds the digits
                digits = abs(float(node.exp)) * math.log10(max(abs(complex(node.base)), 2.0))
            except (TypeError, ValueError, OverflowError):
                digits = math.inf
            if not digits <= MAX_POWER_DIGITS:
                raise FormulaSyntaxError(f"{node} is too large to compute")


def _check_tokens(text: str, symbols: dict[str, SymbolSpec]) -> None:
    if len(text) > 500:
        raise FormulaSyntaxError("formula is too long")
    allowed = set(symbols) | set(FUNCTIONS)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError) as exc:
        raise FormulaSyntaxError(f"cannot read {text!r}: {exc}") from None
    for token in tokens:
        if token.type == tokenize.NAME:
            if token.string not in allowed or keyword.iskeyword(token.string):
                known = ", ".join(sorted(symbols))
                raise FormulaSyntaxError(f"unknown name {token.string!r} (symbols: {known})")
        elif token.type == tokenize.OP:
            if token.string not in {"+", "-", "*", "/", "**", "^", "(", ")", ",", "."}:
                raise FormulaSyntaxError(f"{token.string!r} is not allowed in a formula")
        elif token.type not in (
            tokenize.NUMBER,
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.ENDMARKER,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            raise FormulaSyntaxError(f"{token.string!r} is not allowed in a formula")


def _sample(specs: dict[str, SymbolSpec], rng: random.Random) -> dict[str, float]:
    point = {}
    for name, spec in specs.items():
        if spec.integer:
            point[name] = float(rng.randint(math.ceil(spec.low), math.floor(spec.high)))
        else:
            point[name] = rng.uniform(spec.low, spec.high)
    return point


def _evaluate(expression: Any, point: dict[str, float]) -> complex | None:
    from sympy import Symbol

    try:
        value = complex(expression.evalf(subs={Symbol(k, real=True): v for k, v in point.items()}))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
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
    try:
        given = parse_formula(text, item.symbols)
    except FormulaSyntaxError as exc:
        return Verdict(False, f"{exc}. Use * for products, ** or ^ for powers.")
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
            return Verdict(True, f"Correct ({how}): {item.answer[0]}." + _why(item.explanation))
        counterexample = counterexample or mismatch
    message = f"Not equivalent to {item.answer[0]}."
    if counterexample is not None:
        point, value, expected = counterexample
        where = ", ".join(f"{k}={_fmt(v)}" for k, v in point.items())
        message += f" At {where} yours gives {_fmt(value)}, the answer gives {_fmt(expected)}."
    return Verdict(False, message + _why(item.explanation))


def _close(a: complex, b: complex) -> bool:
    return abs(a - b) <= 1e-9 + 1e-7 * abs(b)


def _fmt(value: complex | float) -> str:
    if isinstance(value, complex):
        if value.imag == 0 or math.isnan(value.real):
            value = value.real
        else:
            return f"{value:.4g}"
    return f"{value:.6g}"

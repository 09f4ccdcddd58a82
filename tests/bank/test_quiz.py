"""Quiz answers: choice, numeric and SymPy formula checking as a learner meets them."""

from __future__ import annotations

import pytest

from quizprep.bank.quiz import check_choice, check_formula, check_numeric, parse_number
from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem

CONV = FormulaItem(
    kind="formula",
    prompt="Output size of a convolution",
    symbols={
        "n": {"integer": True, "low": 1, "high": 64},
        "k": {"integer": True, "low": 1, "high": 7},
        "p": {"integer": True, "low": 0, "high": 3},
        "s": {"integer": True, "low": 1, "high": 4},
    },
    answer=["floor((n + 2*p - k)/s) + 1"],
)
SIGMOID = FormulaItem(
    kind="formula", prompt="d/dx sigmoid", symbols=["x"], answer=["sigmoid(x)*(1 - sigmoid(x))"]
)


@pytest.mark.parametrize(
    "text",
    [
        "floor((n + 2*p - k)/s) + 1",
        "floor((n+2p-k)/s)+1",  # implicit multiplication
        "floor((n - k + 2 p)/s + 1)",  # +1 moved inside the floor
    ],
)
def test_equivalent_conv_formulas_are_accepted(text: str) -> None:
    assert check_formula(CONV, text).correct


def test_missing_floor_is_rejected_with_a_counterexample() -> None:
    verdict = check_formula(CONV, "(n + 2p - k)/s + 1")
    assert not verdict.correct
    assert "yours gives" in verdict.message and "the answer gives" in verdict.message


@pytest.mark.parametrize(
    "text",
    [
        "sigmoid(x)(1 - sigmoid(x))",
        "e^(-x)/(1 + e^(-x))^2",  # ^ for powers, e for Euler's number
        "exp(-x)/(1+exp(-x))**2",
    ],
)
def test_sigmoid_derivative_forms(text: str) -> None:
    assert check_formula(SIGMOID, text).correct


def test_wrong_sigmoid_derivative() -> None:
    assert not check_formula(SIGMOID, "sigmoid(x)^2").correct


@pytest.mark.parametrize(
    "text", ["__import__('os').system('true')", "x.__class__", "lambda: 1", "open('f')", "y + 1"]
)
def test_formulas_only_use_declared_names(text: str) -> None:
    verdict = check_formula(SIGMOID, text)
    assert not verdict.correct and not verdict.understood
    assert "not allowed" in verdict.message or "unknown name" in verdict.message


def test_unparseable_formula_says_so() -> None:
    verdict = check_formula(SIGMOID, "x +* 2")
    assert not verdict.correct and not verdict.understood and "cannot read" in verdict.message


def test_choice_single_and_multiple() -> None:
    single = ChoiceItem(
        kind="choice", prompt="p", options=["a", "b", "c"], answer=[1], explanation="Because b."
    )
    assert check_choice(single, {1}).correct
    wrong = check_choice(single, {0})
    assert not wrong.correct and "Correct: b" in wrong.message and "Because b." in wrong.message
    multiple = ChoiceItem(kind="choice", prompt="p", options=["a", "b", "c"], answer=[0, 2])
    assert multiple.multiple
    assert check_choice(multiple, {0, 2}).correct
    partial = check_choice(multiple, {0})
    assert not partial.correct and "missed" in partial.message
    assert not check_choice(multiple, {0, 1, 2}).correct
    assert not check_choice(multiple, set()).understood


def test_choice_feedback_has_one_full_stop_whatever_the_texts_end_with() -> None:
    item = ChoiceItem(
        kind="choice",
        prompt="p",
        options=["It is between 0 and 1.", "It is negative."],
        answer=[0],
        explanation="  f = σ(z), so...  ",
    )
    assert check_choice(item, {1}).message == (
        "Not quite. Correct: It is between 0 and 1. f = σ(z), so..."
    )
    assert check_choice(item, {0}).message == "Correct. f = σ(z), so..."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.5", 0.5),
        ("1/2", 0.5),
        ("50%", 0.5),
        ("2^10", 1024.0),
        ("1e-3", 0.001),
        ("5,000", 5000.0),
        ("ln(10)", 2.302585093),
        ("−2", -2.0),  # the minus sign of the explanations
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["abc", "", "1/0", "__import__('os')", "9^9^9^9", "1,5", "x" * 10_000]
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_numeric_tolerance() -> None:
    item = NumericItem(kind="numeric", prompt="iterations per epoch", answer=50, rtol=0.0, atol=0.5)
    assert check_numeric(item, "50").correct
    verdict = check_numeric(item, "100")
    assert not verdict.correct and "the answer is 50" in verdict.message
    fifty = check_numeric(item, "fifty")
    assert "not a number" in fifty.message and not fifty.understood
    assert check_numeric(item, "100").understood

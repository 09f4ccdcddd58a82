"""Fair answer checking (issue 14): numbers rounded sensibly, numeric expressions, adjacent
symbols, input that cannot be read (never a wrong answer), and feedback that reads well for
every quiz item of the built-in bank."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator

import pytest

from quizprep.bank.pack import builtin_pack_dir, load_pack
from quizprep.bank.quiz import FUNCTIONS, Verdict, check_choice, check_formula, check_numeric
from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem, QuizItem

LN10 = NumericItem(kind="numeric", prompt="loss of uniform logits", answer=2.302585, rtol=1e-4)
RUNNING_VAR = NumericItem(kind="numeric", prompt="running_var", answer=1.0666667, rtol=1e-5)
EXACT = NumericItem(kind="numeric", prompt="pieces", answer=1024, rtol=0, atol=0)
PARAMETERS = NumericItem(kind="numeric", prompt="parameters", answer=203530, rtol=0, atol=0.5)
MEMORY = NumericItem(kind="numeric", prompt="weights", answer=28, unit="GB")
SURFACE = FormulaItem(
    kind="formula", prompt="surface", symbols=["h", "d"], answer=["4*h*d + 4*h**2 + 8*h"]
)
DECAY = FormulaItem(kind="formula", prompt="decay", symbols=["lr", "t"], answer=["lr*t"])
SCALE = FormulaItem(kind="formula", prompt="scale", symbols=["d_k", "d"], answer=["sqrt(d_k)"])
LR_ALONE = FormulaItem(kind="formula", prompt="p", symbols=["l", "r", "lr"], answer=["lr"])


def numeric(answer: float, rtol: float = 1e-6) -> NumericItem:
    return NumericItem(kind="numeric", prompt="p", answer=answer, rtol=rtol)


# Numbers rounded to the digits the learner typed


@pytest.mark.parametrize("text", ["2.30", "2.303", "2.3026", "2.30259"])
def test_ln10_rounded_to_3_4_5_significant_figures_is_accepted(text: str) -> None:
    verdict = check_numeric(LN10, text)
    assert verdict.correct and verdict.understood, verdict.message


@pytest.mark.parametrize("text", ["1.07", "1.067", "1.0667", "106.67%"])
def test_running_var_as_its_explanation_writes_it_is_accepted(text: str) -> None:
    assert check_numeric(RUNNING_VAR, text).correct


@pytest.mark.parametrize("text", ["2.31", "2.302", "2.3036", "2.29", "2.3", "2", "2.4"])
def test_wrong_at_the_digits_typed_is_refused(text: str) -> None:
    verdict = check_numeric(LN10, text)
    assert not verdict.correct and verdict.understood, verdict.message


def test_too_few_digits_says_how_many_to_give() -> None:
    assert "3 significant figures" in check_numeric(LN10, "2.3").message
    assert "significant" not in check_numeric(LN10, "2.31").message


@pytest.mark.parametrize("text", ["1020", "1.02e3", "1.0245e3", "1025", "1024.4", "1023.9"])
def test_integer_keys_stay_exact(text: str) -> None:
    verdict = check_numeric(EXACT, text)
    assert not verdict.correct and verdict.understood, verdict.message


def test_integer_key_with_a_tolerance() -> None:
    assert check_numeric(PARAMETERS, "203530").correct
    assert check_numeric(PARAMETERS, "203,530").correct
    assert not check_numeric(PARAMETERS, "2.035e5").correct
    assert not check_numeric(PARAMETERS, "203500").correct


# Numeric expressions, evaluated safely


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ln(10)", math.log(10)),
        ("log(10)", math.log(10)),  # log is the natural log, as in NumPy, PyTorch and SymPy
        ("2^10", 1024),
        ("2**10", 1024),
        ("1/sqrt(2)", 1 / math.sqrt(2)),
        ("e^2", math.e**2),
        ("exp(2)", math.e**2),
        ("pi/4", math.pi / 4),
        ("2pi", 2 * math.pi),
        ("1 - 0.9^50", 1 - 0.9**50),
        ("−4", -4),  # the minus sign of the explanations
    ],
)
def test_numeric_expressions_are_evaluated(text: str, value: float) -> None:
    verdict = check_numeric(numeric(value), text)
    assert verdict.correct and verdict.understood, verdict.message


def test_the_hint_says_log_is_natural() -> None:
    verdict = check_numeric(LN10, "ten")
    assert "log is the natural log" in verdict.message and "ln(10)" in verdict.message


def test_plain_numbers_are_checked_without_sympy() -> None:
    """Numbers are checked on the UI thread: a plain one must not pay for importing SymPy."""
    probe = (
        "import sys\n"
        "from quizprep.bank.quiz import check_numeric\n"
        "from quizprep.bank.schema import NumericItem\n"
        "item = NumericItem(kind='numeric', prompt='p', answer=2.302585, unit='nats')\n"
        "for text in ('2.303', '230.3%', '2.303 nats', '1,000', '', 'x'):\n"
        "    check_numeric(item, text)\n"
        "print('sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def use(name: str, argument: str) -> str:
    """An allowed function or constant applied to an argument."""
    if name in ("pi", "E", "e"):
        return f"{name}*{argument}"
    if name.lower() in ("max", "min"):
        return f"{name}({argument}, 1)"
    return f"{name}({argument})"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_allowed_name_can_be_used(name: str) -> None:
    assert check_numeric(numeric(1.0), use(name, "2")).understood
    item = FormulaItem(kind="formula", prompt="p", symbols=["x"], answer=[use(name, "x")])
    assert check_formula(item, use(name, "x")).correct


@pytest.mark.parametrize("text", ["0.25", "1/4", "25%", "25 %", ".25", "2.5e-1"])
def test_existing_forms_still_work(text: str) -> None:
    assert check_numeric(numeric(0.25), text).correct


@pytest.mark.parametrize("text", ["28", "28 GB", "28GB", "28 gb", "28.0 GB"])
def test_the_items_unit_may_be_typed(text: str) -> None:
    assert check_numeric(MEMORY, text).correct


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__('os').system('true')",
        "().__class__",
        "(1).__class__.__bases__",
        "9**9**9",
        "9^9^9^9",
        "exp(10^4000)",
        "x" * 10_000,
        "1" * 10_000,
        "lambda: 1",
        "open('f')",
        "E.__class__",
        "1/0",
        "sqrt(-1)",
        "2 @ 3",
        "28 MB",
        "[1]",
        "1;2",
        "1,5",
        "(1, 2)^2",
        "floor(pi*10^4000)",
        "1e400",
        "1e-999999999999",
    ],
)
def test_hostile_or_unreadable_numbers_are_refused_with_one_line(text: str) -> None:
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        verdict = check_numeric(MEMORY, text)
    assert not warned, [str(w.message) for w in warned]  # nor a warning on the terminal
    assert not verdict.correct and not verdict.understood
    assert "\n" not in verdict.message and len(verdict.message) < 200, verdict.message


@pytest.mark.parametrize("text", ["exp(10^4000)", "9**9**9", "2*1e5000", "pi*1e-5000"])
def test_numbers_too_large_to_compute_say_so(text: str) -> None:
    assert "too large" in check_numeric(LN10, text).message


# Formulas: adjacent declared symbols, multi-letter symbols


@pytest.mark.parametrize("text", ["4hd + 4h^2 + 8h", "4dh + 4hh + 8h", "4h(d + h + 2)"])
def test_adjacent_declared_symbols_are_multiplied(text: str) -> None:
    verdict = check_formula(SURFACE, text)
    assert verdict.correct and verdict.understood, verdict.message


def test_a_name_that_is_not_made_of_symbols_is_unknown() -> None:
    verdict = check_formula(SURFACE, "4hx + 4h^2 + 8h")
    assert not verdict.understood and "unknown name 'hx'" in verdict.message


@pytest.mark.parametrize("text", ["lr*t", "lr t", "t lr", "lr(t)"])
def test_multi_letter_symbols_stay_whole(text: str) -> None:
    assert check_formula(DECAY, text).correct


def test_a_declared_multi_letter_symbol_wins_over_splitting() -> None:
    assert check_formula(LR_ALONE, "lr").correct
    verdict = check_formula(LR_ALONE, "l r")
    assert not verdict.correct and verdict.understood


def test_underscored_symbols_stay_whole() -> None:
    assert check_formula(SCALE, "sqrt(d_k)").correct
    assert check_formula(SCALE, "d_k^(1/2)").correct


@pytest.mark.parametrize("text", ["floor(x*10^4000)", "floor(pi*10^4000) + x", "(x, 1)^2"])
def test_formulas_that_cannot_be_evaluated_are_never_a_traceback(text: str) -> None:
    x = FormulaItem(kind="formula", prompt="p", symbols=["x"], answer=["x"])
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        verdict = check_formula(x, text)
    assert not warned, [str(w.message) for w in warned]
    assert not verdict.correct and "\n" not in verdict.message


def test_formulas_too_large_to_evaluate_say_so() -> None:
    x = FormulaItem(kind="formula", prompt="p", symbols=["x"], answer=["x"])
    for text in ("x^(10^4000)", "x + exp(10^4000)", "x*(9^9^9)", "x + 1e5000", "x*1e-5000"):
        verdict = check_formula(x, text)
        assert not verdict.understood and "too large" in verdict.message, text


# Input that cannot be read is never a wrong answer


@pytest.mark.parametrize("text", ["x +* 2", "", "   ", "y + 1", "x.real", "x" * 10_000, "(x"])
def test_unreadable_formulas_are_not_understood(text: str) -> None:
    verdict = check_formula(SURFACE, text)
    assert not verdict.correct and not verdict.understood


@pytest.mark.parametrize("text", ["2..3", "", "  ", "abc", "1/", "%"])
def test_unreadable_numbers_are_not_understood(text: str) -> None:
    verdict = check_numeric(LN10, text)
    assert not verdict.correct and not verdict.understood


def test_wrong_answers_are_understood() -> None:
    assert check_numeric(LN10, "3").understood
    assert check_formula(SURFACE, "4hd").understood
    choice = ChoiceItem(kind="choice", prompt="p", options=["a", "b"], answer=[0])
    assert check_choice(choice, {1}).understood


# Every item of the built-in bank


def bank_items() -> Iterator[tuple[str, QuizItem]]:
    for question in load_pack(builtin_pack_dir()).questions:
        for number, item in enumerate(question.quiz):
            yield f"{question.id}[{number}]", item


ITEMS = list(bank_items())
NUMERIC = [pytest.param(item, id=label) for label, item in ITEMS if isinstance(item, NumericItem)]
FORMULA = [pytest.param(item, id=label) for label, item in ITEMS if isinstance(item, FormulaItem)]
CHOICE = [pytest.param(item, id=label) for label, item in ITEMS if isinstance(item, ChoiceItem)]


def assert_reads_well(verdict: Verdict) -> None:
    """No doubled full stop (a real ellipsis aside), no ". .", no doubled space."""
    message = verdict.message
    assert ".." not in message.replace("...", ""), message
    assert ". ." not in message and "  " not in message, message
    assert message == message.strip() and message.endswith((".", "?", "!", ")")), message


def typed_keys(item: NumericItem) -> list[str]:
    """The key as a learner would type it: in full, as shown, and rounded like an explanation."""
    if float(item.answer).is_integer():
        return [str(item.answer), f"{int(item.answer)}", f"{int(item.answer):,}"]
    rounded = [f"{item.answer:#.{figures}g}" for figures in (3, 4, 5)]
    return [str(item.answer), f"{item.answer:g}", *rounded]


@pytest.mark.parametrize("item", NUMERIC)
def test_every_numeric_key_is_accepted_as_typed(item: NumericItem) -> None:
    for text in typed_keys(item):
        for typed in (text, f"{text} {item.unit}") if item.unit else (text,):
            verdict = check_numeric(item, typed)
            assert verdict.correct, (typed, verdict.message)
            assert_reads_well(verdict)
    wrong = check_numeric(item, f"{item.answer + 1 + abs(item.answer):g}")
    assert not wrong.correct and wrong.understood
    assert_reads_well(wrong)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("cross_entropy_loss", "2.303"),
        ("cross_entropy_loss", "2.3026"),
        ("batch_normalization", "1.0667"),
        ("batch_normalization", "1.342"),
        ("exploding_gradients", "0.923"),
        ("exploding_gradients", "12/13"),
        ("weight_initialization", "0.0884"),
        ("weight_initialization", "sqrt(2)/24"),
        ("bptt", "0.00515"),
        ("gan", "1.3863"),
        ("gan", "log(4)"),
        ("logistic_regression", "ln(2)"),
        ("optimizers", "3.162"),
        ("activation_role", "9.54e-7"),
        ("activation_role", "0.25^10"),
        ("lstm", "0.5 tanh(1)"),
    ],
)
def test_values_written_in_explanations_are_accepted(question: str, text: str) -> None:
    items = [item for label, item in ITEMS if label.startswith(f"{question}[")]
    verdicts = [check_numeric(item, text) for item in items if isinstance(item, NumericItem)]
    assert any(v.correct for v in verdicts), [v.message for v in verdicts]


@pytest.mark.parametrize("item", CHOICE)
def test_every_choice_message_reads_well(item: ChoiceItem) -> None:
    correct = set(item.answer)
    assert_reads_well(check_choice(item, correct))
    for option in range(len(item.options)):
        assert_reads_well(check_choice(item, {option}))
    if item.multiple:
        partial = check_choice(item, {min(correct)})
        assert not partial.correct and "missed" in partial.message
        assert_reads_well(partial)


@pytest.mark.parametrize("item", FORMULA)
def test_every_formula_key_is_accepted_and_reads_well(item: FormulaItem) -> None:
    for form in item.answer:
        verdict = check_formula(item, form)
        assert verdict.correct, (form, verdict.message)
        assert_reads_well(verdict)
    wrong = check_formula(item, f"2*({item.answer[0]}) + 1")
    assert not wrong.correct and wrong.understood, wrong.message
    assert_reads_well(wrong)
    assert_reads_well(check_formula(item, "(("))


def test_explanations_end_cleanly() -> None:
    """Bank text itself: no doubled full stop or space inside an explanation."""
    for label, item in ITEMS:
        explanation = getattr(item, "explanation", "")
        assert not re.search(r"(?<!\.)\.\.(?!\.)|\s{2,}", explanation.strip()), label


def test_a_count_is_exact_unless_the_item_sets_a_tolerance() -> None:
    """203520 for 203530 parameters is forgetting 10 biases, not rounding: an integer key with
    the default tolerance takes the exact number only."""
    count = NumericItem(kind="numeric", prompt="How many parameters?", answer=203530)
    assert check_numeric(count, "203530").correct
    assert check_numeric(count, "203,530").correct
    assert not check_numeric(count, "203520").correct
    wrong = check_numeric(count, "1023")
    assert wrong.understood and not wrong.correct  # read, and wrong
    estimate = NumericItem(kind="numeric", prompt="About how many?", answer=203530, rtol=0.01)
    assert check_numeric(estimate, "203520").correct
    bank = load_pack(builtin_pack_dir())
    for entry in bank.entries:
        for item in entry.question.quiz:
            counted = isinstance(item, NumericItem) and float(item.answer).is_integer()
            if counted and "rtol" not in item.model_fields_set and item.atol < 1:
                assert not check_numeric(item, f"{item.answer + 1:g}").correct, item.prompt
    exact_to_half = NumericItem(kind="numeric", prompt="Parameters?", answer=203530, atol=0.5)
    assert not check_numeric(exact_to_half, "203520").correct  # atol alone: no default rtol

"""The built-in bank asks the classic list's questions at the list's numbers (issue 15), then
its extra questions, and asks each quiz item once across the whole bank."""

from __future__ import annotations

import functools
import itertools
import re

import pytest
import sympy

from quizprep.bank.pack import builtin_pack_dir, load_pack
from quizprep.bank.schema import ChoiceItem, FormulaItem, NumericItem, Question, QuizItem

BANK = load_pack(builtin_pack_dir())
BY_NUMBER = {q.number: q for q in BANK.questions}

# The list's questions (the article in ../shared/seed/ numbers them 1 to 56 without 16; the
# bank's 16 is its activation-types question), each with the words a title asking it must use.
CLASSIC: dict[int, tuple[str, ...]] = {
    1: ("deep learning",),
    2: ("neural network",),
    3: ("deep learning", "machine learning"),
    4: ("application",),
    5: ("challenge",),
    6: ("biological", "neuron"),
    7: ("supervised", "unsupervised", "reinforcement"),
    8: ("perceptron",),
    9: ("multi", "perceptron", "single"),
    10: ("feedforward",),
    11: ("gpu",),
    12: ("layer", "notation"),
    13: ("forward", "backward"),
    14: ("cost function",),
    15: ("activation",),
    16: ("activation",),
    17: ("learn", "data"),
    18: ("hidden layer", "neuron"),
    19: ("overfitting",),
    20: ("epoch", "iteration", "batch"),
    21: ("learning rate",),
    22: ("cross-entropy",),
    23: ("gradient descent",),
    24: ("optimi",),
    25: ("batch", "stochastic", "mini-batch"),
    26: ("types", "neural network"),
    27: ("shallow", "deep"),
    28: ("framework",),
    29: ("vanishing", "exploding"),
    30: ("clipping",),
    31: ("momentum",),
    32: ("initiali",),
    33: ("fine-tuning",),
    34: ("batch normali",),
    35: ("dropout",),
    36: ("convolutional neural network",),
    37: ("convolution",),
    38: ("kernel",),
    39: ("stride",),
    40: ("pooling",),
    41: ("same", "valid", "padding"),
    42: ("output", "convolution"),
    43: ("data augmentation",),
    44: ("deconvolution",),
    45: ("object detection", "segmentation"),
    46: ("recurrent",),
    47: ("backpropagation through time",),
    48: ("lstm",),
    49: ("gru",),
    50: ("encoder-decoder",),
    51: ("autoencoder",),
    52: ("generative adversarial",),
    53: ("attention",),
    54: ("transformer",),
    55: ("transfer learning",),
    56: ("distributed", "parallel"),
}


def test_the_bank_numbers_the_classic_list_then_its_extra_questions() -> None:
    numbers = [q.number for q in BANK.questions]
    assert numbers[:56] == list(range(1, 57))
    assert numbers[56:] == list(range(57, 57 + len(numbers) - 56))


@pytest.mark.parametrize("number", sorted(CLASSIC))
def test_each_slot_asks_the_lists_question(number: int) -> None:
    question = BY_NUMBER.get(number)
    assert question is not None, f"no question {number}"
    title = question.title.lower()
    missing = [word for word in CLASSIC[number] if word not in title]
    assert not missing, f"question {number} ({question.title!r}) does not ask about {missing}"


@pytest.mark.parametrize("number", sorted(CLASSIC))
def test_each_slot_has_an_exercise_or_says_why_not(number: int) -> None:
    question = BY_NUMBER[number]
    if question.exercise is None:
        (path,) = builtin_pack_dir().glob(f"q{number:02d}_*.yaml")
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^# .*no (coding )?exercise", text, re.M | re.I), question.id


def test_generative_models_are_not_filed_under_attention() -> None:
    assert {q.topic for q in BANK.questions if q.id in {"autoencoder", "gan"}} == {"generative"}


# Each quiz item once


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+|\d+(?:[.,]\d+)*", text.lower())) - {"the", "a", "of", "is"}


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def _similar(a: str, b: str, threshold: float) -> bool:
    first, second = _words(a), _words(b)
    return len(first & second) / max(1, len(first | second)) >= threshold


POINTS = (
    [0.37, 1.9, 2.3, 0.71, 3.1, 1.7],
    [1.3, 0.45, 5.0, 2.2, 0.9, 2.9],
    [2.7, 3.3, 0.6, 1.1, 4.0, 0.8],
)


@functools.cache
def _formula_values(answer: str) -> tuple[complex, ...] | str:
    """The formula at three fixed points given to its symbols in alphabetical order; the text
    itself when SymPy cannot read it."""
    try:
        expr = sympy.sympify(answer.replace("^", "**"))
        names = sorted(expr.free_symbols, key=lambda s: s.name)
        return tuple(
            complex(expr.subs(dict(zip(names, point, strict=False))).evalf()) for point in POINTS
        )
    except (sympy.SympifyError, TypeError, ValueError, SyntaxError):
        return answer


def _same_formula(first: str, second: str) -> bool:
    a, b = _formula_values(first), _formula_values(second)
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return all(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x, y in zip(a, b, strict=True))


def _same_item(first: QuizItem, second: QuizItem) -> bool:
    if isinstance(first, NumericItem) and isinstance(second, NumericItem):
        return first.answer == second.answer and (
            _numbers(first.prompt) == _numbers(second.prompt) != set()
            or _similar(first.prompt, second.prompt, 0.5)
        )
    if isinstance(first, FormulaItem) and isinstance(second, FormulaItem):
        # The same expression asked about the same thing (k/C and s2/B are different items).
        return _same_formula(first.answer[0], second.answer[0]) and (
            set(first.symbols) == set(second.symbols) or _similar(first.prompt, second.prompt, 0.25)
        )
    if isinstance(first, ChoiceItem) and isinstance(second, ChoiceItem):
        options = " ".join(first.options), " ".join(second.options)
        return _similar(*options, 0.6)
    return type(first) is type(second) and _similar(first.prompt, second.prompt, 0.7)


def _repeats(questions: list[Question]) -> list[str]:
    items = [(q, i, item) for q in questions for i, item in enumerate(q.quiz)]
    return [
        f"{q.id} quiz[{i}] and {r.id} quiz[{j}]: {a.prompt[:60]!r}"
        for (q, i, a), (r, j, b) in itertools.combinations(items, 2)
        if q.id != r.id and _same_item(a, b)
    ]


def test_no_quiz_item_is_asked_twice_across_the_bank() -> None:
    assert _repeats(list(BANK.questions)) == []


def test_the_repeat_check_finds_a_repeated_item() -> None:
    a, b = BY_NUMBER[20], BY_NUMBER[25]
    moved = b.model_copy(update={"id": "copy", "quiz": [a.quiz[0]]})
    assert _repeats([a, moved]), "an item copied into another question went unnoticed"

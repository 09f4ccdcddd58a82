"""Mastery: how much of a question the learner has shown they can do (0..1), and when it is done.

It counts what was shown, not what was claimed: a passed exercise and right quiz answers weigh
far more than the learner's own ratings, and a rating of an empty answer counts nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from quizprep.bank.schema import Question

EXERCISE_WEIGHT = 6.0
QUIZ_WEIGHT = 3.0
SELF_RATING_WEIGHT = 1.0
RETRY_CREDIT = 0.5
"""What a quiz item answered right only after a wrong try is worth (right at the first: 1)."""

MASTERY_RULES = (
    "Mastery counts what you have shown. A passed exercise weighs 6, the quiz weighs 3 (each "
    "item's latest answer: right at the first try counts fully, right after a retry half, "
    "wrong nothing), and your self-ratings of written answers weigh 1 (Again 0 to Easy 1; "
    "a rating of an empty answer counts nothing). Parts a question does not have are left "
    "out. A topic's mastery is the mean of its questions'. A question is done when its "
    "exercise has passed or, if it has no exercise, when every quiz item's latest answer is "
    "right. Mock-interview self-ratings schedule reviews but do not count here."
)
"""The rules above in words, for the stats screen."""


@dataclass(frozen=True)
class Shown:
    """What the learner has shown on one question: whether its exercise ever passed, the latest
    answer to each graded quiz item (index -> (right, tries)), and the latest self-rating of
    each free-text item whose answer had some text (index -> 1..4)."""

    passed: bool = False
    answers: Mapping[int, tuple[bool, int]] = field(default_factory=dict)
    self_ratings: Mapping[int, int] = field(default_factory=dict)


def _graded(question: Question) -> list[int]:
    return [index for index, item in enumerate(question.quiz) if item.kind != "short"]


def _free_text(question: Question) -> list[int]:
    return [index for index, item in enumerate(question.quiz) if item.kind == "short"]


def _answer_credit(answer: tuple[bool, int] | None) -> float:
    if answer is None or not answer[0]:
        return 0.0
    return 1.0 if answer[1] <= 1 else RETRY_CREDIT


def question_mastery(question: Question, shown: Shown) -> float:
    """The weighted mean of the question's parts (see MASTERY_RULES); 0 for a question with
    nothing to show."""
    parts: list[tuple[float, float]] = []
    if question.exercise is not None:
        parts.append((EXERCISE_WEIGHT, 1.0 if shown.passed else 0.0))
    graded = _graded(question)
    if graded:
        credit = sum(_answer_credit(shown.answers.get(index)) for index in graded)
        parts.append((QUIZ_WEIGHT, credit / len(graded)))
    free_text = _free_text(question)
    if free_text:
        rated = sum((shown.self_ratings.get(index, 1) - 1) / 3 for index in free_text)
        parts.append((SELF_RATING_WEIGHT, rated / len(free_text)))
    total = sum(weight for weight, _ in parts)
    return sum(weight * score for weight, score in parts) / total if total else 0.0


def question_done(question: Question, shown: Shown) -> bool:
    """Done: the exercise passed; without an exercise, every graded quiz item's latest answer
    is right (a question with neither is never done)."""
    if question.exercise is not None:
        return shown.passed
    graded = _graded(question)
    return bool(graded) and all(shown.answers.get(index, (False, 1))[0] for index in graded)

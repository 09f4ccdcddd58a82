"""Mastery follows what the learner showed: exercise passes and quiz results far above their own
ratings. A question is done when its exercise passed, or without one, when its quiz is all right."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from quizprep.bank.schema import Question
from quizprep.progress import ProgressStore
from quizprep.progress.mastery import MASTERY_RULES
from tests.progress.conftest import NOW, question

CHOICE = {"kind": "choice", "prompt": "Which?", "options": ["a", "b"], "answer": [0]}
NUMBER = {"kind": "numeric", "prompt": "How many?", "answer": 3}
SHORT = {"kind": "short", "prompt": "Why?"}


@cache
def some_exercise() -> Any:
    from quizprep.bank.pack import builtin_pack_dir, load_pack

    return load_pack(builtin_pack_dir()).questions[0].exercise


def with_parts(
    question_id: str, *, exercise: bool, quiz: list[dict[str, Any]], topic: str = "basics"
) -> Question:
    """A question with these quiz items, with or without an exercise (any exercise will do:
    mastery only asks whether there is one)."""
    plain = question(question_id, topic)
    return plain.model_copy(
        update={
            "quiz": Question.model_validate({**plain.model_dump(), "quiz": quiz}).quiz,
            "exercise": some_exercise() if exercise else None,
        }
    )


def test_passing_exercises_shows_in_the_topic_not_one_percent(store: ProgressStore) -> None:
    cnn = [with_parts(f"cnn{i}", exercise=True, quiz=[CHOICE], topic="cnn") for i in range(11)]
    for passed in cnn[:2]:
        store.record_exercise(passed.id, "e", "pass", 1.0, 60.0, 0, NOW)
    assert store.topic_mastery(cnn, NOW)["cnn"] == pytest.approx(2 * (6 / 9) / 11)  # was 1%


def test_an_empty_easy_self_rating_counts_nothing(store: ProgressStore) -> None:
    bank = [with_parts("t1", exercise=True, quiz=[CHOICE, SHORT])]
    store.record_quiz("t1", 1, "short", None, "   ", 2.0, NOW)
    store.record_self_rating("t1", 1, 4, NOW)
    store.record_quiz("t1", -1, "short", None, "", 2.0, NOW)  # a mock interview's answer
    store.record_self_rating("t1", -1, 4, NOW)
    assert store.topic_mastery(bank, NOW) == {"basics": 0.0}


def test_own_ratings_weigh_far_less_than_quiz_and_exercise(store: ProgressStore) -> None:
    full = with_parts("q", exercise=True, quiz=[CHOICE, NUMBER, SHORT])
    store.record_quiz("q", 2, "short", None, "it keeps gradients alive", 30.0, NOW)
    store.record_self_rating("q", 2, 4, NOW)
    rated = store.question_mastery(full, NOW)
    store.record_quiz("q", 0, "choice", True, "0", 5.0, NOW)
    store.record_quiz("q", 1, "numeric", True, "3", 5.0, NOW)
    quizzed = store.question_mastery(full, NOW)
    store.record_exercise("q", "e", "pass", 1.0, 60.0, 0, NOW)
    assert rated == pytest.approx(0.1)
    assert quizzed == pytest.approx(0.4)
    assert store.question_mastery(full, NOW) == pytest.approx(1.0)


def test_quiz_items_count_their_latest_answer_and_retries_count_half(
    store: ProgressStore,
) -> None:
    quiz_only = with_parts("q", exercise=False, quiz=[CHOICE, NUMBER])
    store.record_quiz("q", 0, "choice", False, "1", 5.0, NOW)
    store.record_quiz("q", 0, "choice", True, "0", 5.0, NOW, tries=2)
    store.record_quiz("q", 1, "numeric", True, "3", 5.0, NOW)
    assert store.question_mastery(quiz_only, NOW) == pytest.approx(0.75)
    store.record_quiz("q", 1, "numeric", False, "4", 5.0, NOW)  # got it wrong later
    assert store.question_mastery(quiz_only, NOW) == pytest.approx(0.25)


def test_a_question_is_done_when_its_exercise_passed_or_else_its_quiz_was_all_right(
    store: ProgressStore,
) -> None:
    coded = with_parts("coded", exercise=True, quiz=[CHOICE])
    quiz_only = with_parts("quiz", exercise=False, quiz=[CHOICE, NUMBER])
    store.record_quiz("coded", 0, "choice", True, "0", 5.0, NOW)
    store.record_quiz("quiz", 0, "choice", True, "0", 5.0, NOW)
    assert store.done([coded, quiz_only], NOW) == set()
    store.record_quiz("quiz", 1, "numeric", True, "3", 5.0, NOW, tries=2)
    store.record_exercise("coded", "e", "fail", 0.5, 60.0, 0, NOW)
    assert store.done([coded, quiz_only], NOW) == {"quiz"}
    store.record_exercise("coded", "e", "pass", 1.0, 60.0, 0, NOW)
    assert store.done([coded, quiz_only], NOW) == {"coded", "quiz"}


def test_the_rules_are_written_down_with_their_weights() -> None:
    assert "exercise" in MASTERY_RULES and "self-rating" in MASTERY_RULES.lower()
    assert "done" in MASTERY_RULES

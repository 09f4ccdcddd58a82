"""Spaced repetition as a learner sees it: what comes back when, and what a mock interview asks."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from quizprep.progress import (
    ProgressStore,
    Rating,
    pick_mock_questions,
    rating_for_exercise,
    rating_for_quiz,
    rating_for_visit,
    rating_from_self,
)
from tests.progress.conftest import NOW, question


def test_exercise_ratings_follow_how_the_pass_went() -> None:
    assert rating_for_exercise(False, 1, 0, False, 30) == Rating.Again
    assert rating_for_exercise(True, 1, 0, True, 30) == Rating.Again  # gave up, saw the answer
    assert rating_for_exercise(True, 1, 1, False, 30) == Rating.Hard
    assert rating_for_exercise(True, 3, 0, False, 30) == Rating.Hard
    assert rating_for_exercise(True, 1, 0, False, 900) == Rating.Good
    assert rating_for_exercise(True, 1, 0, False, 120) == Rating.Easy
    assert rating_for_exercise(True, 1, 0, False, 120, fast_seconds=60) == Rating.Good


def test_quiz_and_self_ratings() -> None:
    assert rating_for_quiz(True) == Rating.Good
    assert rating_for_quiz(True, tries=2) == Rating.Hard
    assert rating_for_quiz(False) == Rating.Again
    assert rating_for_quiz(False, tries=2) == Rating.Again
    with pytest.raises(ValueError):
        rating_for_quiz(True, tries=0)
    assert [rating_from_self(value) for value in (1, 2, 3, 4)] == list(Rating)
    with pytest.raises(ValueError):
        rating_from_self(0)


def test_a_visit_is_rated_by_its_weakest_part() -> None:
    assert rating_for_visit([Rating.Good, Rating.Good]) == Rating.Good
    assert rating_for_visit([Rating.Good, Rating.Hard, Rating.Easy]) == Rating.Hard
    assert rating_for_visit([Rating.Easy, Rating.Again]) == Rating.Again
    assert rating_for_visit([]) is None


def test_a_failed_exercise_comes_back_today_an_easy_one_much_later(store: ProgressStore) -> None:
    failed = store.review("gru_cell", rating_for_exercise(False, 1, 0, False, 60), NOW)
    easy = store.review("cross_entropy", rating_for_exercise(True, 1, 0, False, 60), NOW)
    good = store.review("rnn_bptt", rating_for_exercise(True, 1, 0, False, 900), NOW)
    assert NOW < failed <= NOW + timedelta(days=1)
    assert easy >= NOW + timedelta(days=4)
    assert NOW + timedelta(days=1) <= good < easy
    assert store.next_due("gru_cell") == failed
    assert store.next_due("never_seen") is None


def test_each_good_review_pushes_the_next_one_further_out(store: ProgressStore) -> None:
    now, gaps = NOW, []
    for _ in range(4):
        due = store.review("softmax", Rating.Good, now)
        gaps.append(due - now)
        now = due
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]


def test_due_lists_the_most_overdue_first_and_skips_new_questions(store: ProgressStore) -> None:
    store.review("a", Rating.Easy, NOW)  # due in days
    store.review("b", Rating.Again, NOW)  # due in minutes
    store.review("c", Rating.Again, NOW - timedelta(hours=5))  # overdue the longest
    ids = ["a", "b", "c", "new"]
    assert store.due(ids, NOW - timedelta(hours=6)) == []
    assert store.due(ids, NOW) == ["c"]
    assert store.due(ids, NOW + timedelta(hours=1)) == ["c", "b"]
    assert store.due(["b"], NOW + timedelta(hours=1)) == ["b"]
    assert store.due(ids, NOW + timedelta(days=60)) == ["c", "b", "a"]


def test_mock_interviews_lean_on_weak_topics_without_repeats() -> None:
    bank = [question(f"strong{i}", "basics") for i in range(10)]
    bank += [question(f"weak{i}", "cnn") for i in range(10)]
    mastery = {"basics": 0.95, "cnn": 0.1}
    rng = random.Random(0)
    weak = 0
    for _ in range(200):
        picked = pick_mock_questions(bank, mastery, 5, rng)
        assert len(picked) == 5 and len({q.id for q in picked}) == 5
        weak += sum(q.topic == "cnn" for q in picked)
    assert weak > 0.8 * 200 * 5
    assert len(pick_mock_questions(bank[:3], mastery, 5, rng)) == 3
    again = pick_mock_questions(bank, mastery, 5, random.Random(1))
    assert again == pick_mock_questions(bank, mastery, 5, random.Random(1))

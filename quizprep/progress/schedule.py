"""Spaced repetition: the FSRS scheduler quizprep uses, the rules that turn work into a rating.

One FSRS card per question, and one rating per visit to it: the weakest of the visit's parts.
Quiz items map to Again/Hard/Good (wrong, right after a retry, right at once), free-text items use
the learner's own rating, exercises are rated from how the pass went (attempts, hints, giving up,
time).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler

from quizprep.bank.schema import Question

__all__ = [
    "Card",
    "Rating",
    "make_scheduler",
    "pick_mock_questions",
    "rating_for_exercise",
    "rating_for_quiz",
    "rating_for_visit",
    "rating_from_self",
    "utc",
]

MOCK_FLOOR_WEIGHT = 0.05
"""Weight a fully mastered topic keeps in a mock interview, so it can still come up."""


def make_scheduler() -> Scheduler:
    """The scheduler quizprep uses: one 10-minute (re)learning step, no random fuzz.

    A single learning step means a first Good graduates the question to days-long intervals
    (interview practice happens across days, not minutes); no fuzz keeps schedules reproducible.
    """
    return Scheduler(
        learning_steps=(timedelta(minutes=10),),
        relearning_steps=(timedelta(minutes=10),),
        enable_fuzzing=False,
    )


def utc(now: datetime) -> datetime:
    """`now` in UTC; a naive datetime is a programming error (ValueError)."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {now!r}")
    return now.astimezone(UTC)


def rating_for_quiz(correct: bool, tries: int = 1) -> Rating:
    """A graded quiz item's final outcome in a visit: right at the first try is Good, right
    after more tries is Hard, wrong is Again."""
    if isinstance(tries, bool) or tries < 1:
        raise ValueError(f"tries counts from 1, not {tries!r}")
    if not correct:
        return Rating.Again
    return Rating.Good if tries == 1 else Rating.Hard


def rating_from_self(rating: int) -> Rating:
    """A free-text item's self-rating, 1 (Again) to 4 (Easy)."""
    if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
        raise ValueError(f"a self-rating is 1, 2, 3 or 4, not {rating!r}")
    return Rating(rating)


def rating_for_exercise(
    passed: bool,
    attempts: int,
    hints_used: int,
    gave_up: bool,
    seconds: float,
    fast_seconds: float = 300,
) -> Rating:
    """Rate an exercise round: failed or gave up is Again; a pass after hints or retries is Hard;
    a first-try pass is Good, or Easy when it took no hints and at most `fast_seconds`.
    """
    if not passed or gave_up:
        return Rating.Again
    if hints_used > 0 or attempts > 1:
        return Rating.Hard
    if seconds <= fast_seconds:
        return Rating.Easy
    return Rating.Good


def rating_for_visit(parts: Iterable[Rating]) -> Rating | None:
    """A visit's one rating: its weakest part (any Again makes it Again); None with no parts."""
    return min(parts, default=None)


def pick_mock_questions(
    questions: Sequence[Question],
    mastery: dict[str, float],
    n: int,
    rng: random.Random,
) -> list[Question]:
    """Pick up to `n` distinct questions, weak topics first in expectation.

    `mastery` maps topic -> 0..1 (as `ProgressStore.topic_mastery` returns; a missing topic is 0).
    Each question weighs `1 - mastery` of its topic (never below a small floor), and the draw is
    without replacement, so the result has no duplicates.
    """
    unique = list({question.id: question for question in questions}.values())
    keyed: list[tuple[float, int]] = []
    for index, question in enumerate(unique):
        known = min(1.0, max(0.0, mastery.get(question.topic, 0.0)))
        weight = max(MOCK_FLOOR_WEIGHT, 1.0 - known)
        # Efraimidis-Spirakis: the n largest u**(1/w) are a weighted sample without replacement.
        keyed.append((rng.random() ** (1.0 / weight), index))
    keyed.sort(reverse=True)
    return [unique[index] for _, index in keyed[: max(0, n)]]

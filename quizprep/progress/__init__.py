"""Learner progress: history in SQLite (`store`), FSRS spaced-repetition scheduling (`schedule`)
and mastery of what was shown (`mastery`).

Imports only `quizprep.bank` and `quizprep.errors`, never the grader, the sandbox or textual.
"""

from __future__ import annotations

from fsrs import Rating

from quizprep.progress.schedule import (
    pick_mock_questions,
    rating_for_exercise,
    rating_for_quiz,
    rating_for_visit,
    rating_from_self,
)
from quizprep.progress.store import DayStats, ProgressStore, default_db_path

__all__ = [
    "DayStats",
    "ProgressStore",
    "Rating",
    "default_db_path",
    "pick_mock_questions",
    "rating_for_exercise",
    "rating_for_quiz",
    "rating_for_visit",
    "rating_from_self",
]

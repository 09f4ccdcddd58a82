"""What the app does, without the UI: questions by topic, quiz checking, grading exercises in a
workspace folder, hints, give-ups and progress. Screens call this; tests can too.

Heavy modules (numpy via the grader, sympy via formula checks) are imported inside the methods
that need them, so the first screen paints without them.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from quizprep.bank.pack import Pack
from quizprep.bank.schema import TOPICS, Exercise, Question

if TYPE_CHECKING:
    from quizprep.bank.quiz import Verdict
    from quizprep.bank.schema import FormulaItem
    from quizprep.grading.grader import Grader
    from quizprep.grading.result import GradeResult
    from quizprep.progress import Rating
    from quizprep.progress.store import ProgressStore


REVIEW_DEDUPE = timedelta(hours=1)


def now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


def default_workspace() -> Path:
    """Where exercise files live: `$QUIZPREP_HOME/workspace`, else ~/quizprep-workspace."""
    home = os.environ.get("QUIZPREP_HOME")
    return Path(home) / "workspace" if home else Path.home() / "quizprep-workspace"


@dataclass(frozen=True)
class TopicSummary:
    """A topic on the home screen: how many questions, how many mastered."""

    slug: str
    title: str
    questions: tuple[Question, ...]
    mastery: float


class Trainer:
    """The app's model: packs, the learner's progress store, a grader per pack."""

    def __init__(self, packs: Sequence[Pack], store: ProgressStore, workspace: Path) -> None:
        self.packs = list(packs)
        self.store = store
        self.workspace = workspace
        self._graders: dict[int, Grader] = {}
        self._grader_lock = threading.Lock()

    # -- questions --------------------------------------------------------------------------
    @property
    def questions(self) -> list[Question]:
        """Every question of every pack, in number order within each pack."""
        return [q for pack in self.packs for q in pack.questions]

    def question(self, question_id: str) -> Question | None:
        """A question by id."""
        return next((q for q in self.questions if q.id == question_id), None)

    def topics(self) -> list[TopicSummary]:
        """The topics that have questions, in the bank's order, with their mastery."""
        mastery = self.store.topic_mastery(self.questions, now())
        summaries = []
        for slug, title in TOPICS.items():
            questions = tuple(q for q in self.questions if q.topic == slug)
            if questions:
                summaries.append(TopicSummary(slug, title, questions, mastery.get(slug, 0.0)))
        return summaries

    def due(self) -> list[Question]:
        """Questions the scheduler wants back now, most overdue first."""
        by_id = {q.id: q for q in self.questions}
        return [by_id[i] for i in self.store.due(list(by_id), now()) if i in by_id]

    def mock_questions(self, count: int, rng: random.Random) -> list[Question]:
        """Questions for a mock interview, weighted toward the learner's weak topics."""
        from quizprep.progress.schedule import pick_mock_questions

        mastery = self.store.topic_mastery(self.questions, now())
        return pick_mock_questions(self.questions, mastery, count, rng)

    def last_question(self) -> Question | None:
        """The question the learner was on when they last left."""
        last = self.store.get_state("last_question")
        return self.question(last) if last else None

    def open_question(self, question: Question) -> None:
        """Remember this question for "continue where I left off"."""
        self.store.set_state("last_question", question.id)

    # -- quiz --------------------------------------------------------------------------------
    def check_formula(self, item: FormulaItem, text: str) -> Verdict:
        """SymPy check of a formula answer (imports sympy: call it off the UI thread)."""
        from quizprep.bank.quiz import check_formula

        return check_formula(item, text)

    def record_quiz(
        self,
        question: Question,
        index: int,
        kind: str,
        correct: bool | None,
        answer: str,
        seconds: float,
    ) -> None:
        """Store a quiz answer; a wrong one, or the first right one in a while, is a review."""
        from quizprep.progress.schedule import rating_for_quiz

        self.store.record_quiz(question.id, index, kind, correct, answer, seconds, now())
        if correct is False or (correct and not self._recently(question, "quiz")):
            self._review(question, "quiz", rating_for_quiz(correct))

    def record_self_rating(
        self, question: Question, index: int, answer: str, rating: int, seconds: float
    ) -> None:
        """A free-text answer, rated by the learner against the key points (1..4)."""
        from quizprep.progress.schedule import rating_from_self

        self.store.record_quiz(question.id, index, "short", None, answer, seconds, now())
        self.store.record_self_rating(question.id, index, rating, now())
        if rating <= 2 or not self._recently(question, "quiz"):
            self._review(question, "quiz", rating_from_self(rating))

    def _recently(self, question: Question, what: str) -> bool:
        """Whether `what` ("quiz" or "exercise") of the question was reviewed in this sitting.
        Several right answers in one sitting are one review, not several: the scheduler would
        otherwise read them as days of remembering."""
        stamp = self.store.get_state(f"reviewed:{what}:{question.id}")
        return stamp is not None and now() - datetime.fromisoformat(stamp) < REVIEW_DEDUPE

    def _review(self, question: Question, what: str, rating: Rating) -> None:
        self.store.review(question.id, rating, now())
        self.store.set_state(f"reviewed:{what}:{question.id}", now().isoformat())

    # -- exercises ---------------------------------------------------------------------------
    def exercise_file(self, exercise: Exercise) -> Path:
        """The learner's file for an exercise, created from the starter the first time; a
        namespaced pack's files go in a folder named after it, so two packs never share one."""
        pack = next(p for p in self.packs if any(e is exercise for e in p.exercises))
        folder = self.workspace / pack.name if pack.namespaced else self.workspace
        path = folder / f"{exercise.id}.py"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(exercise.starter, encoding="utf-8")
        return path

    def pack_of(self, question: Question) -> Pack:
        """The pack a question comes from."""
        return next(pack for pack in self.packs if question in pack.questions)

    def grader_for(self, question: Question) -> Grader:
        """The grader of the question's pack (built on first use: it imports numpy)."""
        from quizprep.grading.grader import Grader

        pack = self.pack_of(question)
        with self._grader_lock:
            if id(pack) not in self._graders:
                self._graders[id(pack)] = Grader(pack, seed=0, device="auto")
            return self._graders[id(pack)]

    def grade(
        self,
        question: Question,
        source: str,
        cancel: threading.Event | None = None,
        *,
        started: float | None = None,
    ) -> GradeResult:
        """Grade the learner's code with a fresh seed, record it, and schedule the question."""
        import secrets

        exercise = question.exercise
        assert exercise is not None
        seed = secrets.randbelow(2**31)
        result = self.grader_for(question).grade_source(
            source, exercise, submission=f"{exercise.id}.py", seed=seed, cancel=cancel
        )
        seconds = time.monotonic() - started if started is not None else 0.0
        self.store.record_exercise(
            question.id, exercise.id, result.status, result.score, seconds, seed, now()
        )
        if result.status == "pass" and not self._recently(question, "exercise"):
            self._review_exercise(question, passed=True, seconds=seconds)
        return result

    def leave_exercise(self, question: Question) -> None:
        """Leaving after failed runs and no pass closes the round as a failure (one review for
        the whole sitting, so the attempts and hints of the round count in a later pass)."""
        if self.store.exercise_attempts(question.id) and not self._recently(question, "exercise"):
            self._review_exercise(question, passed=False, seconds=0.0)

    def _review_exercise(self, question: Question, *, passed: bool, seconds: float) -> None:
        from quizprep.progress.schedule import rating_for_exercise

        rating = rating_for_exercise(
            passed=passed,
            attempts=self.store.exercise_attempts(question.id),
            hints_used=self.store.hints_used(question.id),
            gave_up=self.store.gave_up(question.id),
            seconds=seconds,
        )
        self._review(question, "exercise", rating)

    def next_hint(self, question: Question) -> tuple[int, str] | None:
        """Record and return the next hint (number from 1), or None when all are shown."""
        exercise = question.exercise
        if exercise is None:
            return None
        used = self.store.hints_ever(question.id)
        if used >= len(exercise.hints):
            return None
        self.store.record_hint(question.id, now())
        return used + 1, exercise.hints[used]

    def shown_hints(self, question: Question) -> list[str]:
        """The hints the learner has already asked for."""
        exercise = question.exercise
        if exercise is None:
            return []
        return list(exercise.hints[: self.store.hints_ever(question.id)])

    def may_see_reference(self, question: Question) -> bool:
        """The reference is shown only after a pass or an explicit, recorded give-up."""
        return self.store.has_passed(question.id) or self.store.ever_gave_up(question.id)

    def give_up(self, question: Question) -> None:
        """Record a give-up; it closes the round as a failure."""
        self.store.record_give_up(question.id, now())
        self._review_exercise(question, passed=False, seconds=0.0)

    def reference_source(self, question: Question) -> str:
        """The trusted reference implementation's source, to show after a pass or give-up."""
        exercise = question.exercise
        assert exercise is not None
        return self.pack_of(question).reference_module(exercise).read_text(encoding="utf-8")

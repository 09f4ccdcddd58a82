"""What the app does, without the UI: questions by topic, quiz checking, grading exercises in a
workspace folder, hints, give-ups and progress. Screens call this; tests can too.

The scheduler hears of each question once per visit (see `Visit`), however many answers, runs and
tries the visit holds; every answer is still stored.

Heavy modules (numpy via the grader, sympy via formula checks) are imported inside the methods
that need them, so the first screen paints without them.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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


VISIT_IDLE = timedelta(hours=1)
"""A visit with no activity for this long is over: the next answer starts a new one (this ends
visits that no screen closes, such as a mock interview's)."""


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


@dataclass
class Visit:
    """One sitting with a question: from opening its screen to leaving it (or to an hour without
    activity). It gives the scheduler one rating, the weakest of its parts: each quiz item's
    final outcome, each self-rating, the exercise. The rating is written at the first rated part
    and revised as later parts come in, so nothing waits for the screen to close."""

    round_start: datetime
    """The question's last review before the visit: exercise runs and hints after it count."""
    last_activity: datetime
    quiz: dict[int, Rating] = field(default_factory=dict)
    self_rated: dict[int, Rating] = field(default_factory=dict)
    exercise: Rating | None = None
    passed: bool = False
    reviewed: tuple[Rating, datetime] | None = None
    """The rating written for this visit so far, and when."""

    def rating(self) -> Rating | None:
        """The visit's rating so far; None while nothing in it is rated."""
        from quizprep.progress.schedule import rating_for_visit

        parts = [*self.quiz.values(), *self.self_rated.values()]
        return rating_for_visit(parts if self.exercise is None else [*parts, self.exercise])


class Trainer:
    """The app's model: packs, the learner's progress store, a grader per pack."""

    def __init__(
        self,
        packs: Sequence[Pack],
        store: ProgressStore,
        workspace: Path,
        *,
        clock: Callable[[], datetime] = now,
    ) -> None:
        self.packs = list(packs)
        self.store = store
        self.workspace = workspace
        self.clock = clock
        """The current time (tests set a fake one)."""
        self._graders: dict[int, Grader] = {}
        self._grader_lock = threading.Lock()
        self._visits: dict[str, Visit] = {}
        self._visit_lock = threading.RLock()  # grading runs in a worker thread
        self._next_seeds: dict[str, int] = {}
        """The seed of each exercise's next run, whose cases `prepare` works out."""

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
        mastery = self.store.topic_mastery(self.questions, self.clock())
        summaries = []
        for slug, title in TOPICS.items():
            questions = tuple(q for q in self.questions if q.topic == slug)
            if questions:
                summaries.append(TopicSummary(slug, title, questions, mastery.get(slug, 0.0)))
        return summaries

    def due(self) -> list[Question]:
        """Questions the scheduler wants back now, most overdue first."""
        by_id = {q.id: q for q in self.questions}
        return [by_id[i] for i in self.store.due(list(by_id), self.clock()) if i in by_id]

    def due_at(self, question: Question) -> datetime | None:
        """When the question comes back for review (None: never reviewed)."""
        return self.store.next_due(question.id)

    def next_review(self) -> datetime | None:
        """When the next question falls due, after those due now; None if none will."""
        return self.store.earliest_due((q.id for q in self.questions), after=self.clock())

    def done_ids(self) -> set[str]:
        """The ids of the questions that are done: the exercise passed, or without an
        exercise, the quiz is all right (`progress.mastery.question_done`)."""
        return self.store.done(self.questions, self.clock())

    def done_count(self) -> tuple[int, int]:
        """(done, all): how many questions are done (see `done_ids`), of how many."""
        return len(self.done_ids()), len(self.questions)

    def mock_questions(self, count: int, rng: random.Random) -> list[Question]:
        """Questions for a mock interview, weighted toward the learner's weak topics."""
        from quizprep.progress.schedule import pick_mock_questions

        mastery = self.store.topic_mastery(self.questions, self.clock())
        return pick_mock_questions(self.questions, mastery, count, rng)

    def last_question(self) -> Question | None:
        """The question the learner was on when they last left."""
        last = self.store.get_state("last_question")
        return self.question(last) if last else None

    def open_question(self, question: Question) -> None:
        """The question's screen opened: a new visit begins, and "continue where I left off"
        remembers the question."""
        self.store.set_state("last_question", question.id)
        with self._visit_lock:
            self._visits[question.id] = self._new_visit(question)

    def leave_question(self, question: Question) -> None:
        """The question's screen closed: its visit is over (its rating is already written)."""
        with self._visit_lock:
            self._visits.pop(question.id, None)

    # -- visits: one rating per question per visit ------------------------------------------
    def _new_visit(self, question: Question) -> Visit:
        return Visit(round_start=self.store.round_start(question.id), last_activity=self.clock())

    def _visit(self, question: Question) -> Visit:
        """The question's open visit; a new one if none is open or it went idle."""
        visit = self._visits.get(question.id)
        if visit is None or self.clock() - visit.last_activity > VISIT_IDLE:
            visit = self._visits[question.id] = self._new_visit(question)
        return visit

    def _rate(self, question: Question, visit: Visit) -> None:
        """Write the visit's rating: a review the first time, a revision when it changed."""
        moment = self.clock()
        visit.last_activity = moment
        rating = visit.rating()
        if rating is None or (visit.reviewed is not None and visit.reviewed[0] == rating):
            return
        if visit.reviewed is None:
            self.store.review(question.id, rating, moment)
        else:
            self.store.revise_review(question.id, visit.reviewed[1], rating, moment)
        visit.reviewed = (rating, moment)

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
        *,
        tries: int = 1,
    ) -> None:
        """Store a quiz answer (`tries`: 1 when answered at the first try, 2 after a second).

        The item's final outcome in this visit rates it: right at the first try Good, right
        after a retry Hard (also when an earlier wrong answer was recorded as a first try),
        wrong Again; the visit's rating is the weakest of its items and other parts.
        """
        from quizprep.progress import Rating
        from quizprep.progress.schedule import rating_for_quiz

        rating = None if correct is None else rating_for_quiz(correct, tries)
        with self._visit_lock:
            self.store.record_quiz(
                question.id, index, kind, correct, answer, seconds, self.clock(), tries=tries
            )
            if rating is None:
                return
            visit = self._visit(question)
            if rating == Rating.Good and visit.quiz.get(index, Rating.Good) != Rating.Good:
                rating = Rating.Hard  # right now, after a wrong try in this visit
            visit.quiz[index] = rating
            self._rate(question, visit)

    def record_self_rating(
        self, question: Question, index: int, answer: str, rating: int, seconds: float
    ) -> None:
        """A free-text answer, rated by the learner against the key points (1..4); the latest
        rating of each item joins the visit's rating."""
        from quizprep.progress.schedule import rating_from_self

        scheduled = rating_from_self(rating)
        with self._visit_lock:
            moment = self.clock()
            self.store.record_quiz(question.id, index, "short", None, answer, seconds, moment)
            self.store.record_self_rating(question.id, index, rating, moment)
            visit = self._visit(question)
            visit.self_rated[index] = scheduled
            self._rate(question, visit)

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
        return self._grader(self.pack_of(question))

    def _grader(self, pack: Pack) -> Grader:
        from quizprep.grading.grader import Grader
        from quizprep.grading.refcache import ReferenceCache

        with self._grader_lock:
            if id(pack) not in self._graders:
                grader = Grader(pack, seed=0, device="auto")
                grader.disk_cache = ReferenceCache(None)  # each run's seed is new, never reused
                self._graders[id(pack)] = grader
            return self._graders[id(pack)]

    def prepare(self, question: Question) -> threading.Thread:
        """Work out, in the background, the cases and reference outputs of the exercise's
        next run (with the fresh seed it will have, chosen now), so that the run waits only
        for the sandbox: the app calls it as an exercise opens and after each run, `quizprep
        watch` after each grade. A failure here is the run's to report: it computes again."""
        import secrets

        exercise = question.exercise
        assert exercise is not None
        seed = secrets.randbelow(2**31)
        with self._visit_lock:
            unused = self._next_seeds.get(exercise.id)  # prepared, and no run came
            self._next_seeds[exercise.id] = seed

        def wanted() -> bool:
            with self._visit_lock:
                return self._next_seeds.get(exercise.id) == seed

        def work() -> None:
            grader = self.grader_for(question)
            if unused is not None:
                grader.forget(exercise, unused)
            if wanted():
                with contextlib.suppress(Exception):
                    grader.cases(exercise, seed)
            if not wanted():  # a run took it meanwhile (and forgets it), or it was replaced
                grader.forget(exercise, seed)

        thread = threading.Thread(target=work, daemon=True, name="quizprep-prepare")
        thread.start()
        return thread

    def warm_up(self) -> threading.Thread:
        """Start, in the background, what a first run would otherwise wait for (~0.2 s): the
        sandbox's zygotes (NumPy, then PyTorch), every pack's grader with its modules, a helper
        process for the references, which the first run takes, and the scheduler that rates a
        pass. (Not the device check: where a GPU exists it imports torch, which stays out of
        this process until a torch file is graded.)
        The app and `quizprep watch` call it as they open; the thread returned ends once all
        of it is started."""

        def work() -> None:
            from quizprep.grading.trusted import start_spare_helper
            from quizprep.sandbox.pool import shared_pool

            shared_pool().warm(["numpy", "torch"])
            start_spare_helper()  # an interpreter, not a fork: this process runs threads
            for pack in self.packs:
                self._grader(pack)
            import quizprep.progress.schedule  # noqa: F401  (fsrs: a first pass is rated)

        thread = threading.Thread(target=work, daemon=True, name="quizprep-warm-up")
        thread.start()
        return thread

    def grade(
        self,
        question: Question,
        source: str,
        cancel: threading.Event | None = None,
        *,
        started: float | None = None,
    ) -> GradeResult:
        """Grade the learner's code with a fresh seed (the one `prepare` chose, if it ran),
        record it, and schedule the question."""
        import secrets

        exercise = question.exercise
        assert exercise is not None
        with self._visit_lock:
            seed = self._next_seeds.pop(exercise.id, None)
        if seed is None:
            seed = secrets.randbelow(2**31)
        grader = self.grader_for(question)
        try:
            result = grader.grade_source(
                source, exercise, submission=f"{exercise.id}.py", seed=seed, cancel=cancel
            )
        finally:
            grader.forget(exercise, seed)  # never used again: the next run has its own seed
        seconds = time.monotonic() - started if started is not None else 0.0
        with self._visit_lock:
            self.store.record_exercise(
                question.id, exercise.id, result.status, result.score, seconds, seed, self.clock()
            )
            visit = self._visit(question)
            if result.status == "pass" and not visit.passed:
                visit.passed = True
                self._rate_exercise(question, visit, passed=True, seconds=seconds)
            else:
                visit.last_activity = self.clock()
        return result

    def leave_exercise(self, question: Question) -> None:
        """Leaving after failed runs and no pass rates the exercise a failure for now (a pass
        later in the same visit replaces it, counting the runs and hints before it)."""
        with self._visit_lock:
            visit = self._visit(question)
            runs = self.store.exercise_attempts(question.id, since=visit.round_start)
            if runs and visit.exercise is None:
                self._rate_exercise(question, visit, passed=False, seconds=0.0)

    def _rate_exercise(
        self, question: Question, visit: Visit, *, passed: bool, seconds: float
    ) -> None:
        from quizprep.progress.schedule import rating_for_exercise

        since = visit.round_start
        visit.exercise = rating_for_exercise(
            passed=passed,
            attempts=self.store.exercise_attempts(question.id, since=since),
            hints_used=self.store.hints_used(question.id, since=since),
            gave_up=self.store.gave_up(question.id, since=since),
            seconds=seconds,
        )
        self._rate(question, visit)

    def next_hint(self, question: Question) -> tuple[int, str] | None:
        """Record and return the next hint (number from 1), or None when all are shown."""
        exercise = question.exercise
        if exercise is None:
            return None
        used = self.store.hints_ever(question.id)
        if used >= len(exercise.hints):
            return None
        self.store.record_hint(question.id, self.clock())
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
        """Record a give-up; it rates the visit's exercise a failure."""
        with self._visit_lock:
            self.store.record_give_up(question.id, self.clock())
            self._rate_exercise(question, self._visit(question), passed=False, seconds=0.0)

    def reference_source(self, question: Question) -> str:
        """The trusted reference implementation's source, to show after a pass or give-up."""
        exercise = question.exercise
        assert exercise is not None
        return self.pack_of(question).reference_module(exercise).read_text(encoding="utf-8")

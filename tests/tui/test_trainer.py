"""The app's model without the UI: how what happened becomes a schedule."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
from quizprep.bank.schema import Question
from quizprep.progress import Rating
from quizprep.progress.store import ProgressStore
from quizprep.tui.trainer import Trainer, now

ROOT = Path(__file__).resolve().parents[2]
CORRECT = (ROOT / "tests/solutions/perceptron_step/loops.py").read_text()
WRONG = (ROOT / "reference/mutants/perceptron_step/sign_flipped.py").read_text()


@pytest.fixture
def trainer(tmp_path: Path, builtin_pack: Pack) -> Trainer:
    return Trainer([builtin_pack], ProgressStore(tmp_path / "p.sqlite3"), tmp_path / "ws")


def days_until_due(trainer: Trainer, question_id: str) -> float:
    due = trainer.store.next_due(question_id)
    assert due is not None
    return (due - now()).total_seconds() / 86400


def test_a_clean_first_pass_is_due_in_days(trainer: Trainer) -> None:
    question = trainer.question("perceptron")
    assert question is not None
    assert trainer.grade(question, CORRECT).status == "pass"
    assert days_until_due(trainer, "perceptron") >= 1


def test_a_pass_after_failures_is_due_sooner_than_a_clean_pass(trainer: Trainer) -> None:
    question = trainer.question("perceptron")
    assert question is not None
    assert trainer.grade(question, WRONG).status == "fail"
    assert trainer.grade(question, WRONG).status == "fail"
    assert trainer.store.next_due("perceptron") is None  # one review per sitting, at its end
    assert trainer.grade(question, CORRECT).status == "pass"
    assert days_until_due(trainer, "perceptron") < 1  # rated Hard: three attempts


def test_repeated_passes_in_one_sitting_are_one_review(trainer: Trainer) -> None:
    question = trainer.question("perceptron")
    assert question is not None
    trainer.grade(question, CORRECT)
    first = trainer.store.next_due("perceptron")
    trainer.grade(question, CORRECT)
    trainer.grade(question, CORRECT)
    assert trainer.store.next_due("perceptron") == first


def test_leaving_after_failures_brings_it_back_within_the_hour(trainer: Trainer) -> None:
    question = trainer.question("perceptron")
    assert question is not None
    trainer.grade(question, WRONG)
    trainer.leave_exercise(question)
    assert days_until_due(trainer, "perceptron") < 1 / 24


def test_the_warm_up_readies_the_first_grade(trainer: Trainer) -> None:
    """What the app and `quizprep watch` start as they open, so that the first run waits for
    none of it: the graders, and a helper process for the references, which that run uses."""
    from quizprep.grading import trusted

    trainer.warm_up().join()
    spare = trusted._SPARE
    assert spare is not None and spare.process.poll() is None
    question = trainer.question("perceptron")
    assert question is not None and question.exercise is not None
    grader = trainer.grader_for(question)
    assert trainer.grade(question, CORRECT).status == "pass"
    assert grader.reference(question.exercise).runner._helpers == [spare]


def test_a_run_uses_the_cases_prepared_for_it(
    trainer: Trainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app prepares the next run of an exercise while the learner types (its fresh seed's
    cases and reference outputs), so the run itself only waits for the sandbox."""
    question = trainer.question("perceptron")
    assert question is not None and question.exercise is not None
    trainer.prepare(question).join()
    grader = trainer.grader_for(question)
    prepared = set(grader._cases)
    assert len(prepared) == 1

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run computed references while the learner waited")

    monkeypatch.setattr(grader._runner, "request", refuse)
    result = trainer.grade(question, CORRECT)
    assert result.status == "pass" and (question.exercise.id, result.seed) in prepared
    monkeypatch.undo()
    second = trainer.grade(question, CORRECT)  # nothing prepared: a fresh seed, computed now
    assert second.status == "pass" and second.seed != result.seed


def test_runs_leave_nothing_behind_in_memory(trainer: Trainer) -> None:
    """Each run's seed is never used again: what was computed for it (cases, the encoded
    cases, mutant outputs for the advice) is dropped after it, so a long session's memory stays
    flat (an exercise's cases reach ~0.7 MB a seed)."""
    question = trainer.question("perceptron")
    assert question is not None
    grader = trainer.grader_for(question)
    trainer.prepare(question).join()
    trainer.prepare(question).join()  # the exercise opened again before any run
    assert len(grader._cases) == 1
    for source in (WRONG, CORRECT, WRONG):
        trainer.grade(question, source)
    assert grader._cases == {} and grader._encoded == {}
    assert grader._mutant_outputs == {} and grader._mutant_failures == {}


def test_a_seed_taken_or_replaced_while_it_is_prepared_is_not_kept(
    trainer: Trainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run can take the prepared seed (and forget it) before its preparation ends, and the
    exercise can be prepared again meanwhile: neither leaves that seed's cases behind."""
    from quizprep.grading.grader import Grader

    question = trainer.question("perceptron")
    assert question is not None and question.exercise is not None
    grader = trainer.grader_for(question)
    entered, release = threading.Semaphore(0), threading.Event()
    original = Grader.cases

    def held(self: Grader, exercise: object, seed: int | None = None) -> object:
        if threading.current_thread().name == "quizprep-prepare":
            entered.release()
            release.wait()
        return original(self, exercise, seed)  # type: ignore[arg-type]

    monkeypatch.setattr(Grader, "cases", held)
    first = trainer.prepare(question)
    entered.acquire()
    taken = trainer.grade(question, CORRECT)  # takes the seed being prepared, then forgets it
    second = trainer.prepare(question)
    third = trainer.prepare(question)  # replaces the second
    release.set()
    for thread in (first, second, third):
        thread.join()
    kept = set(grader._cases)
    assert (question.exercise.id, taken.seed) not in kept and len(kept) == 1
    assert trainer.grade(question, CORRECT).seed in {seed for _, seed in kept}


def test_the_apps_fresh_seeds_leave_nothing_in_the_reference_cache(
    trainer: Trainer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each run has a seed of its own, never looked up again: its reference outputs are not
    written to the cache on disk (which would only grow)."""
    monkeypatch.setenv("QUIZPREP_CACHE", str(tmp_path / "cache"))
    question = trainer.question("perceptron")
    assert question is not None
    trainer.prepare(question).join()
    trainer.grade(question, CORRECT)
    trainer.grade(question, WRONG)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.*"))


def test_hints_and_the_reference(trainer: Trainer) -> None:
    question = trainer.question("perceptron")
    assert question is not None and question.exercise is not None
    assert trainer.next_hint(question) == (1, question.exercise.hints[0])
    assert trainer.shown_hints(question) == question.exercise.hints[:1]
    assert not trainer.may_see_reference(question)
    trainer.give_up(question)
    assert trainer.may_see_reference(question)
    assert "def reference(" in trainer.reference_source(question)
    assert days_until_due(trainer, "perceptron") < 1 / 24


def test_the_workspace_file_keeps_the_learners_work(trainer: Trainer) -> None:
    question = trainer.question("gru")
    assert question is not None and question.exercise is not None
    path = trainer.exercise_file(question.exercise)
    assert path.read_text() == question.exercise.starter
    path.write_text("my work")
    assert trainer.exercise_file(question.exercise).read_text() == "my work"


def test_mock_questions_lean_to_weak_topics(
    trainer: Trainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    mastered = {topic: 1.0 for topic in {q.topic for q in trainer.questions}}
    monkeypatch.setattr(
        trainer.store, "topic_mastery", lambda questions, now: mastered | {"cnn": 0.0}
    )
    picks = [q.topic for seed in range(40) for q in trainer.mock_questions(3, random.Random(seed))]
    assert picks.count("cnn") > len(picks) * 0.6  # the weak topic dominates
    assert len(set(picks)) > 1  # but mastered topics still come up now and then


def ratings(trainer: Trainer, question_id: str) -> list[Rating]:
    """The ratings the scheduler got for a question, oldest first."""
    conn = sqlite3.connect(trainer.store.path)
    try:
        rows = conn.execute(
            "SELECT rating FROM reviews WHERE question_id = ? ORDER BY id", (question_id,)
        ).fetchall()
    finally:
        conn.close()
    return [Rating(rating) for (rating,) in rows]


def opened(trainer: Trainer, question_id: str) -> Question:
    question = trainer.question(question_id)
    assert question is not None
    trainer.open_question(question)
    return question


def test_five_wrong_tries_in_one_visit_are_one_failed_review(trainer: Trainer) -> None:
    lstm = opened(trainer, "lstm")
    for _ in range(5):
        trainer.record_quiz(lstm, 0, "choice", False, "1", 8.0)
    assert ratings(trainer, "lstm") == [Rating.Again]
    assert trainer.store.history(1, now())[-1].attempts == 5  # every answer is kept


def test_a_visit_is_rated_once_from_its_quiz_outcomes(trainer: Trainer) -> None:
    gru = opened(trainer, "gru")
    trainer.record_quiz(gru, 0, "choice", True, "0", 5.0)
    trainer.record_quiz(gru, 1, "choice", True, "3", 5.0)
    trainer.leave_question(gru)
    assert ratings(trainer, "gru") == [Rating.Good]  # all right at the first try

    trainer.open_question(gru)
    trainer.record_quiz(gru, 0, "choice", True, "0", 5.0)
    trainer.record_quiz(gru, 1, "choice", True, "3", 5.0, tries=2)
    trainer.leave_question(gru)
    assert ratings(trainer, "gru") == [Rating.Good, Rating.Hard]  # right after a second try

    trainer.open_question(gru)
    trainer.record_quiz(gru, 0, "choice", True, "0", 5.0)
    trainer.record_quiz(gru, 1, "choice", False, "4", 5.0, tries=2)
    trainer.leave_question(gru)
    assert ratings(trainer, "gru") == [Rating.Good, Rating.Hard, Rating.Again]  # any wrong


def test_a_wrong_first_try_then_right_is_hard_whoever_counts_the_tries(trainer: Trainer) -> None:
    gru = opened(trainer, "gru")
    trainer.record_quiz(gru, 0, "choice", False, "1", 5.0)
    assert trainer.store.due(["gru"], now() + timedelta(hours=1)) == ["gru"]  # Again, for now
    trainer.record_quiz(gru, 0, "choice", True, "0", 5.0)  # the widget said tries=1 again
    assert ratings(trainer, "gru") == [Rating.Hard]


def test_self_ratings_join_the_visit_and_the_weakest_part_wins(trainer: Trainer) -> None:
    gru = opened(trainer, "gru")
    trainer.record_self_rating(gru, 4, "gates decide what to keep", 4, 20.0)
    trainer.record_quiz(gru, 0, "choice", True, "0", 5.0)
    assert ratings(trainer, "gru") == [Rating.Good]
    trainer.record_self_rating(gru, 4, "gates decide what to keep", 2, 20.0)
    assert ratings(trainer, "gru") == [Rating.Hard]


def test_quiz_and_exercise_in_one_visit_are_one_review(trainer: Trainer) -> None:
    perceptron = opened(trainer, "perceptron")
    assert trainer.grade(perceptron, WRONG).status == "fail"
    trainer.record_quiz(perceptron, 0, "choice", True, "0", 5.0)
    assert ratings(trainer, "perceptron") == [Rating.Good]
    assert trainer.grade(perceptron, CORRECT).status == "pass"
    # the pass came after a failed run in the same visit: Hard, although a quiz review came
    # between them
    assert ratings(trainer, "perceptron") == [Rating.Hard]
    trainer.record_quiz(perceptron, 1, "numeric", False, "7", 5.0)
    assert ratings(trainer, "perceptron") == [Rating.Again]


def test_an_unopened_visit_ends_after_an_hour_without_answers(trainer: Trainer) -> None:
    clock = [now()]
    trainer.clock = lambda: clock[0]
    gru = trainer.question("gru")
    assert gru is not None
    trainer.record_self_rating(gru, -1, "from a mock interview", 3, 60.0)
    clock[0] += timedelta(minutes=30)
    trainer.record_self_rating(gru, -1, "from a mock interview", 3, 60.0)
    assert ratings(trainer, "gru") == [Rating.Good]
    clock[0] += timedelta(hours=2)
    trainer.record_self_rating(gru, -1, "from a mock interview", 3, 60.0)
    assert ratings(trainer, "gru") == [Rating.Good, Rating.Good]


def test_a_question_is_done_when_its_exercise_passed(trainer: Trainer) -> None:
    done, total = trainer.done_count()
    assert (done, total) == (0, len(trainer.questions)) and total >= 56
    perceptron = opened(trainer, "perceptron")
    for index, item in enumerate(perceptron.quiz):  # a right quiz alone is not enough
        trainer.record_quiz(perceptron, index, item.kind, True, "right", 5.0)
    assert trainer.done_count() == (0, total)
    assert trainer.grade(perceptron, CORRECT).status == "pass"
    assert trainer.done_count() == (1, total) and trainer.done_ids() == {"perceptron"}


def test_due_at_and_next_review(trainer: Trainer) -> None:
    assert trainer.next_review() is None
    gru = opened(trainer, "gru")
    trainer.record_quiz(gru, 0, "choice", False, "1", 5.0)
    assert trainer.due_at(gru) == trainer.next_review() == trainer.store.next_due("gru")
    trainer.clock = lambda: now() + timedelta(hours=1)
    assert trainer.due() == [gru] and trainer.next_review() is None  # due now: not "next"

"""The app's model without the UI: how what happened becomes a schedule."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep.bank.pack import Pack
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

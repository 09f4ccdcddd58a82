"""Fixtures for progress tests: a store in a temporary QUIZPREP_HOME and a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizprep.bank.schema import Question
from quizprep.progress import ProgressStore

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def quizprep_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every progress test gets its own QUIZPREP_HOME: the real user data is never touched."""
    home = tmp_path / "home"
    monkeypatch.setenv("QUIZPREP_HOME", str(home))
    return home


@pytest.fixture
def store() -> Iterator[ProgressStore]:
    with ProgressStore() as opened:
        yield opened


def question(question_id: str, topic: str = "basics") -> Question:
    """A minimal valid question."""
    return Question.model_validate(
        {
            "id": question_id,
            "number": 1,
            "title": question_id,
            "topic": topic,
            "difficulty": "easy",
            "prompt": "Why?",
            "answer": "Because.",
        }
    )

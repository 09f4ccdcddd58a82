"""The second built-in pack, `modern` (issue 16): shipped and discovered like the classic bank,
listed after it, namespaced `modern/...`, its own topic group, and written to the bank's bar:
every question graded by an exercise, its claims sourced and proved by `python exec` blocks."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from quizprep.bank.catalog import load_catalog
from quizprep.bank.discovery import discover
from quizprep.bank.pack import load_pack, modern_pack_dir

MODERN = load_pack(modern_pack_dir())


def test_the_pack_has_thirty_questions_each_with_an_exercise() -> None:
    assert MODERN.meta.name == "modern" and MODERN.namespaced
    assert len(MODERN.questions) >= 30
    assert [q.number for q in MODERN.questions] == list(range(1, len(MODERN.questions) + 1))
    assert [q.id for q in MODERN.questions if q.exercise is None] == []


def test_it_is_discovered_as_built_in_after_the_classic_bank() -> None:
    sources, problems = discover(environ={}, entry_points=False)
    assert problems == []
    assert [s.origin for s in sources] == ["built-in", "built-in"]
    catalog = load_catalog(sources, [])
    names = [pack.meta.name for pack in catalog.packs]
    assert names == ["quizprep-builtin", "modern"]
    classic, modern = catalog.packs
    assert all("/" not in q.id for q in classic.questions)
    assert all(q.id.startswith("modern/") for q in modern.questions)


def test_quizprep_list_shows_it_after_the_classic_list() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizprep", "list"], capture_output=True, text=True, check=True
    )
    ids = [line.split()[1] for line in result.stdout.splitlines()[1:]]
    first_modern = next(i for i, qid in enumerate(ids) if qid.startswith("modern/"))
    assert all("/" not in qid for qid in ids[:first_modern])
    assert sum(qid.startswith("modern/") for qid in ids) == len(MODERN.questions)


def test_its_questions_are_their_own_topic_group() -> None:
    assert {q.topic for q in MODERN.questions} == {"modern"}


@pytest.mark.parametrize("question", MODERN.questions, ids=[q.id for q in MODERN.questions])
def test_each_answer_names_its_sources_and_proves_its_claims(question: object) -> None:
    answer = question.answer  # type: ignore[attr-defined]
    assert re.search(r"\b(19|20)\d\d\b", answer), "no source with a year"
    assert "```python exec" in answer, "no python exec block"

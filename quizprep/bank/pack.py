"""Packs: a folder with `pack.yaml`, question YAML files and a reference folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from quizprep.bank.schema import Exercise, PackMeta, Question
from quizprep.bank.yamlfile import load_yaml, validate
from quizprep.errors import PackError, SchemaError


@dataclass(frozen=True)
class LoadedQuestion:
    """A question and the file (and line of its exercise) it came from."""

    question: Question
    path: Path
    exercise_line: int | None = None


@dataclass(frozen=True)
class Pack:
    """A loaded, validated pack."""

    root: Path
    meta: PackMeta
    entries: tuple[LoadedQuestion, ...]
    reference_dir: Path = field(compare=False)

    @property
    def questions(self) -> list[Question]:
        """The questions, ordered by number."""
        return [entry.question for entry in self.entries]

    @cached_property
    def _by_exercise(self) -> dict[str, LoadedQuestion]:
        return {e.question.exercise.id: e for e in self.entries if e.question.exercise is not None}

    @property
    def exercises(self) -> list[Exercise]:
        """Every exercise of the pack, in question order."""
        return [e.question.exercise for e in self.entries if e.question.exercise is not None]

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id, or None."""
        entry = self._by_exercise.get(exercise_id)
        return entry.question.exercise if entry else None

    def find(self, key: str) -> Question | None:
        """A question by id, by number, or by its exercise id."""
        for question in self.questions:
            if key in (question.id, str(question.number)) or (
                question.exercise is not None and question.exercise.id == key
            ):
                return question
        return None

    def reference_module(self, exercise: Exercise) -> Path:
        """The trusted reference module of an exercise."""
        return self.reference_dir / f"{exercise.id}.py"

    def mutant_file(self, exercise: Exercise, mutant_name: str) -> Path:
        """The file of one known-wrong implementation."""
        return self.reference_dir / "mutants" / exercise.id / f"{mutant_name}.py"


def builtin_pack_dir() -> Path:
    """The built-in bank: `questions/` next to the package in a checkout, `_bank/` in a wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_bank" / "questions", here.parent / "questions"):
        if (candidate / "pack.yaml").is_file():
            return candidate
    raise PackError(f"the built-in bank is missing (looked in {here / '_bank'} and {here.parent})")


def load_pack(root: Path) -> Pack:
    """Load and validate every file of the pack at `root`; the first problem raises one line."""
    root = Path(root)
    if not (root / "pack.yaml").is_file() and (root / "questions" / "pack.yaml").is_file():
        root = root / "questions"  # a checkout of the bank itself: its pack.yaml is in questions/
    meta_path = root / "pack.yaml"
    if not meta_path.is_file():
        raise PackError(f"{root}: not a pack (no pack.yaml)")
    meta = validate(load_yaml(meta_path), PackMeta)
    question_dir = (root / meta.questions).resolve()
    reference_dir = (root / meta.reference).resolve()
    if not question_dir.is_dir():
        raise SchemaError(meta_path, None, "questions", f"{question_dir} is not a folder")
    files = sorted(p for p in question_dir.glob("*.yaml") if p.name != "pack.yaml")
    entries = [_load_question(path) for path in files]
    _check_unique(entries)
    entries.sort(key=lambda e: (e.question.number, e.question.id))
    return Pack(root=root, meta=meta, entries=tuple(entries), reference_dir=reference_dir)


def _load_question(path: Path) -> LoadedQuestion:
    loaded = load_yaml(path)
    question = validate(loaded, Question)
    return LoadedQuestion(question, path, loaded.line_of(["exercise"]))


def _check_unique(entries: Iterable[LoadedQuestion]) -> None:
    seen: dict[str, Path] = {}
    for entry in entries:
        question = entry.question
        keys = [f"id {question.id!r}", f"number {question.number}"]
        if question.exercise is not None:
            keys.append(f"exercise id {question.exercise.id!r}")
        for key in keys:
            if key in seen:
                raise SchemaError(entry.path, None, "", f"{key} is also used by {seen[key]}")
            seen[key] = entry.path

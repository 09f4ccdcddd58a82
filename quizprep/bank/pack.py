"""Packs: a folder with `pack.yaml`, question YAML files and a reference folder.

Question ids are namespaced by pack: a question `layer_norm` of the pack `normalisation` has the
id `normalisation/layer_norm` once loaded, so progress and look-ups never confuse two packs. The
built-in bank (`quizprep-builtin`) keeps its bare ids. Exercise ids stay as written: they name the
reference file and the learner's file, and a `Catalog` resolves them across packs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from quizprep import __version__
from quizprep.bank.builtin import builtin_pack_dir as builtin_pack_dir
from quizprep.bank.builtin import builtin_pack_dirs as builtin_pack_dirs
from quizprep.bank.builtin import modern_pack_dir as modern_pack_dir
from quizprep.bank.files import is_present, read_pack_file
from quizprep.bank.modeldata import ModelT, as_data, from_data
from quizprep.bank.schema import BUILTIN_PACK_NAME, Exercise, PackMeta, Question
from quizprep.bank.versions import in_range
from quizprep.bank.yamlfile import LoadedYaml, load_yaml, validate
from quizprep.bank.yamlfile import line_in as _line_in
from quizprep.errors import PackError, SchemaError

Lines = Mapping[tuple[str | int, ...], int]

MAX_QUESTION_FILES = 2000
"""The most question files a pack may have (the built-in bank has 56)."""


@dataclass(frozen=True)
class LoadedQuestion:
    """A question, the file it came from, and the line of each of its fields."""

    question: Question
    path: Path
    lines: Lines = field(default_factory=dict, compare=False, repr=False)
    local_id: str = ""

    @property
    def exercise_line(self) -> int | None:
        """The line of the question's exercise (read when asked: line tables load lazily)."""
        return self.line_of("exercise")

    def line_of(self, *loc: str | int) -> int | None:
        """The line of a field (`line_of("exercise", "mutants", 0)`), or of its nearest parent."""
        return _line_in(self.lines, loc)


@dataclass(frozen=True)
class Pack:
    """A loaded, validated pack."""

    root: Path
    meta: PackMeta
    entries: tuple[LoadedQuestion, ...]
    reference_dir: Path = field(compare=False)
    meta_path: Path | None = field(default=None, compare=False)
    meta_lines: Lines = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The pack's name, which is also its namespace."""
        return self.meta.name

    @property
    def namespaced(self) -> bool:
        """False only for the built-in bank, whose question ids stay bare."""
        return self.meta.name != BUILTIN_PACK_NAME

    def qualify(self, local: str) -> str:
        """`<pack>/<local>`: the name that picks this pack's question or exercise for sure."""
        return f"{self.meta.name}/{local}"

    @property
    def questions(self) -> list[Question]:
        """The questions, ordered by number (ids namespaced, see the module docstring)."""
        return [entry.question for entry in self.entries]

    @cached_property
    def _by_exercise(self) -> dict[str, LoadedQuestion]:
        return {e.question.exercise.id: e for e in self.entries if e.question.exercise is not None}

    @property
    def exercises(self) -> list[Exercise]:
        """Every exercise of the pack, in question order."""
        return [e.question.exercise for e in self.entries if e.question.exercise is not None]

    def exercise(self, exercise_id: str) -> Exercise | None:
        """The exercise with this id (bare, or qualified with the pack's name), or None."""
        entry = self._by_exercise.get(self._local(exercise_id))
        return entry.question.exercise if entry else None

    def entry(self, key: str) -> LoadedQuestion | None:
        """A question's entry by id, by number or by its exercise id; each may be qualified
        (`normalisation/layer_norm`, `normalisation/2`)."""
        local = self._local(key)
        for entry in self.entries:
            question = entry.question
            if local in (entry.local_id, question.id, str(question.number)) or (
                question.exercise is not None and question.exercise.id == local
            ):
                return entry
        return None

    def find(self, key: str) -> Question | None:
        """A question by id, by number, or by its exercise id (see `entry`)."""
        entry = self.entry(key)
        return entry.question if entry else None

    def _local(self, key: str) -> str:
        return key.removeprefix(f"{self.meta.name}/")

    def reference_module(self, exercise: Exercise) -> Path:
        """The trusted reference module of an exercise."""
        return self.reference_dir / f"{exercise.id}.py"

    def mutant_file(self, exercise: Exercise, mutant_name: str) -> Path:
        """The file of one known-wrong implementation."""
        return self.reference_dir / "mutants" / exercise.id / f"{mutant_name}.py"


def pack_root(root: Path) -> Path | None:
    """The folder holding `pack.yaml` for `root` (a checkout of the bank keeps it in
    `questions/`), or None when `root` is not a pack. A `pack.yaml` that is not a regular file
    still makes a pack, so that loading it says what is wrong with it."""
    root = Path(root)
    for candidate in (root, root / "questions"):
        if is_present(candidate / "pack.yaml"):
            return candidate
    return None


def load_pack(root: Path) -> Pack:
    """Load and validate every file of the pack at `root`; the first problem raises one line."""
    found = pack_root(root)
    if found is None:
        raise PackError(f"{root}: not a pack (no pack.yaml)")
    ((meta_file, meta),) = _load_checked(
        [found / "pack.yaml"], PackMeta, lambda f, meta: (f, _checked_meta(f, meta))
    )
    question_dir = _folder(meta_file, found, "questions", meta.questions)
    reference_dir = _folder(meta_file, found, "reference", meta.reference)
    if not question_dir.is_dir():
        raise SchemaError(
            meta_file.path,
            meta_file.line_of(["questions"]),
            "questions",
            f"{question_dir} is not a folder",
        )
    files = question_files(question_dir)
    if len(files) > MAX_QUESTION_FILES:
        raise SchemaError(
            meta_file.path,
            meta_file.line_of(["questions"]),
            "questions",
            f"{question_dir} holds {len(files):,} question files; a pack may have at most "
            f"{MAX_QUESTION_FILES:,}",
        )
    entries = _load_questions(files)
    _check_unique(entries)
    if meta.name != BUILTIN_PACK_NAME:
        entries = [_namespaced(entry, meta.name) for entry in entries]
    entries.sort(key=lambda e: (e.question.number, e.question.id))
    return Pack(
        root=found,
        meta=meta,
        entries=tuple(entries),
        reference_dir=reference_dir,
        meta_path=meta_file.path,
        meta_lines=meta_file.lines,
    )


def _folder(meta_file: LoadedYaml, root: Path, field_name: str, written: str) -> Path:
    """A folder named in pack.yaml, resolved (a loop of links is an error, not a crash)."""
    try:
        return (root / written).resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        line = meta_file.line_of([field_name])
        raise SchemaError(meta_file.path, line, field_name, f"cannot be used: {exc}") from None


def load_meta(meta_file: LoadedYaml) -> PackMeta:
    """Validate `pack.yaml`, and refuse a pack written for another version of quizprep."""
    return _checked_meta(meta_file, validate(meta_file, PackMeta))


def _checked_meta(meta_file: LoadedYaml, meta: PackMeta) -> PackMeta:
    """`meta`, unless it is for another version of quizprep."""
    if meta.quizprep is not None and not in_range(__version__, meta.quizprep):
        raise SchemaError(
            meta_file.path,
            meta_file.line_of(["quizprep"]),
            "quizprep",
            f"this pack needs quizprep {meta.quizprep}, but this is quizprep {__version__}: "
            "install a matching quizprep, or a version of the pack made for this one",
        )
    return meta


def question_files(question_dir: Path) -> list[Path]:
    """The question files of a pack's question folder, in name order."""
    return sorted(p for p in question_dir.glob("*.yaml") if p.name != "pack.yaml")


def _load_questions(files: Sequence[Path]) -> list[LoadedQuestion]:
    """Load and validate question files in order (the first problem raises)."""
    return _load_checked(files, Question, _loaded_question)


CheckedT = TypeVar("CheckedT")


def _load_checked(
    files: Sequence[Path], model: type[ModelT], check: Callable[[LoadedYaml, ModelT], CheckedT]
) -> list[CheckedT]:
    """`check` of each file and its data validated as `model`, in order (the first problem
    raises). When the parse cache holds exactly the files' bytes, the models come from it
    instead, validated when stored (`modeldata.from_data`): no parse, and no validator built."""
    from quizprep.bank.parsecache import ParseCache
    from quizprep.cachedir import default_directory

    cache = ParseCache(default_directory())
    if cache.directory is not None:
        cached = cache.get(files, [cache.fingerprint(path, read_pack_file(path)) for path in files])
        if cached is not None:
            try:
                return [check(entry, from_data(model, entry.data)) for entry in cached]
            except (SchemaError, ValueError):  # not what the files say: they speak instead
                pass
    stored: list[LoadedYaml] = []
    checked = []
    fingerprints = []  # of the bytes parsed now (a file may have changed since)
    for path in files:
        raw = read_pack_file(path)
        loaded = load_yaml(path, raw)
        validated = validate(loaded, model)
        checked.append(check(loaded, validated))
        if cache.directory is not None:
            fingerprints.append(cache.fingerprint(path, raw))
            stored.append(LoadedYaml(path, as_data(validated), loaded.lines))
    cache.put(fingerprints, stored)  # nothing when there is no cache
    return checked


def load_question(path: Path) -> LoadedQuestion:
    """Load and validate one question file."""
    return question_of(load_yaml(path))


def question_of(loaded: LoadedYaml) -> LoadedQuestion:
    """Validate one parsed question file."""
    return _loaded_question(loaded, validate(loaded, Question))


def _loaded_question(loaded: LoadedYaml, question: Question) -> LoadedQuestion:
    return LoadedQuestion(question, loaded.path, loaded.lines, local_id=question.id)


def _namespaced(entry: LoadedQuestion, namespace: str) -> LoadedQuestion:
    # The authored id was validated as an identifier; `<pack>/<id>` is built from two of them.
    qualified = entry.question.model_copy(update={"id": f"{namespace}/{entry.local_id}"})
    return LoadedQuestion(qualified, entry.path, entry.lines, entry.local_id)


def _check_unique(entries: Iterable[LoadedQuestion]) -> None:
    seen: dict[str, Path] = {}
    for entry in entries:
        question = entry.question
        keys: list[tuple[str, Sequence[str | int]]] = [
            (f"id {question.id!r}", ["id"]),
            (f"number {question.number}", ["number"]),
        ]
        if question.exercise is not None:
            keys.append((f"exercise id {question.exercise.id!r}", ["exercise", "id"]))
        for key, loc in keys:
            if key in seen:
                raise SchemaError(
                    entry.path,
                    entry.line_of(*loc),
                    ".".join(map(str, loc)),
                    f"{key} is also used by {seen[key]}",
                )
            seen[key] = entry.path

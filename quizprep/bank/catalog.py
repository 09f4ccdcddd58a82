"""Every pack a command works with, loaded side by side, and look-ups across them.

A broken pack does not take the others down: it becomes a one-line `PackProblem` and the rest
load. Look-ups never let one pack shadow another: `pack/id` picks, and a bare id that two packs
share is an error listing the qualified names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from quizprep.bank.discovery import PackSource, SourceProblem
from quizprep.bank.pack import Pack, load_pack, pack_root
from quizprep.bank.schema import Exercise, Question
from quizprep.errors import PackError, UsageError

FoundT = TypeVar("FoundT")


@dataclass(frozen=True)
class PackProblem:
    """A pack that was skipped, and why, in one line (`file:line: field: message`)."""

    origin: str
    message: str

    def line(self) -> str:
        """One line for a terminal or a notification."""
        return f"skipped a pack ({self.origin}): {self.message}"


@dataclass(frozen=True)
class Catalog:
    """The packs that loaded, where each came from, and the packs that did not."""

    packs: tuple[Pack, ...]
    origins: tuple[str, ...]
    problems: tuple[PackProblem, ...] = ()

    def origin_of(self, pack: Pack) -> str:
        """How `pack` was found (`built-in`, `--pack`, `QUIZPREP_PACKS`, `entry point ...`)."""
        return self.origins[self.packs.index(pack)]

    def pack_named(self, name: str) -> Pack | None:
        """The pack with this name, if one loaded."""
        return next((pack for pack in self.packs if pack.name == name), None)

    def find_question(self, key: str) -> tuple[Pack, Question]:
        """A question by id, number or exercise id, optionally qualified (`pack/key`)."""
        return self._find(key, "question", Pack.find)

    def find_exercise(self, key: str) -> tuple[Pack, Exercise]:
        """An exercise by id, optionally qualified (`pack/exercise_id`)."""
        return self._find(key, "exercise", Pack.exercise)

    def question_of_exercise(self, key: str) -> Question:
        """The question whose exercise `key` names (see `find_exercise`)."""
        pack, exercise = self.find_exercise(key)
        return next(q for q in pack.questions if q.exercise is exercise)

    def _find(
        self, key: str, kind: str, lookup: Callable[[Pack, str], FoundT | None]
    ) -> tuple[Pack, FoundT]:
        namespace, _, local = key.rpartition("/")
        if namespace:
            pack = self.pack_named(namespace)
            if pack is None:
                names = ", ".join(p.name for p in self.packs)
                raise UsageError(f"no pack named {namespace!r} (loaded: {names})")
            found = lookup(pack, local)
            if found is None:
                raise UsageError(f"no {kind} {local!r} in pack {namespace} (see `quizprep list`)")
            return pack, found
        candidates = [(pack, hit) for pack in self.packs if (hit := lookup(pack, key)) is not None]
        if not candidates:
            raise UsageError(f"no {kind} {key!r} (see `quizprep list`)")
        if len(candidates) > 1 and key.isdigit():
            # A bare number is the classic list's ("question 49"); `modern/49` names another's.
            classic = [(pack, hit) for pack, hit in candidates if not pack.namespaced]
            candidates = classic or candidates
        if len(candidates) > 1:
            names = ", ".join(pack.qualify(key) for pack, _ in candidates)
            raise UsageError(f"{kind} {key!r} is ambiguous: it is in {names}; use one of these")
        return candidates[0]


def exercise_owners(packs: Sequence[Pack]) -> dict[str, list[Pack]]:
    """Every exercise id, bare and qualified (`pack/id`), with the packs that have it."""
    owners: dict[str, list[Pack]] = {}
    for pack in packs:
        for exercise in pack.exercises:
            owners.setdefault(exercise.id, []).append(pack)
            owners.setdefault(pack.qualify(exercise.id), []).append(pack)
    return owners


def load_catalog(
    sources: Sequence[PackSource], source_problems: Sequence[SourceProblem] = ()
) -> Catalog:
    """Load every source's pack. The built-in bank must load, and an explicit folder that is
    not a pack is a PackError; any other broken pack is skipped with a one-line problem."""
    packs: list[Pack] = []
    origins: list[str] = []
    problems = [PackProblem(p.origin, p.message) for p in source_problems]
    seen_roots: set[Path] = set()
    for source in sources:
        root = pack_root(source.path)
        if root is None:
            if source.explicit or source.origin == "built-in":
                raise PackError(f"{source.path}: not a pack (no pack.yaml)")
            problems.append(PackProblem(source.origin, f"{source.path}: not a pack (no pack.yaml)"))
            continue
        if root.resolve() in seen_roots:
            continue
        seen_roots.add(root.resolve())
        try:
            pack = load_pack(root)
        except PackError as exc:
            if source.origin == "built-in":
                raise
            problems.append(PackProblem(source.origin, str(exc)))
            continue
        except Exception as exc:  # a pack is untrusted input: never let one stop the others
            if source.origin == "built-in":
                raise
            message = f"{root}: cannot be loaded ({type(exc).__name__}: {exc})"
            problems.append(PackProblem(source.origin, " ".join(message.split())[:500]))
            continue
        clash = next((other for other in packs if other.name == pack.name), None)
        if clash is not None:
            problems.append(
                PackProblem(
                    source.origin,
                    f"{root / 'pack.yaml'}: name: pack name {pack.name!r} is already used by "
                    f"{clash.root} ({origins[packs.index(clash)]})",
                )
            )
            continue
        packs.append(pack)
        origins.append(source.origin)
    return Catalog(tuple(packs), tuple(origins), tuple(problems))

"""The `quizprep` command: a thin layer over bank, grading and (later) the app.

Every QuizprepError becomes one line on stderr and exit code 2; grading exits 0 when every
submission passes and 1 when any does not. Heavy modules are imported inside the commands that
need them, so `quizprep --help` and `quizprep list` start fast (a test guards it).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quizprep import __version__
from quizprep.bank.pack import Pack, builtin_pack_dir, load_pack
from quizprep.bank.schema import TOPICS, Exercise, Question
from quizprep.errors import QuizprepError, UsageError

if TYPE_CHECKING:
    from quizprep.grading.grader import Grader
    from quizprep.grading.result import GradeResult


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="quizprep",
        description="Deep-learning interview trainer: questions, quizzes and graded coding "
        "exercises.",
    )
    parser.add_argument("--version", action="version", version=f"quizprep {__version__}")
    parser.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="DIR",
        dest="app_packs",
        help="with no command: open the trainer with the pack in DIR beside the "
        "built-in bank (repeatable)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    pack_option = {
        "action": "append",
        "default": [],
        "metavar": "DIR",
        "help": "also load the question pack in DIR (repeatable)",
    }
    listing = commands.add_parser("list", help="list the questions")
    listing.add_argument("--pack", **pack_option)  # type: ignore[arg-type]
    listing.add_argument("--format", choices=("table", "json"), default="table")

    show = commands.add_parser("show", help="show a question (by id, number or exercise id)")
    show.add_argument("question")
    show.add_argument("--answer", action="store_true", help="include the model answer")
    show.add_argument("--pack", **pack_option)  # type: ignore[arg-type]

    start = commands.add_parser("start", help="write an exercise's starter file to work on")
    start.add_argument("question", help="question id, number or exercise id")
    start.add_argument("dir", nargs="?", default=".", help="folder to write it in (default: .)")
    start.add_argument("--force", action="store_true", help="overwrite an existing file")
    start.add_argument("--pack", **pack_option)  # type: ignore[arg-type]

    grade = commands.add_parser("grade", help="grade solution files or folders of them")
    grade.add_argument("paths", nargs="+", metavar="PATH")
    grade.add_argument("--exercise", help="the exercise of every file (default: each file's stem)")
    grade.add_argument("--pack", **pack_option)  # type: ignore[arg-type]
    grade.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    grade.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    grade.add_argument("--seed", type=int, help="case seed (default: random, and reported)")
    grade.add_argument(
        "--timeout", type=float, help="seconds per submission (default: the exercise's)"
    )
    grade.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    grade.add_argument("--output", type=Path, help="write the report here instead of stdout")

    pack = commands.add_parser("pack", help="work with question packs")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    check = pack_commands.add_parser(
        "check", help="check a pack: schema, references, mutants, starters and answer blocks"
    )
    check.add_argument("dir", type=Path)
    check.add_argument("--seeds", type=int, default=20, help="seeds per reference (default 20)")
    check.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    check.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="ID",
        help="check only this question (id, number or exercise id; repeatable)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _no_command(args)
        handler = {"list": _list, "show": _show, "start": _start, "grade": _grade, "pack": _pack}[
            args.command
        ]
        return handler(args)
    except QuizprepError as exc:
        print(f"quizprep: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("quizprep: interrupted", file=sys.stderr)
        return 130


def _no_command(args: argparse.Namespace) -> int:
    """Open the trainer app."""
    packs = _packs(args)
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UsageError("the trainer needs a terminal; see `quizprep --help` for the commands")
    from quizprep.progress.store import ProgressStore
    from quizprep.tui.app import QuizprepApp
    from quizprep.tui.trainer import default_workspace

    app = QuizprepApp(packs, ProgressStore(), default_workspace())
    app.run()
    return 0


def _packs(args: argparse.Namespace) -> list[Pack]:
    """The built-in bank, then every `--pack` (before or after the command), in order."""
    extra = [*args.app_packs, *getattr(args, "pack", [])]
    return [load_pack(builtin_pack_dir()), *(load_pack(Path(d)) for d in extra)]


def _question_table(questions: Sequence[Question]) -> str:
    lines = [f"{'#':>3}  {'id':<22} {'topic':<14} {'exercise':<22} title"]
    for q in questions:
        lines.append(
            f"{q.number:>3}  {q.id:<22} {q.topic:<14} "
            f"{(q.exercise.id if q.exercise else '-'):<22} {q.title}"
        )
    return "\n".join(lines)


def _list(args: argparse.Namespace) -> int:
    questions = [q for pack in _packs(args) for q in pack.questions]
    if args.format == "json":
        rows = [
            {
                "id": q.id,
                "number": q.number,
                "title": q.title,
                "topic": q.topic,
                "exercise": q.exercise.id if q.exercise else None,
            }
            for q in questions
        ]
        print(json.dumps(rows, indent=2))
    else:
        print(_question_table(questions))
    return 0


def _find(packs: Sequence[Pack], key: str) -> Question:
    for pack in packs:
        question = pack.find(key)
        if question is not None:
            return question
    raise UsageError(f"no question {key!r} (see `quizprep list`)")


def _show(args: argparse.Namespace) -> int:
    question = _find(_packs(args), args.question)
    print(
        f"#{question.number} {question.title}   [{TOPICS[question.topic]}, {question.difficulty}]\n"
    )
    print(question.prompt.strip() + "\n")
    if args.answer:
        print("## Model answer\n\n" + question.answer.strip() + "\n")
        for note in question.notes:
            print(f"- {note}")
    if question.exercise is not None:
        exercise = question.exercise
        print(f"## Exercise `{exercise.id}`: {exercise.signature}\n")
        print(exercise.task.strip())
        print(f"\nStart it with `quizprep start {exercise.id}`.")
    return 0


def _start(args: argparse.Namespace) -> int:
    question = _find(_packs(args), args.question)
    if question.exercise is None:
        raise UsageError(f"question {question.id!r} has no coding exercise")
    exercise = question.exercise
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{exercise.id}.py"
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists (your work is kept; use --force to replace it)")
    target.write_text(exercise.starter, encoding="utf-8")
    print(f"Wrote {target}. Implement {exercise.function}{_signature_args(exercise)}, then run:")
    print(f"  quizprep grade {target}")
    return 0


def _signature_args(exercise: Exercise) -> str:
    return exercise.signature.split("->")[0].strip() if exercise.signature.startswith("(") else "()"


def _submissions(
    paths: Sequence[str], exercise: str | None, known: set[str]
) -> tuple[list[tuple[Path, str, str | None]], list[Path]]:
    """(file, exercise id, learner) for each submission, and the files that match no exercise."""
    found: list[tuple[Path, str, str | None]] = []
    skipped: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.append((path, exercise or path.stem, None))
        elif path.is_dir():
            for file in sorted(path.rglob("*.py")):
                relative = file.relative_to(path)
                exercise_id = exercise or file.stem
                if exercise_id not in known:
                    skipped.append(file)
                    continue
                learner = relative.parts[0] if len(relative.parts) > 1 else None
                found.append((file, exercise_id, learner))
        else:
            raise UsageError(f"{path}: no such file or folder")
    return found, skipped


def _grade(args: argparse.Namespace) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from quizprep.grading.grader import Grader
    from quizprep.grading.report import render

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be > 0")
    packs = _packs(args)
    owner = {e.id: pack for pack in packs for e in pack.exercises}  # a later pack overrides
    if args.exercise and args.exercise not in owner:
        raise UsageError(f"no exercise {args.exercise!r} (known: {', '.join(sorted(owner))})")
    submissions, skipped = _submissions(args.paths, args.exercise, set(owner))
    for file in skipped:
        print(
            f"quizprep: skipped {file}: its name matches no exercise (use --exercise)",
            file=sys.stderr,
        )
    if not submissions:
        raise UsageError("no submissions to grade in " + ", ".join(args.paths))
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    graders = {
        id(pack): Grader(pack, seed=seed, device=args.device, timeout=args.timeout)
        for pack in packs
    }

    def grader_for(exercise_id: str) -> Grader:
        return graders[id(owner[exercise_id])]

    for exercise_id in {e for _, e, _ in submissions}:  # fail fast on a broken reference
        grader = grader_for(exercise_id)
        grader.cases(grader.exercise(exercise_id))
    if args.device == "cuda":
        graders[id(packs[0])].device_for(uses_torch=True)

    def grade_one(item: tuple[Path, str, str | None]) -> GradeResult:
        path, exercise_id, learner = item
        return grader_for(exercise_id).grade_file(path, exercise_id, learner=learner)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(grade_one, submissions))
    text = render(results, args.format)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        passed = sum(r.status == "pass" for r in results)
        print(f"{passed}/{len(results)} passed; report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0 if all(r.status == "pass" for r in results) else 1


def _pack(args: argparse.Namespace) -> int:
    from quizprep.grading.packcheck import check_pack

    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    if args.device == "cuda":
        from quizprep.grading.grader import resolve_device

        resolve_device("cuda")
    failures = 0
    for report in check_pack(args.dir, seeds=args.seeds, device=args.device, only=args.only):
        print(report.line(), flush=True)
        failures += not report.ok
    verdict = f"FAILED, {failures} item(s) with problems" if failures else "all good"
    print(f"pack check: {verdict}")
    return 1 if failures else 0

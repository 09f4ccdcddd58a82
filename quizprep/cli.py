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
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from quizprep import __version__
from quizprep.errors import QuizprepError, UsageError
from quizprep.grading import FORMATS

if TYPE_CHECKING:
    from quizprep.bank.catalog import Catalog
    from quizprep.bank.pack import Pack
    from quizprep.bank.schema import Exercise, Question
    from quizprep.grading.batch import Shard, Submission
    from quizprep.grading.grader import Grader
    from quizprep.grading.result import GradeResult
    from quizprep.sandbox.pool import Probe

DEFAULT_RESULTS = Path("quizprep-results.jsonl")
"""Where `quizprep grade` appends results when it grades a folder and no --results is given."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake said in one line (the usage is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(
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
    start.add_argument(
        "--notebook",
        action="store_true",
        help="write a Jupyter notebook (the task, the starter in a %%%%quizprep cell) instead",
    )
    start.add_argument("--pack", **pack_option)  # type: ignore[arg-type]

    grade = commands.add_parser(
        "grade",
        help="grade solution files or folders of them (`grade merge` combines results files)",
        epilog="`quizprep grade merge FILE...` combines results files, e.g. of --shard runs.",
    )
    grade.add_argument("paths", nargs="+", metavar="PATH")
    grade.add_argument(
        "--exercise",
        action="append",
        help="the exercise of every file (default: each file's stem, or a notebook's "
        "%%%%quizprep cells); repeat it to grade each file for several exercises",
    )
    grade.add_argument("--pack", **pack_option)  # type: ignore[arg-type]
    grade.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    grade.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="submissions graded at once (default: the CPU count)",
    )
    grade.add_argument("--seed", type=int, help="case seed (default: random, and reported)")
    grade.add_argument(
        "--timeout",
        type=float,
        help="CPU seconds per submission, all its processes together (default: the exercise's)",
    )
    grade.add_argument(
        "--case-timeout",
        type=float,
        metavar="S",
        help="CPU seconds per case (default: the exercise's)",
    )
    grade.add_argument(
        "--allow-weak-sandbox",
        action="store_true",
        help="grade even where isolating sandbox layers are missing (see quizprep doctor)",
    )
    grade.add_argument("--format", choices=FORMATS, default="table")
    grade.add_argument("--output", type=Path, help="write the report here instead of stdout")
    grade.add_argument(
        "--results",
        type=Path,
        metavar="FILE.jsonl",
        help="append each result to FILE as it finishes, and reuse its rows for unchanged "
        f"submissions (default when grading a folder: {DEFAULT_RESULTS}, without reuse)",
    )
    grade.add_argument("--no-results", action="store_true", help="write no results file")
    grade.add_argument(
        "--resume",
        action="store_true",
        help="finish an interrupted run: its seed (unless --seed) and rows are reused",
    )
    grade.add_argument(
        "--max-source-bytes",
        type=int,
        default=1 << 20,
        metavar="N",
        help="a submission over N bytes is invalid, and never read (default: 1 MB)",
    )
    grade.add_argument(
        "--shard",
        metavar="K/N",
        help="grade only shard K of N (1-based): a stable 1/N of the submissions",
    )
    merge = commands.add_parser(  # no help=: reached as `grade merge` (see _grade_merge_argv)
        "grade merge",
        prog="quizprep grade merge",
        description="Combine results files (e.g. one per --shard) into one report; for a "
        "submission in several files the later row wins.",
    )
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE")
    merge.add_argument("--format", choices=FORMATS, default="table")
    merge.add_argument("--output", type=Path, help="write the report here instead of stdout")

    doctor = commands.add_parser(
        "doctor", help="show which sandbox layers protect graded code on this machine"
    )
    doctor.add_argument("--torch", action="store_true", help="also start the PyTorch workers")
    doctor.add_argument("--format", choices=("text", "json"), default="text")
    doctor.add_argument("--pack", **pack_option)  # type: ignore[arg-type]

    _add_pack_commands(commands, pack_option)
    return parser


def _add_pack_commands(commands: Any, pack_option: dict[str, Any]) -> None:
    """`quizprep pack new | check | list | schema`."""
    watch = commands.add_parser(
        "watch", help="grade exercise files whenever they are saved (a warm sandbox, q quits)"
    )
    watch.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: your workspace)"
    )
    watch.add_argument("--pack", **pack_option)

    serve = commands.add_parser(
        "serve", help="serve the trainer in a web browser (one app process per browser tab)"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument("--pack", **pack_option)

    gradescope = commands.add_parser("gradescope", help="build a Gradescope autograder")
    gradescope_commands = gradescope.add_subparsers(
        dest="gradescope_command", metavar="ACTION", required=True
    )
    autograder = gradescope_commands.add_parser(
        "build", help="write autograder.zip: setup.sh, run_autograder, quizprep and the packs"
    )
    autograder.add_argument(
        "--exercise", action="append", required=True, help="an exercise to grade (repeatable)"
    )
    autograder.add_argument(
        "--points", action="append", default=[], metavar="ID=P", help="an exercise's points (1)"
    )
    autograder.add_argument(
        "--hidden",
        action="append",
        default=[],
        metavar="ID",
        help="hide the exercise's test from students until the due date (repeatable)",
    )
    autograder.add_argument("--seed", type=int, help="case seed (default: new on every run)")
    autograder.add_argument("--output", type=Path, default=Path("autograder.zip"))
    autograder.add_argument("--pack", **pack_option)

    pack = commands.add_parser("pack", help="write, check and list question packs")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    new = pack_commands.add_parser(
        "new", help="write a new pack, with one complete example question, to edit"
    )
    new.add_argument("name", help="the pack's name: lower case, digits, '-' and '_'")
    new.add_argument("dir", nargs="?", type=Path, help="where to write it (default: ./NAME)")
    new.add_argument("--author", help="the author named in pack.yaml (default: your user name)")
    new.add_argument("--description", help="one line about the pack, for pack.yaml")

    check = pack_commands.add_parser(
        "check",
        help="check a pack: schema, references, mutants, starters, tolerances, answer blocks",
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
    check.add_argument("--pack", **pack_option)

    listing = pack_commands.add_parser(
        "list", help="the packs found: built-in, --pack, $QUIZPREP_PACKS and installed ones"
    )
    listing.add_argument("--pack", **pack_option)
    listing.add_argument("--format", choices=("table", "json"), default="table")

    schema = pack_commands.add_parser(
        "schema", help="print the JSON Schema of question files (or of pack.yaml)"
    )
    schema.add_argument("kind", nargs="?", choices=("question", "pack"), default="question")
    schema.add_argument("--output", type=Path, help="write it to this file instead of stdout")


def program() -> NoReturn:
    """The `quizprep` program (`python -m quizprep` too): `main`, then exit."""
    from quizprep.sandbox import ONE_THREAD

    # A stream closed before we started (`<&- >&-` from a job runner) is None in Python: it
    # becomes /dev/null, on its own descriptor, so nothing writes to None or lands on 0-2.
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode))  # noqa: SIM115 (for the whole run)

    for name, value in ONE_THREAD.items():  # before NumPy loads: it only compares here
        os.environ.setdefault(name, value)
    sys.exit(main(whole_process=True))


QUICK_EXIT_COMMANDS = ("grade",)
"""Commands after which the program exits without tearing the interpreter down (~30 ms of a
cold single-file grade): their files are written and closed when they return."""


def main(argv: Sequence[str] | None = None, *, whole_process: bool = False) -> int:
    """Run the command line; return the exit code. `whole_process`: nothing else runs in this
    process, so a command in QUICK_EXIT_COMMANDS may end it at once (see `_quick_exit`)."""
    parser = build_parser()
    args = parser.parse_args(_grade_merge_argv(sys.argv[1:] if argv is None else list(argv)))
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe is found here, not at interpreter exit
        if whole_process and args.command in QUICK_EXIT_COMMANDS:
            _quick_exit(code)
        return code
    except BrokenPipeError:
        # the reader went away (`quizprep list | head`): stop quietly, as a program that
        # SIGPIPE ended does, and keep Python from complaining when it flushes at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 128 + signal.SIGPIPE


def _quick_exit(code: int) -> None:
    """End the process with `code` once the exit handlers (the sandbox pool's) have run,
    skipping the interpreter's teardown; returns instead when some other thread still runs
    (it would be cut off)."""
    import atexit
    import threading

    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        return
    sys.stderr.flush()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            return _no_command(args)
        handler = {
            "list": _list,
            "show": _show,
            "start": _start,
            "grade": _grade,
            "grade merge": _grade_merge,
            "pack": _pack,
            "doctor": _doctor,
            "gradescope": _gradescope_build,
            "serve": _serve,
            "watch": _watch,
        }[args.command]
        return handler(args)
    except QuizprepError as exc:
        print(f"quizprep: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("quizprep: interrupted", file=sys.stderr)
        return 130


def _no_command(args: argparse.Namespace) -> int:
    """Open the trainer app."""
    catalog = _catalog(args)
    in_browser = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # under `quizprep serve`
    if not in_browser and (not sys.stdin.isatty() or not sys.stdout.isatty()):
        raise UsageError("the trainer needs a terminal; see `quizprep --help` for the commands")
    from quizprep.progress.store import ProgressStore
    from quizprep.tui.app import QuizprepApp
    from quizprep.tui.trainer import default_workspace

    notices = [problem.line() for problem in catalog.problems]
    app = QuizprepApp(list(catalog.packs), ProgressStore(), default_workspace(), notices=notices)
    app.run()
    return 0


def _packs(args: argparse.Namespace) -> list[Pack]:
    """The packs that load (see `_catalog`), the built-in bank first."""
    return list(_catalog(args).packs)


def _catalog(args: argparse.Namespace) -> Catalog:
    """The built-in bank, every `--pack` (before or after the command), `$QUIZPREP_PACKS` and
    installed packs. A pack that does not load is one warning line, and the others go on."""
    from quizprep.bank.catalog import load_catalog
    from quizprep.bank.discovery import discover

    sources, source_problems = discover([*args.app_packs, *getattr(args, "pack", [])])
    catalog = load_catalog(sources, source_problems)
    for problem in catalog.problems:
        _warn(problem.line())
    return catalog


def _question_table(questions: Sequence[Question]) -> str:
    rows = [
        (str(q.number), q.id, q.topic, q.exercise.id if q.exercise else "-", q.title)
        for q in questions
    ]
    header = ("#", "id", "topic", "exercise", "title")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    return "\n".join(
        f"{number:>{widths[0]}}  {qid:<{widths[1]}} {topic:<{widths[2]}} "
        f"{exercise:<{widths[3]}} {title}"
        for number, qid, topic, exercise, title in [header, *rows]
    )


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


def _find(args: argparse.Namespace, key: str) -> tuple[Catalog, Pack, Question]:
    """A question by id, number or exercise id (`pack/key` picks the pack)."""
    catalog = _catalog(args)
    pack, question = catalog.find_question(key)
    return catalog, pack, question


def _show(args: argparse.Namespace) -> int:
    """A question (and with --answer its model answer), its TeX math as readable text."""
    from quizprep.bank.mathtext import readable
    from quizprep.bank.schema import TOPICS

    _, pack, question = _find(args, args.question)
    print(
        f"#{question.number} {question.title}   [{TOPICS[question.topic]}, {question.difficulty}]\n"
    )
    print(readable(question.prompt).strip() + "\n")
    if args.answer:
        print("## Model answer\n\n" + readable(question.answer).strip() + "\n")
        for note in question.notes:
            print(f"- {readable(note)}")
    if question.exercise is not None:
        exercise = question.exercise
        print(f"## Exercise `{exercise.id}`: {exercise.signature}\n")
        print(readable(exercise.task).strip())
        name = pack.qualify(exercise.id) if pack.namespaced else exercise.id
        print(f"\nStart it with `quizprep start {name}`.")
    return 0


def _start(args: argparse.Namespace) -> int:
    catalog, pack, question = _find(args, args.question)
    if question.exercise is None:
        raise UsageError(f"question {question.id!r} has no coding exercise")
    exercise = question.exercise
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{exercise.id}.{'ipynb' if args.notebook else 'py'}"
    if target.exists() and not args.force:
        raise UsageError(f"{target} already exists (your work is kept; use --force to replace it)")
    from_option = catalog.origin_of(pack) == "--pack"
    if args.notebook:
        from quizprep.grading.notebook import starter_notebook

        checked_as = pack.qualify(exercise.id) if pack.namespaced else exercise.id
        target.write_text(starter_notebook(question, checked_as), encoding="utf-8")
        print(f"Wrote {target}. Open it in Jupyter; running its last cell grades it.")
    else:
        target.write_text(exercise.starter, encoding="utf-8")
        print(
            f"Wrote {target}. Implement {exercise.function}{_signature_args(exercise)}, then run:"
        )
    print(f"  quizprep grade {target}" + (f" --pack {pack.root}" if from_option else ""))
    return 0


def _signature_args(exercise: Exercise) -> str:
    return exercise.signature.split("->")[0].strip() if exercise.signature.startswith("(") else "()"


def _grade_merge_argv(argv: list[str]) -> list[str]:
    """`grade merge FILE...` runs the merge command, unless a file or folder named `merge` is
    here: then it is graded, as before `grade merge` existed."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        index += 2 if argv[index] == "--pack" else 1
    if argv[index : index + 2] == ["grade", "merge"] and not Path("merge").exists():
        return [*argv[:index], "grade merge", *argv[index + 2 :]]
    return argv


def _warn(message: str) -> None:
    print(f"quizprep: warning: {message}", file=sys.stderr)


def _start_sandbox(*, allow_weak: bool, kind: str = "numpy") -> Probe:
    """Start the sandbox in the background, before the packs load (its zygote boots meanwhile):
    a probe job through the real jail of `kind`, which `_require_sandbox` waits for."""
    from quizprep.sandbox.pool import shared_pool

    pool = shared_pool()
    pool.allow_weak = pool.allow_weak or allow_weak
    return pool.check_in_background(kind)


def _require_sandbox(probe: Probe) -> None:
    """Refuse to grade, in one line, where the sandbox cannot isolate submissions (unless weak
    sandboxes are allowed, which is said in a warning instead)."""
    from quizprep.errors import SandboxError
    from quizprep.sandbox.pool import ZygoteError, shared_pool

    try:
        missing = probe.result()
    except ZygoteError as exc:
        if not shared_pool().allow_weak:
            raise SandboxError(str(exc)) from exc
        missing = [f"the warm sandbox ({exc})"]
    if missing:
        _warn(f"grading in a weak sandbox, without: {', '.join(missing)}")


FEW_SUBMISSIONS = 4
"""Up to this many submissions, torch's kernels are loaded by the jobs that use them rather
than all up front (see `WorkerPool.warm_up`)."""


def _start_grading_sandbox(args: argparse.Namespace) -> Probe:
    """Start the sandbox for `quizprep grade` before anything else: a learner's one file is
    graded in about the time its zygote takes to boot (torch's: ~1 s), so the packs load
    meanwhile. When a handful of files is named one by one, a glance at them (a bounded read
    of each, for this hint only) picks the zygotes: torch's alone when each names torch, and
    torch without its batch warm-up; without --seed the cases are new, so the helper that
    computes their references starts now too. Folders get NumPy's zygote now and torch's once
    the submissions in them are known (`_warm_sandbox`)."""
    from quizprep.bank.files import peek_regular
    from quizprep.sandbox.pool import shared_pool

    paths = [Path(p) for p in args.paths]
    if len(paths) * max(1, len(args.exercise or [])) > FEW_SUBMISSIONS or any(
        p.is_dir() for p in paths
    ):
        return _start_sandbox(allow_weak=args.allow_weak_sandbox)
    sources = [peek_regular(p, limit=args.max_source_bytes) for p in paths]
    torch = [source is not None and b"torch" in source for source in sources]
    pool = shared_pool()
    pool.warm_up = False  # a handful: each job loads the kernels it uses
    kind = "torch" if all(torch) else "numpy"
    pool.start(kind)  # spawned; no thread yet, so that the helper can be forked
    if args.seed is None and not args.resume:  # fresh cases: the references are computed
        from quizprep.grading.trusted import start_spare_helper

        args.fresh_seed = secrets.randbelow(2**31)
        start_spare_helper(_remembered_request(args, paths))
    probe = _start_sandbox(allow_weak=args.allow_weak_sandbox, kind=kind)
    if any(torch) and not all(torch):
        pool.warm(["torch"])
    return probe


def _remembered_request(args: argparse.Namespace, paths: Sequence[Path]) -> dict[str, Any] | None:
    """For one Python file, the request its references will need, as its exercise's last cold
    grade made it (`refhints`), with this run's seed."""
    if len(paths) != 1 or paths[0].suffix != ".py" or len(args.exercise or []) > 1:
        return None
    from quizprep.grading import refhints

    exercise = args.exercise[0] if args.exercise else paths[0].stem
    return refhints.recall(exercise, args.fresh_seed)


def _remember_request(grader: Grader, exercise_id: str) -> None:
    """Keep the request a cold grade of one file sent for its references (see `refhints`)."""
    from quizprep.grading import refhints

    exercise = grader.exercise(exercise_id)
    module = grader.reference(exercise)
    limits = module.limits
    refhints.remember(
        exercise.id, module.path, limits.seconds, limits.memory_mb, exercise.random_cases
    )


def _warm_sandbox(submissions: Sequence[Submission]) -> None:
    """Start the sandbox's warm workers in the background while references are computed:
    PyTorch's if some submission mentions torch, NumPy's if some does not (read with the
    batch's bounds: never a FIFO, a link or an oversized file). Any other starts on demand."""
    from quizprep.grading.batch import mentions_torch
    from quizprep.sandbox.pool import shared_pool

    torch = [mentions_torch(submission) for submission in submissions]
    kinds = [kind for kind, wanted in (("numpy", not all(torch)), ("torch", any(torch))) if wanted]
    pool = shared_pool()
    pool.warm_up = len(submissions) > FEW_SUBMISSIONS  # a handful loads only what it uses
    pool.warm(kinds)


def _grade(args: argparse.Namespace) -> int:
    for option in ("timeout", "case_timeout"):
        if getattr(args, option) is not None and getattr(args, option) <= 0:
            raise UsageError(f"--{option.replace('_', '-')} must be > 0")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.seed is not None and not 0 <= args.seed < 2**63:
        raise UsageError(f"--seed must be a whole number from 0 to 2**63 - 1, not {args.seed}")
    if args.no_results and (args.results or args.resume):
        raise UsageError("--no-results cannot go with --results or --resume")
    if args.max_source_bytes < 1:
        raise UsageError("--max-source-bytes must be at least 1")
    probe = _start_grading_sandbox(args)  # first: it boots while the rest loads

    from contextlib import nullcontext

    from quizprep.bank.catalog import exercise_owners
    from quizprep.grading import batch
    from quizprep.grading.batchprogress import QuietProgress, RichProgress
    from quizprep.grading.grader import Grader
    from quizprep.grading.result import printable_name

    shard = batch.Shard.parse(args.shard) if args.shard else None
    packs = _packs(args)
    owners = exercise_owners(packs)
    for wanted in args.exercise or []:
        if wanted not in owners:
            known = ", ".join(sorted(k for k in owners if "/" not in k))
            raise UsageError(f"no exercise {wanted!r} (known: {known})")
    submissions, skipped = batch.find_submissions(
        args.paths, args.exercise, set(owners), max_source_bytes=args.max_source_bytes
    )
    for submission in submissions:
        shown = printable_name(str(submission.path))
        if submission.exercise not in owners:
            raise UsageError(
                f"{shown}: its name says exercise {submission.exercise!r}, and there "
                "is none of that name; grade it with --exercise ID (see `quizprep list`)"
            )
        if len(owners[submission.exercise]) > 1:  # never let one pack shadow another
            names = ", ".join(p.qualify(submission.exercise) for p in owners[submission.exercise])
            raise UsageError(
                f"{shown}: exercise {submission.exercise!r} is in several packs "
                f"({names}); grade it with --exercise and one of these"
            )
    for entry in skipped:
        print(
            f"quizprep: skipped {printable_name(str(entry.path))}: {entry.reason}", file=sys.stderr
        )
    if not submissions:
        raise UsageError("no submissions to grade in " + ", ".join(args.paths))
    if shard is not None:
        everything = len(submissions)
        submissions = [s for s in submissions if shard.holds(s)]
        print(f"quizprep: shard {shard}: {len(submissions)} of {everything}", file=sys.stderr)

    results_path = _results_path(args, shard)
    results_file = batch.ResultsFile(results_path, warn=_warn) if results_path else None
    if results_file is not None:
        results_file.lock()  # before reading it: another grader must not append meanwhile
    # A results file named on purpose (or resumed) is also a cache; the default one only a log.
    reuse = results_file is not None and (args.results is not None or args.resume)
    rows = results_file.read() if results_file is not None and reuse else []
    seed = args.seed
    if seed is None and args.resume:
        seed = batch.recorded_seed(rows, submissions)
        if seed is not None:
            print(f"quizprep: resuming the run with seed {seed}", file=sys.stderr)
    fresh_seed = getattr(args, "fresh_seed", None)
    if seed is None:
        seed = fresh_seed if fresh_seed is not None else secrets.randbelow(2**31)
    _warm_sandbox(submissions)
    graders = {
        id(pack): Grader(
            pack,
            seed=seed,
            device=args.device,
            timeout=args.timeout,
            case_timeout=args.case_timeout,
            max_source_bytes=args.max_source_bytes,
        )
        for pack in packs
    }
    if fresh_seed is not None and seed == fresh_seed and results_file is None:
        from quizprep.grading.refcache import ReferenceCache

        for grader in graders.values():  # outputs for a seed no later run can name: not kept
            grader.disk_cache = ReferenceCache(None)

    def grader_for(exercise_id: str) -> Grader:
        return graders[id(owners[exercise_id][0])]

    if args.device == "cuda":
        graders[id(packs[0])].device_for(uses_torch=True)
    progress = RichProgress() if sys.stderr.isatty() else QuietProgress()
    with results_file if results_file is not None else nullcontext():
        outcome = batch.run_batch(
            submissions,
            grader_for,
            workers=args.workers,
            results_file=results_file,
            previous=batch.reusable(rows),
            progress=progress,
            before_jobs=lambda: _require_sandbox(probe),  # references first: it boots meanwhile
        )
    if outcome.interrupted:
        kept = (
            # read back: an interruption may land after a row is flushed, before it is counted
            f": {batch.recorded_count(results_file.read(), submissions, seed)} of "
            f"{len(submissions)} results are in {results_path}; run the same command with "
            "--resume to finish"
            if results_path and results_file is not None
            else ""
        )
        print(f"quizprep: interrupted{kept}", file=sys.stderr)
        return 130
    if outcome.served:
        print(
            f"quizprep: {outcome.served} of {len(submissions)} served from {results_path} "
            f"(unchanged since graded), {outcome.graded} graded",
            file=sys.stderr,
        )
    if fresh_seed is not None and len(submissions) == 1 and submissions[0].path.suffix == ".py":
        _remember_request(grader_for(submissions[0].exercise), submissions[0].exercise)
    return _report(outcome.results, args.format, args.output)


def _results_path(args: argparse.Namespace, shard: Shard | None) -> Path | None:
    """--results, else the default file when grading a folder or resuming (said on stderr)."""
    if args.results is not None or args.no_results:
        return args.results  # type: ignore[no-any-return]
    if not args.resume and not any(Path(p).is_dir() for p in args.paths):
        return None
    path = DEFAULT_RESULTS
    if shard is not None:
        path = Path(f"{DEFAULT_RESULTS.stem}.shard-{shard.index}-of-{shard.count}.jsonl")
    print(
        f"quizprep: results go to {path} as they finish "
        "(--results FILE to choose, --no-results for none)",
        file=sys.stderr,
    )
    return path


def _grade_merge(args: argparse.Namespace) -> int:
    from quizprep.grading.batch import merge_results

    results = merge_results(args.files, warn=_warn)
    print(f"quizprep: {len(results)} results from {len(args.files)} file(s)", file=sys.stderr)
    return _report(results, args.format, args.output)


def _report(results: Sequence[GradeResult], fmt: str, output: Path | None) -> int:
    """Render the report to stdout or `output`; exit 0 when every submission passed, else 1."""
    from quizprep.grading.report import render

    text = render(results, fmt)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        passed = sum(r.status == "pass" for r in results)
        print(f"{passed}/{len(results)} passed; report written to {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0 if all(r.status == "pass" for r in results) else 1


def _doctor(args: argparse.Namespace) -> int:
    from quizprep.sandbox.doctor import diagnose

    diagnosis = diagnose(torch=args.torch)
    if args.format == "json":
        print(json.dumps(diagnosis.to_json(), indent=2))
    else:
        sys.stdout.write(diagnosis.text())
    return 1 if diagnosis.problem else 0


def _watch(args: argparse.Namespace) -> int:
    from quizprep import watch
    from quizprep.progress.store import ProgressStore
    from quizprep.tui.trainer import Trainer, default_workspace

    probe = _start_sandbox(allow_weak=False)  # it boots while the packs load
    catalog = _catalog(args)
    workspace = default_workspace()
    paths = args.paths or [str(workspace)]
    if not args.paths:
        workspace.mkdir(parents=True, exist_ok=True)
    _require_sandbox(probe)
    trainer = Trainer(catalog.packs, ProgressStore(), workspace)
    return watch.run(paths, trainer, catalog)


def _serve(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(
            "quizprep serve needs textual-serve: pip install 'quizprep[serve]'"
        ) from None
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: must be between 1 and 65535")
    _catalog(args)  # a broken --pack is one line here, not a blank page in the browser
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _warn(
            f"serving on {args.host}: anyone who can reach this port gets a trainer that runs "
            "as you, with your progress (there is no login)"
        )
    command = " ".join(
        shlex.quote(part) for part in [sys.executable, "-m", "quizprep", *_pack_args(args.pack)]
    )
    print(f"quizprep: serving on http://{args.host}:{args.port} (Ctrl-C stops it)", flush=True)
    Server(command, host=args.host, port=args.port, title="quizprep").serve()
    return 0


def _pack_args(packs: Sequence[str]) -> list[str]:
    return [part for pack in packs for part in ("--pack", str(Path(pack).resolve()))]


def _gradescope_build(args: argparse.Namespace) -> int:
    from quizprep import gradescope
    from quizprep.bank.catalog import exercise_owners

    packs = _packs(args)
    owners = exercise_owners(packs)
    for name in args.exercise:
        if name not in owners:
            raise UsageError(f"no exercise {name!r} (see `quizprep list`)")
    for name in args.hidden:
        if name not in args.exercise:
            raise UsageError(f"--hidden {name}: not one of the --exercise IDs")
    points = gradescope.parse_points(args.points, args.exercise)
    graded = [
        gradescope.Graded(e, points[e], "after_due_date" if e in args.hidden else "visible")
        for e in args.exercise
    ]
    output = gradescope.build(graded, [Path(p) for p in args.pack], args.output, seed=args.seed)
    print(f"Wrote {output}: upload it as the assignment's autograder (Ubuntu 24.04 base image).")
    return 0


def _pack(args: argparse.Namespace) -> int:
    handler = {
        "new": _pack_new,
        "check": _pack_check,
        "list": _pack_list,
        "schema": _pack_schema,
    }[args.pack_command]
    return handler(args)


def _pack_new(args: argparse.Namespace) -> int:
    import getpass

    from quizprep.bank.scaffold import new_pack

    target = args.dir if args.dir is not None else Path(args.name)
    author = args.author or getpass.getuser()
    written = new_pack(args.name, target, author=author, description=args.description)
    print(f"Wrote the pack {args.name} to {target} ({len(written)} files). Next:")
    print(f"  quizprep pack check {target}     # it passes as generated")
    print(f"  quizprep --pack {target}         # try it in the trainer")
    print("Then edit questions/q01_huber_loss.yaml and reference/ (see docs/authoring.md).")
    return 0


def _pack_check(args: argparse.Namespace) -> int:
    from quizprep.grading.packcheck import check_pack

    if args.seeds < 1:
        raise UsageError("--seeds must be at least 1")
    if args.device == "cuda":
        from quizprep.grading.grader import resolve_device

        resolve_device("cuda")
    others = _packs(args)
    failures = 0
    reports = check_pack(
        args.dir, seeds=args.seeds, device=args.device, only=args.only, others=others
    )
    for report in reports:
        print(report.line(), flush=True)
        failures += not report.ok
    verdict = f"FAILED, {failures} item(s) with problems" if failures else "all good"
    print(f"pack check: {verdict}")
    return 1 if failures else 0


def _pack_list(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    rows = [
        {
            "name": pack.name,
            "version": pack.meta.version,
            "questions": len(pack.entries),
            "exercises": len(pack.exercises),
            "origin": catalog.origin_of(pack),
            "path": str(pack.root),
        }
        for pack in catalog.packs
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'name':<24} {'version':<10} {'questions':>9}  {'from':<28} path")
    for row in rows:
        print(
            f"{row['name']:<24} {row['version']:<10} {row['questions']:>9}  "
            f"{row['origin']:<28} {row['path']}"
        )
    return 0


def _pack_schema(args: argparse.Namespace) -> int:
    from quizprep.bank.json_schema import schema_text

    text = schema_text(args.kind)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote the {args.kind} schema to {args.output}", file=sys.stderr)
    return 0

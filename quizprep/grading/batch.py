"""Batches that never lose work (DESIGN invariant 6).

Each result is appended to a JSON-lines results file, flushed and fsync'd, the moment its
submission is graded; a row whose file content, pack version, exercise and seed are unchanged is
served from the file instead of being graded again. A kill leaves at worst one torn last line,
which is ignored on read and cut off before the next append. One submission's failure costs one
`error` row, never the batch. `--shard K/N` picks a stable 1/N of the submissions, and
`merge_results` puts the shards' files back together.

Folder entries are untrusted (DESIGN invariant 2b): only regular files are graded, read without
following a link or blocking on a FIFO, and never past `--max-source-bytes`; anything else gets
an `invalid` row that says why, without being opened.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from quizprep.bank.files import read_at_most
from quizprep.errors import Cancelled, UsageError
from quizprep.grading.batchprogress import BatchProgress, QuietProgress
from quizprep.grading.notebook import NotebookError, NotebookPart, notebook_parts
from quizprep.grading.result import (
    MAX_SOURCE_BYTES,
    Check,
    GradeResult,
    over_limit,
    printable_name,
)

if TYPE_CHECKING:
    from quizprep.grading.grader import Grader

Warn = Callable[[str], None]
"""Where one-line warnings go (the CLI prints them to stderr, above any progress bar)."""

GRADER_CHECK = "grading"
"""The name of the single check of a row whose grading failed for the grader's own reasons."""


@dataclass(frozen=True)
class Submission:
    """One file to grade, its exercise and learner, and the key `--shard` hashes."""

    path: Path
    exercise: str
    learner: str | None
    shard_key: str
    """Its path relative to the folder it was found in (the path as given for a file)."""
    problem: str | None = None
    """Why it is not graded, found without opening it (not a regular file, too big): its row
    is `invalid` with this message."""
    max_bytes: int = MAX_SOURCE_BYTES
    """The most bytes of it that are read (`--max-source-bytes`); a longer file is `invalid`."""

    @property
    def is_notebook(self) -> bool:
        """A Jupyter notebook: its code cells are graded (`grading.notebook`)."""
        return self.path.suffix == ".ipynb"


@dataclass(frozen=True)
class Skipped:
    """A folder entry that gets no row, and why (the CLI says so on stderr)."""

    path: Path
    reason: str


NO_EXERCISE = "its name matches no exercise (use --exercise)"
NOT_FOLLOWED = "is a symbolic link; it was not followed"
_REGULAR_ONLY = "submissions must be regular files"
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def find_submissions(
    paths: Sequence[str],
    exercise: str | Sequence[str] | None,
    known: set[str],
    *,
    max_source_bytes: int = MAX_SOURCE_BYTES,
) -> tuple[list[Submission], list[Skipped]]:
    """The submissions under `paths`, and the folder entries that get no row.

    A file's exercise is `exercise` (each of them, when several are given: one row each), else
    its stem; in a folder, `alice/gru_cell.py` is learner `alice`, exercise `gru_cell`. A
    notebook (`.ipynb`) with `%%quizprep ID` cells is one row per such cell instead. Entries are
    looked at (lstat) before anything is opened: one that is not a regular file, or is over
    `max_source_bytes`, is a submission with a `problem`; only notebooks are then read, safely
    (`read_source`), for their `%%quizprep` cells. Folders are walked without following links;
    a linked folder inside one is skipped."""
    wanted = [exercise] if isinstance(exercise, str) else list(exercise or [])
    found: list[Submission] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        try:
            status = path.lstat()
            if stat.S_ISLNK(status.st_mode) and path.is_dir():
                status = path.stat()  # a folder named on the command line: the instructor's own
        except FileNotFoundError:
            raise UsageError(f"{printable_name(raw)}: no such file or folder") from None
        except OSError as exc:
            raise UsageError(f"{printable_name(raw)}: cannot be read: {exc.strerror}") from exc
        if not stat.S_ISDIR(status.st_mode):
            entry = _Entry(path, None, path.as_posix(), _problem(status, max_source_bytes))
            rows, passed = entry.submissions(wanted, known, max_source_bytes, in_folder=False)
            found += rows
            skipped += passed
            continue
        entries, passed_over = _submission_entries(path)
        for file, entry_status in entries:
            relative = file.relative_to(path)
            learner = relative.parts[0] if len(relative.parts) > 1 else None
            problem = _problem(entry_status, max_source_bytes)
            entry = _Entry(file, learner, relative.as_posix(), problem)
            rows, passed = entry.submissions(wanted, known, max_source_bytes, in_folder=True)
            found += rows
            passed_over += passed
        skipped += sorted(passed_over, key=lambda s: s.path)
    return found, skipped


@dataclass(frozen=True)
class _Entry:
    """A file found for grading, before it is known which exercises it answers."""

    path: Path
    learner: str | None
    shard_key: str
    problem: str | None

    def submissions(
        self, wanted: list[str], known: set[str], max_bytes: int, *, in_folder: bool
    ) -> tuple[list[Submission], list[Skipped]]:
        """Its rows: one per wanted exercise (its stem when none is wanted), or for a notebook
        one per `%%quizprep` cell. In a folder, a name that is no exercise gets no row."""
        marked: list[str] = []
        problem = self.problem
        if self.path.suffix == ".ipynb" and problem is None:
            try:
                parts = notebook_parts(read_source(self.path, max_bytes))
                marked = [part.exercise for part in parts if part.exercise is not None]
            except (Unreadable, NotebookError) as exc:
                problem = str(exc)
        exercises = wanted or [self.path.stem]
        if marked:
            unknown = [e for e in marked if e not in known]
            exercises = [e for e in marked if e in known and (not wanted or e in wanted)]
            skipped = [
                Skipped(self.path, f"its %%quizprep cell names exercise {e!r}, and there is none")
                for e in unknown
            ]
            return [self._row(e, problem, max_bytes) for e in exercises], skipped
        if in_folder and not wanted and self.path.stem not in known:
            reason = problem if problem and self.path.suffix == ".ipynb" else NO_EXERCISE
            return [], [Skipped(self.path, reason)]
        return [self._row(e, problem, max_bytes) for e in exercises], []

    def _row(self, exercise: str, problem: str | None, max_bytes: int) -> Submission:
        return Submission(self.path, exercise, self.learner, self.shard_key, problem, max_bytes)


def _submission_entries(
    root: Path,
) -> tuple[list[tuple[Path, os.stat_result]], list[Skipped]]:
    """Every `*.py` and `*.ipynb` entry under `root` with its lstat, sorted by path; and the
    links to folders and the folders that could not be listed, which are not descended into."""
    entries: list[tuple[Path, os.stat_result]] = []
    skipped: list[Skipped] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                children = list(listing)
        except OSError as exc:
            skipped.append(Skipped(folder, f"cannot be listed: {exc.strerror}"))
            continue
        for child in children:
            path = folder / child.name
            try:
                status = child.stat(follow_symlinks=False)
            except OSError:  # gone since it was listed
                continue
            if stat.S_ISDIR(status.st_mode):
                folders.append(path)
            elif child.name.endswith((".py", ".ipynb")):
                entries.append((path, status))
            elif stat.S_ISLNK(status.st_mode) and path.is_dir():
                skipped.append(Skipped(path, NOT_FOLLOWED))
    return sorted(entries, key=lambda entry: entry[0]), skipped


def _problem(status: os.stat_result, max_bytes: int) -> str | None:
    """Why an entry with this (l)stat is not read: not a regular file, or too big."""
    for is_kind, kind in _KINDS:
        if is_kind(status.st_mode):
            return f"is {kind}; {_REGULAR_ONLY}"
    if not stat.S_ISREG(status.st_mode):
        return f"is not a regular file; {_REGULAR_ONLY}"
    if status.st_size > max_bytes:
        return f"{over_limit(status.st_size, max_bytes)} (--max-source-bytes)"
    return None


class Unreadable(Exception):
    """A submission that was not read; the message says why, for its `invalid` row."""


def read_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a submission that is a regular file of at most `max_bytes`, opened without
    following a link or waiting on a FIFO, and checked again once open (the entry may have
    changed since it was found); else Unreadable, saying why."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        try:
            problem = _problem(path.lstat(), max_bytes)
        except OSError:
            problem = None
        if problem is None and exc.errno == errno.ELOOP:
            problem = f"is a symbolic link; {_REGULAR_ONLY}"
        raise Unreadable(problem or f"cannot be read: {exc.strerror}") from exc
    try:
        problem = _problem(os.fstat(fd), max_bytes)
        if problem is not None:
            raise Unreadable(problem)
        data = read_at_most(fd, max_bytes)
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror}") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise Unreadable(f"{over_limit(len(data), max_bytes)} (--max-source-bytes)")
    return data


def mentions_torch(submission: Submission) -> bool:
    """Whether a submission's source names torch (False when it is not to be read)."""
    if submission.problem is not None:
        return False
    try:
        return b"torch" in read_source(submission.path, submission.max_bytes)
    except Unreadable:
        return False


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based): the submissions whose key hashes to it."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`K/N` with 1 <= K <= N, else a one-line UsageError."""
        index, slash, count = text.partition("/")
        if not slash or not index.strip().isdigit() or not count.strip().isdigit():
            raise UsageError(f"--shard {text}: expected K/N, e.g. 3/16")
        shard = cls(int(index), int(count))
        if not 1 <= shard.index <= shard.count:
            raise UsageError(f"--shard {text}: K must be between 1 and N (K/N, 1-based)")
        return shard

    def holds(self, submission: Submission) -> bool:
        """Whether this shard grades the submission."""
        return shard_of(submission.shard_key, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(key: str, count: int) -> int:
    """The 1-based shard of `key` among `count`: SHA-256 based, so the same on every machine."""
    digest = hashlib.sha256(os.fsencode(key)).digest()  # a name that is not UTF-8 as its bytes
    return int.from_bytes(digest[:8], "big") % count + 1


@dataclass(frozen=True)
class Identity:
    """What makes a recorded result reusable: the same bytes at the same path, graded for the
    same exercise by the same pack name and version with the same seed."""

    submission: str
    sha256: str
    exercise: str
    pack: str
    pack_version: str
    seed: int
    graded_with: str
    """The quizprep version and the limits (`grading_key`)."""

    @classmethod
    def of(cls, result: GradeResult) -> Identity:
        """The identity a result was graded under."""
        return cls(
            result.submission,
            result.sha256,
            result.exercise,
            result.pack,
            result.pack_version,
            result.seed,
            result.graded_with,
        )


def grading_key(grader: Grader, exercise_id: str) -> str:
    """What else decides a verdict besides the file, the pack and the seed: the quizprep
    version and the limits. A timeout caused by load under `--timeout 5` is not served again
    once the limit is raised, nor a row graded by another quizprep."""
    import quizprep

    exercise = grader.exercise(exercise_id)
    parts = {
        "quizprep": quizprep.__version__,
        "timeout": grader.timeout or exercise.timeout,
        "case_timeout": grader.case_timeout or exercise.case_timeout,
        "memory_mb": exercise.memory_mb,
        "max_source_bytes": grader.max_source_bytes,
        "device": grader.device_request,
    }
    return ", ".join(f"{name} {value}" for name, value in parts.items())


@dataclass(frozen=True)
class RecordedResult:
    """A result read back from a results file, and where it was."""

    result: GradeResult
    path: Path
    line: int

    @property
    def where(self) -> str:
        """`file:line`, for messages."""
        return f"{self.path}:{self.line}"


class ResultsFile:
    """A JSON-lines file of results, one row per graded submission, only ever appended to."""

    def __init__(self, path: Path, *, warn: Warn) -> None:
        self.path = path
        self._warn = warn
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._torn_reported = False

    def lock(self) -> None:
        """Become the file's only writer until `close` (an advisory lock, which every quizprep
        takes): two graders appending to one file would grade everything twice and could mix
        seeds. A UsageError when another holds it."""
        if self._lock_fd is not None:
            return
        if self.path.parent != Path():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise UsageError(f"{self.path}: cannot open the results file: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise UsageError(
                f"{self.path}: another quizprep grade is using this results file; wait for it "
                "to finish, or give this run its own with --results"
            ) from exc
        self._lock_fd = fd

    def read(self) -> list[RecordedResult]:
        """Every row, in file order; [] when there is no file. A torn last line (a kill in the
        middle of a write) is ignored with a warning; any other bad line is a UsageError naming
        the file and line."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise UsageError(f"{self.path}: cannot read the results file: {exc.strerror}") from exc
        lines = data.split(b"\n")
        rows: list[RecordedResult] = []
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                parsed = json.loads(raw)
            except ValueError as exc:
                if number == len(lines):  # no newline after it: a write that never finished
                    self._warn(
                        f"{self.path}:{number}: ignored a torn last line (an interrupted write)"
                    )
                    self._torn_reported = True
                    continue
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                raise UsageError(
                    f"{self.path}:{number}: not a JSON results row ({reason})"
                ) from exc
            where = f"{self.path}:{number}"
            rows.append(
                RecordedResult(GradeResult.from_json(parsed, where=where), self.path, number)
            )
        return rows

    def __enter__(self) -> ResultsFile:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        """Open for appending; a torn last line is cut off so the next row starts a fresh line."""
        if self._fd is not None:
            return
        self.lock()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise UsageError(f"{self.path}: cannot write the results file: {exc.strerror}") from exc
        self._repair_tail(fd)
        self._fd = fd

    def _repair_tail(self, fd: int) -> None:
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return
        start = _last_line_start(fd, size)
        try:
            json.loads(os.pread(fd, size - start, start))
        except ValueError:
            if not self._torn_reported:
                line = _count_lines(fd, start) + 1
                self._warn(f"{self.path}:{line}: dropped a torn last line (an interrupted write)")
            os.ftruncate(fd, start)
        else:  # a whole row that only lacks its newline
            os.write(fd, b"\n")

    def append(self, result: GradeResult) -> None:
        """Write one row and make it durable (flushed and fsync'd) before returning."""
        self.open()
        assert self._fd is not None
        data = memoryview((json.dumps(result.to_json()) + "\n").encode("utf-8"))
        while data:
            data = data[os.write(self._fd, data) :]
        os.fsync(self._fd)

    def close(self) -> None:
        """Close the file (rows are already on disk) and let another writer have it."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _last_line_start(fd: int, size: int) -> int:
    """The offset just after the last newline before `size` (0 when there is none)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        at = os.pread(fd, end - start, start).rfind(b"\n")
        if at >= 0:
            return start + at + 1
        end = start
    return 0


def _count_lines(fd: int, end: int) -> int:
    count, offset = 0, 0
    while offset < end:
        chunk = os.pread(fd, min(1 << 20, end - offset), offset)
        count += chunk.count(b"\n")
        offset += len(chunk)
    return count


def reusable(rows: Sequence[RecordedResult]) -> dict[Identity, GradeResult]:
    """The latest row for each identity, leaving out rows where the grader itself failed."""
    return {Identity.of(row.result): row.result for row in rows if not row.result.grader_failed}


def _rows_of(
    rows: Sequence[RecordedResult], submissions: Sequence[Submission]
) -> list[GradeResult]:
    """The results these rows record for these submissions."""
    wanted = {(str(s.path), s.exercise) for s in submissions}
    return [r.result for r in rows if (r.result.submission, r.result.exercise) in wanted]


def recorded_seed(rows: Sequence[RecordedResult], submissions: Sequence[Submission]) -> int | None:
    """The seed of the run these rows record for these submissions (None when there are none);
    a UsageError when they mix seeds, since then only `--seed` can say which run to resume."""
    seeds = sorted({result.seed for result in _rows_of(rows, submissions)})
    if len(seeds) > 1:
        shown = ", ".join(map(str, seeds[:5])) + (", ..." if len(seeds) > 5 else "")
        path = rows[0].path
        raise UsageError(
            f"{path} holds results with different seeds ({shown}): "
            "pass --seed N to say which run to resume"
        )
    return seeds[0] if seeds else None


def recorded_count(
    rows: Sequence[RecordedResult], submissions: Sequence[Submission], seed: int
) -> int:
    """How many of these submissions the rows record a result for in the run with `seed`."""
    return len({(r.submission, r.exercise) for r in _rows_of(rows, submissions) if r.seed == seed})


def merge_results(paths: Sequence[Path], *, warn: Warn) -> list[GradeResult]:
    """One result per (submission, exercise) from several results files (shards): a later row,
    in a later file or later in the same file, wins; a differing duplicate from another file is
    warned about. Ordered by submission path, as an unsharded run would be."""
    kept: dict[tuple[str, str], RecordedResult] = {}
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such results file")
        for row in ResultsFile(path, warn=warn).read():
            key = (row.result.submission, row.result.exercise)
            earlier = kept.get(key)
            if (
                earlier is not None
                and earlier.path != path
                and _differs(earlier.result, row.result)
            ):
                shown = f"{printable_name(key[0])} [{key[1]}]"
                warn(
                    f"{row.where}: {shown} differs from {earlier.where} "
                    f"({_summary(earlier.result)} there, {_summary(row.result)} here); "
                    "keeping this one"
                )
            kept[key] = row
    return [kept[key].result for key in sorted(kept, key=lambda k: (Path(k[0]), k[1]))]


def _differs(first: GradeResult, second: GradeResult) -> bool:
    def verdict(r: GradeResult) -> tuple[object, ...]:
        return (r.sha256, r.seed, r.pack_version, r.status, round(r.score, 6))

    return verdict(first) != verdict(second)


def _summary(result: GradeResult) -> str:
    return f"{result.status} {result.score:.2f}, seed {result.seed}"


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch produced: results in submission order (only the finished ones when it was
    interrupted), how many were served from the results file, and whether it was interrupted."""

    results: list[GradeResult]
    served: int
    graded: int
    interrupted: bool


def run_batch(
    submissions: Sequence[Submission],
    grader_for: Callable[[str], Grader],
    *,
    workers: int,
    results_file: ResultsFile | None = None,
    previous: Mapping[Identity, GradeResult] | None = None,
    progress: BatchProgress | None = None,
    before_jobs: Callable[[], None] | None = None,
) -> BatchOutcome:
    """Grade `submissions` on `workers` threads, appending each result to `results_file` as it
    finishes and serving those whose identity is in `previous`. `before_jobs` runs once the
    references are computed, before any submission runs (the CLI waits there for the sandbox,
    which boots meanwhile).

    Ctrl-C (or SIGTERM) stops the batch: in-flight grading is cancelled and not recorded, and what
    finished is already on disk. A broken reference still fails the whole batch up front."""
    progress = progress or QuietProgress()
    previous = previous or {}
    found: dict[int, GradeResult] = {}
    pending: list[tuple[int, Submission]] = []
    for index, submission in enumerate(submissions):
        if submission.problem is None:  # never open the others (a device may act on open)
            grader = grader_for(submission.exercise)
            meta = grader.pack.meta
            identity = Identity(
                str(submission.path),
                file_sha256(submission.path, submission.max_bytes),
                submission.exercise,
                meta.name,
                meta.version,
                grader.seed,
                grading_key(grader, submission.exercise),
            )
            if identity in previous:
                found[index] = previous[identity]
                continue
        pending.append((index, submission))
    served = len(found)
    graded = {s.exercise for _, s in pending if s.problem is None}
    for exercise_id in sorted(graded):  # fail fast on a broken reference
        grader = grader_for(exercise_id)
        grader.cases(grader.exercise(exercise_id))
    if before_jobs is not None:
        before_jobs()

    cancel = threading.Event()
    interrupted = False
    progress.start(len(submissions), list(found.values()))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="quizprep-grade")
    try:
        with _terminate_as_interrupt():
            try:
                futures: dict[Future[GradeResult], int] = {
                    pool.submit(_grade_one, s, grader_for(s.exercise), cancel): i
                    for i, s in pending
                }
                for future in as_completed(futures):
                    result = future.result()
                    if results_file is not None:
                        results_file.append(result)
                    found[futures[future]] = result
                    progress.advance(result)
                    if result.grader_failed:
                        where = printable_name(result.submission)
                        progress.note(f"quizprep: {where}: {result.checks[0].message}")
            except KeyboardInterrupt:
                interrupted = True
                cancel.set()
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        progress.stop()
    return BatchOutcome(
        results=[found[i] for i in sorted(found)],
        served=served,
        graded=len(found) - served,
        interrupted=interrupted,
    )


def file_sha256(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """The SHA-256 of a submission's bytes, or "" when it is not to be read (`read_source`)."""
    try:
        return hashlib.sha256(read_source(path, max_bytes)).hexdigest()
    except Unreadable:
        return ""


def _grade_one(submission: Submission, grader: Grader, cancel: threading.Event) -> GradeResult:
    """Grade one file; any failure of the grader itself becomes an `error` row, not an exception
    (only a cancellation the batch asked for propagates). A file that is not to be read, or is
    not UTF-8, is an `invalid` row that says why."""
    digest = ""
    try:
        try:
            if submission.problem is not None:
                raise Unreadable(submission.problem)
            data = read_source(submission.path, submission.max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            source, part = submission_source(submission, data)
        except Unreadable as exc:
            result = _invalid(submission, grader, str(exc))
        else:
            result = grader.grade_source(
                source,
                grader.exercise(submission.exercise),
                submission=str(submission.path),
                learner=submission.learner,
                cancel=cancel,
            )
            if part is not None:
                result = _in_cells(result, part)
    except Cancelled:
        if cancel.is_set():
            raise
        result = _grader_failure(submission, grader.seed, "grading was cancelled")
    except Exception as exc:  # one submission's failure must not cost the batch
        detail = " ".join(str(exc).split()) or "no message"
        result = _grader_failure(submission, grader.seed, f"{type(exc).__name__}: {detail}")
    meta = grader.pack.meta
    return replace(
        result,
        sha256=digest,
        pack=meta.name,
        pack_version=meta.version,
        graded_with=grading_key(grader, submission.exercise),
    )


def submission_source(submission: Submission, data: bytes) -> tuple[str, NotebookPart | None]:
    """The Python source graded for a submission's exercise, from its bytes, and the notebook
    part it came from (None for a `.py` file); Unreadable, saying why, when it is not UTF-8 or
    is a notebook without an answer to the exercise."""
    if not submission.is_notebook:
        return _utf8(data), None
    part = _notebook_part(submission, data)
    return part.source, part


def _notebook_part(submission: Submission, data: bytes) -> NotebookPart:
    """The part of a notebook that answers the submission's exercise (Unreadable if none)."""
    try:
        parts = notebook_parts(data)
    except NotebookError as exc:
        raise Unreadable(str(exc)) from None
    for part in parts:
        if part.exercise in (submission.exercise, None):
            return part
    raise Unreadable(f"no %%quizprep {submission.exercise} cell (the notebook changed?)")


def _in_cells(result: GradeResult, part: NotebookPart) -> GradeResult:
    """The result with its line numbers said as the notebook's cells and lines."""
    checks = tuple(replace(c, message=part.relabel(c.message)) for c in result.checks)
    return replace(result, checks=checks, advice=part.relabel(result.advice))


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise Unreadable(
            f"cannot be read: not UTF-8 text (byte 0x{byte:02x} on line {line})"
        ) from None


def _invalid(submission: Submission, grader: Grader, message: str) -> GradeResult:
    function = grader.exercise(submission.exercise).function
    return GradeResult(
        submission=str(submission.path),
        exercise=submission.exercise,
        status="invalid",
        score=0.0,
        seed=grader.seed,
        checks=(Check(f"submission is valid Python defining {function}()", "invalid", message),),
        learner=submission.learner,
    )


def _grader_failure(submission: Submission, seed: int, problem: str) -> GradeResult:
    message = f"the grader failed on this submission ({problem}); grading it again retries it"
    return GradeResult(
        submission=str(submission.path),
        exercise=submission.exercise,
        status="error",
        score=0.0,
        seed=seed,
        checks=(Check(GRADER_CHECK, "error", message),),
        learner=submission.learner,
        grader_failed=True,
    )


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (how job schedulers stop a job) ends a batch the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)

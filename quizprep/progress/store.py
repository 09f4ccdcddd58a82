"""The learner's history in one SQLite file: attempts, hints, FSRS cards, small app state.

Every write is one transaction (WAL, synchronous=FULL), so a crash or SIGKILL loses at most the
write in flight. One store may be shared by the threads of a process (the app grades in a worker
thread). Times are passed in as timezone-aware datetimes (`now`), so tests control the clock.
A file that is not a healthy SQLite database is reported and left untouched, never replaced.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from fsrs import Card, Rating

from quizprep.bank.schema import Question
from quizprep.errors import QuizprepError
from quizprep.progress.mastery import Shown, question_done, question_mastery
from quizprep.progress.migrations import MIGRATIONS, SCHEMA_VERSION
from quizprep.progress.schedule import make_scheduler, utc

DB_NAME = "progress.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
EXERCISE_STATUSES = frozenset({"pass", "fail", "error", "timeout", "memory", "invalid"})
"""The grader's statuses (DESIGN.md, "Grading a submission")."""


def default_db_path() -> Path:
    """`$QUIZPREP_HOME/progress.sqlite3`, else the platform's user data folder (created)."""
    home = os.environ.get("QUIZPREP_HOME")
    if home:
        folder = Path(home).expanduser()
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("quizprep"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise QuizprepError(f"{folder}: cannot create the data folder: {error.strerror}") from None
    return folder / DB_NAME


@dataclass(frozen=True)
class DayStats:
    """One day of work, for the progress chart: attempts (quiz items + exercise runs) and how
    many were right (quiz items graded correct + exercise passes)."""

    date: date
    attempts: int
    correct: int


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _stamp(now: datetime) -> int:
    """Microseconds since the epoch: exact, and ordered like the times themselves."""
    return (utc(now) - EPOCH) // timedelta(microseconds=1)


def _from_stamp(stamp: int) -> datetime:
    return EPOCH + timedelta(microseconds=stamp)


class ProgressStore:
    """The learner's progress database; `ProgressStore()` opens `default_db_path()`."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self._lock = threading.RLock()
        self._scheduler = make_scheduler()
        self._conn = self._open()

    # -- opening, closing, guarding --------------------------------------------------------

    def _unusable(self, why: str) -> QuizprepError:
        return QuizprepError(
            f"{self.path}: not a usable quizprep progress database ({why}); "
            "it was left untouched: move it aside to start afresh"
        )

    def _open(self) -> sqlite3.Connection:
        try:
            with self.path.open("rb") as existing:
                header = existing.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            header = None
        except OSError as error:
            raise QuizprepError(f"{self.path}: cannot read: {error.strerror}") from None
        if header and header != SQLITE_HEADER:
            raise self._unusable("not an SQLite file")
        try:
            conn = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise QuizprepError(f"{self.path}: cannot open: {error}") from None
        try:
            # Read-only checks first: nothing is written to a file that fails them.
            if header:
                rows = conn.execute("PRAGMA quick_check").fetchall()
                if rows != [("ok",)]:
                    raise self._unusable(f"damaged: {rows[0][0]}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise self._unusable(f"schema {version} is from a newer quizprep")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._migrate(conn, version)
        except sqlite3.OperationalError as error:  # locked, read-only folder, disk full
            conn.close()
            raise QuizprepError(f"{self.path}: cannot open: {error}") from None
        except sqlite3.DatabaseError as error:  # corrupt, or not a database at all
            conn.close()
            raise self._unusable(str(error)) from None
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        for step in range(version, SCHEMA_VERSION):
            conn.execute("BEGIN IMMEDIATE")
            with conn:
                MIGRATIONS[step](conn)
                conn.execute(f"PRAGMA user_version = {step + 1}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open database (PRAGMA user_version)."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise
        except sqlite3.OperationalError as error:  # locked, disk full, I/O error
            raise QuizprepError(f"{self.path}: {error}") from None
        except sqlite3.DatabaseError as error:  # corrupt, or not a database at all
            raise self._unusable(str(error)) from None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is committed, or (on any exception) none of it."""
        with self._lock, self._guard():
            self._conn.execute("BEGIN IMMEDIATE")
            with self._conn:
                yield self._conn

    # -- attempts --------------------------------------------------------------------------

    def record_quiz(
        self,
        question_id: str,
        item_index: int,
        kind: str,
        correct: bool | None,
        answer: str,
        seconds: float,
        now: datetime,
        *,
        tries: int = 1,
    ) -> None:
        """Record one answer to a quiz item; `correct` is None for free text (self-rated);
        `tries` is how many tries the answer took (1: the first)."""
        if isinstance(tries, bool) or tries < 1:
            raise ValueError(f"tries counts from 1, not {tries!r}")
        flag = None if correct is None else int(correct)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO quiz_attempts (question_id, item_index, kind, correct, answer,"
                " seconds, at, tries) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (question_id, item_index, kind, flag, answer, float(seconds), _stamp(now), tries),
            )

    def record_self_rating(
        self, question_id: str, item_index: int, rating: int, now: datetime
    ) -> None:
        """Record the learner's own 1..4 rating of a free-text answer."""
        if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
            raise ValueError(f"a self-rating is 1, 2, 3 or 4, not {rating!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO self_ratings (question_id, item_index, rating, at)"
                " VALUES (?, ?, ?, ?)",
                (question_id, item_index, int(rating), _stamp(now)),
            )

    def record_exercise(
        self,
        question_id: str,
        exercise_id: str,
        status: str,
        score: float,
        seconds: float,
        seed: int,
        now: datetime,
    ) -> None:
        """Record one graded run of the question's exercise (`status` is the grader's)."""
        if status not in EXERCISE_STATUSES:
            raise ValueError(f"unknown exercise status {status!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO exercise_attempts (question_id, exercise_id, status, score,"
                " seconds, seed, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (question_id, exercise_id, status, float(score), float(seconds), seed, _stamp(now)),
            )

    def record_hint(self, question_id: str, now: datetime) -> None:
        """Record that a hint of the question's exercise was shown."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hints (question_id, at) VALUES (?, ?)", (question_id, _stamp(now))
            )

    def record_give_up(self, question_id: str, now: datetime) -> None:
        """Record that the learner gave up on the exercise (and was shown the answer)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO give_ups (question_id, at) VALUES (?, ?)", (question_id, _stamp(now))
            )

    # -- the current round (since the question's last review, or since `since`) ---------------

    def round_start(self, question_id: str) -> datetime:
        """When the current round began: the question's last review (the epoch if none)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT last_review FROM cards WHERE question_id = ?", (question_id,)
            ).fetchone()
        return EPOCH if row is None else _from_stamp(row[0])

    def _round_count(self, table: str, question_id: str, since: datetime | None) -> int:
        start = self.round_start(question_id) if since is None else since
        with self._read() as conn:
            row = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE question_id = ? AND at > ?",
                (question_id, _stamp(start)),
            ).fetchone()
        return int(row[0])

    def exercise_attempts(self, question_id: str, *, since: datetime | None = None) -> int:
        """Exercise runs in the current round (after `since`, else the last review)."""
        return self._round_count("exercise_attempts", question_id, since)

    def hints_used(self, question_id: str, *, since: datetime | None = None) -> int:
        """Hints shown in the current round (after `since`, else the last review)."""
        return self._round_count("hints", question_id, since)

    def gave_up(self, question_id: str, *, since: datetime | None = None) -> bool:
        """Whether the learner gave up in the current round (after `since`, else the last
        review)."""
        return self._round_count("give_ups", question_id, since) > 0

    # -- all-time facts ----------------------------------------------------------------------

    def _ever_count(self, table: str, question_id: str) -> int:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE question_id = ?", (question_id,)
            ).fetchone()
        return int(row[0])

    def hints_ever(self, question_id: str) -> int:
        """Hints shown for the question, all time (what the Hints tab keeps showing)."""
        return self._ever_count("hints", question_id)

    def ever_gave_up(self, question_id: str) -> bool:
        """Whether the learner ever gave up on the question (the reference stays visible)."""
        return self._ever_count("give_ups", question_id) > 0

    def has_passed(self, question_id: str) -> bool:
        """Whether the question's exercise has ever been passed."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT 1 FROM exercise_attempts WHERE question_id = ? AND status = 'pass' LIMIT 1",
                (question_id,),
            ).fetchone()
        return row is not None

    def time_spent(self, question_id: str) -> float:
        """Seconds spent on the question, all time: quiz answers plus exercise runs."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT (SELECT COALESCE(SUM(seconds), 0) FROM quiz_attempts"
                " WHERE question_id = ?) + (SELECT COALESCE(SUM(seconds), 0)"
                " FROM exercise_attempts WHERE question_id = ?)",
                (question_id, question_id),
            ).fetchone()
        return float(row[0])

    def history(self, days: int, now: datetime) -> list[DayStats]:
        """The last `days` days up to `now`'s date, oldest first, one entry per day (zeros too).

        Days are calendar days in `now`'s timezone (pass a local time for local days).
        """
        if now.tzinfo is None:
            raise ValueError("history() needs a timezone-aware `now`")
        today = now.date()
        first = today - timedelta(days=max(0, days - 1))
        start = datetime(first.year, first.month, first.day, tzinfo=now.tzinfo)
        with self._read() as conn:
            rows = conn.execute(
                "SELECT at, correct = 1 FROM quiz_attempts WHERE at >= ?"
                " UNION ALL SELECT at, status = 'pass' FROM exercise_attempts WHERE at >= ?",
                (_stamp(start), _stamp(start)),
            ).fetchall()
        stats = {first + timedelta(days=offset): [0, 0] for offset in range(max(0, days))}
        for stamp, right in rows:
            day = _from_stamp(stamp).astimezone(now.tzinfo).date()
            if day in stats:
                stats[day][0] += 1
                stats[day][1] += 1 if right else 0
        return [DayStats(day, attempts, correct) for day, (attempts, correct) in stats.items()]

    # -- scheduling --------------------------------------------------------------------------

    def _card(self, conn: sqlite3.Connection, question_id: str) -> Card | None:
        row = conn.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,))
        found = row.fetchone()
        return Card.from_json(found[0]) if found else None

    def review(self, question_id: str, rating: Rating, now: datetime) -> datetime:
        """Review the question's FSRS card with `rating` at `now`; return when it is next due.

        This also closes the current round: attempts, hints and give-ups count afresh after it.
        """
        with self._write() as conn:
            return self._review(conn, question_id, Rating(rating), utc(now))

    def revise_review(
        self, question_id: str, reviewed_at: datetime, rating: Rating, now: datetime
    ) -> datetime:
        """Replace the question's review given at `reviewed_at` with one of `rating` at `now`
        (a visit that learns more about itself keeps one review); return when it is next due.

        The card is rebuilt by replaying the earlier reviews, so it is as if the review had
        been given this rating in the first place. If that review is no longer the question's
        latest (another copy of the app reviewed it since), a new review is added instead.
        """
        moment = utc(now)
        with self._write() as conn:
            rows = conn.execute(
                "SELECT id, rating, at FROM reviews WHERE question_id = ? ORDER BY at, id",
                (question_id,),
            ).fetchall()
            card = self._card(conn, question_id)
            if not rows or card is None or rows[-1][2] != _stamp(reviewed_at):
                return self._review(conn, question_id, Rating(rating), moment)
            replayed = Card(card_id=card.card_id, due=_from_stamp(rows[0][2]))
            for _, earlier, at in rows[:-1]:
                replayed, _ = self._scheduler.review_card(
                    replayed, Rating(earlier), _from_stamp(at)
                )
            replayed, _ = self._scheduler.review_card(replayed, Rating(rating), moment)
            due = utc(replayed.due)
            conn.execute(
                "UPDATE cards SET card = ?, due = ?, last_review = ? WHERE question_id = ?",
                (replayed.to_json(), _stamp(due), _stamp(moment), question_id),
            )
            conn.execute(
                "UPDATE reviews SET rating = ?, at = ?, due = ? WHERE id = ?",
                (int(rating), _stamp(moment), _stamp(due), rows[-1][0]),
            )
        return due

    def _review(
        self, conn: sqlite3.Connection, question_id: str, rating: Rating, moment: datetime
    ) -> datetime:
        card = self._card(conn, question_id)
        if card is None:
            card = Card(card_id=int(moment.timestamp() * 1000), due=moment)
        card, _ = self._scheduler.review_card(card, rating, moment)
        due = utc(card.due)
        conn.execute(
            "INSERT INTO cards (question_id, card, due, last_review) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (question_id) DO UPDATE SET card = excluded.card,"
            " due = excluded.due, last_review = excluded.last_review",
            (question_id, card.to_json(), _stamp(due), _stamp(moment)),
        )
        conn.execute(
            "INSERT INTO reviews (question_id, rating, at, due) VALUES (?, ?, ?, ?)",
            (question_id, int(rating), _stamp(moment), _stamp(due)),
        )
        return due

    def next_due(self, question_id: str) -> datetime | None:
        """When the question is next due (UTC), or None if it was never reviewed."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT due FROM cards WHERE question_id = ?", (question_id,)
            ).fetchone()
        return None if row is None else _from_stamp(row[0])

    def due(self, question_ids: Iterable[str], now: datetime) -> list[str]:
        """The reviewed questions among `question_ids` that are due at `now`, most overdue first.

        Never-reviewed questions are new, not due: they are not listed.
        """
        order = {question_id: index for index, question_id in enumerate(question_ids)}
        with self._read() as conn:
            rows = conn.execute(
                "SELECT question_id, due FROM cards WHERE due <= ?", (_stamp(now),)
            ).fetchall()
        found = [(due, order[qid], qid) for qid, due in rows if qid in order]
        return [qid for _, _, qid in sorted(found)]

    def earliest_due(
        self, question_ids: Iterable[str], *, after: datetime | None = None
    ) -> datetime | None:
        """When the first of `question_ids` is due (only those due after `after`, if given), or
        None if there is none."""
        wanted = set(question_ids)
        floor = None if after is None else _stamp(after)
        with self._read() as conn:
            rows = conn.execute("SELECT question_id, due FROM cards").fetchall()
        stamps = [due for qid, due in rows if qid in wanted and (floor is None or due > floor)]
        return _from_stamp(min(stamps)) if stamps else None

    # -- mastery (see `mastery.MASTERY_RULES`) -------------------------------------------------

    def shown(self, now: datetime) -> dict[str, Shown]:
        """What the learner had shown on each question by `now` (questions without any work
        are missing: they have shown `Shown()`)."""
        stamp = _stamp(now)
        with self._read() as conn:
            passed = conn.execute(
                "SELECT DISTINCT question_id FROM exercise_attempts WHERE status = 'pass'"
                " AND at <= ?",
                (stamp,),
            ).fetchall()
            answers = conn.execute(
                "SELECT question_id, item_index, correct, tries FROM quiz_attempts"
                " WHERE correct IS NOT NULL AND at <= ? ORDER BY at, id",
                (stamp,),
            ).fetchall()
            ratings = conn.execute(
                "SELECT r.question_id, r.item_index, r.rating, (SELECT a.answer FROM"
                " quiz_attempts a WHERE a.question_id = r.question_id AND a.item_index ="
                " r.item_index AND a.correct IS NULL AND a.at <= r.at ORDER BY a.at DESC,"
                " a.id DESC LIMIT 1) FROM self_ratings r WHERE r.at <= ? ORDER BY r.at, r.id",
                (stamp,),
            ).fetchall()
        latest: dict[str, dict[int, tuple[bool, int]]] = {}
        for question_id, index, correct, tries in answers:
            latest.setdefault(question_id, {})[index] = (bool(correct), int(tries))
        rated: dict[str, dict[int, int]] = {}
        for question_id, index, rating, answer in ratings:
            written = rated.setdefault(question_id, {})
            if answer and answer.strip():
                written[index] = int(rating)
            else:  # a rating of an empty answer counts nothing, and replaces an earlier one
                written.pop(index, None)
        passes = {question_id for (question_id,) in passed}
        return {
            question_id: Shown(
                passed=question_id in passes,
                answers=latest.get(question_id, {}),
                self_ratings=rated.get(question_id, {}),
            )
            for question_id in passes | set(latest) | set(rated)
        }

    def question_mastery(self, question: Question, now: datetime) -> float:
        """0..1: how much of the question the learner had shown by `now`."""
        return question_mastery(question, self.shown(now).get(question.id, Shown()))

    def topic_mastery(self, questions: Sequence[Question], now: datetime) -> dict[str, float]:
        """Mean question mastery per topic of `questions` (untouched questions count 0)."""
        shown = self.shown(now)
        totals: dict[str, list[float]] = {}
        for question in questions:
            known = question_mastery(question, shown.get(question.id, Shown()))
            totals.setdefault(question.topic, []).append(known)
        return {topic: sum(values) / len(values) for topic, values in totals.items()}

    def done(self, questions: Sequence[Question], now: datetime) -> set[str]:
        """The ids of `questions` that were done by `now` (see `mastery.question_done`)."""
        shown = self.shown(now)
        return {q.id for q in questions if question_done(q, shown.get(q.id, Shown()))}

    # -- small app state -----------------------------------------------------------------------

    def set_state(self, key: str, value: str) -> None:
        """Remember a small piece of app state (e.g. "last_question")."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def get_state(self, key: str) -> str | None:
        """A value stored with `set_state`, or None."""
        with self._read() as conn:
            row = conn.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

"""The progress database: what is recorded reads back, it survives threads, bad files are kept."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from quizprep.errors import QuizprepError
from quizprep.progress import DayStats, ProgressStore, Rating, default_db_path
from tests.progress.conftest import NOW


def test_quizprep_home_holds_the_database(quizprep_home: Path) -> None:
    assert default_db_path() == quizprep_home / "progress.sqlite3"
    assert quizprep_home.is_dir()
    with ProgressStore() as store:
        store.set_state("last_question", "gru_cell")
    assert (quizprep_home / "progress.sqlite3").is_file()
    with ProgressStore() as reopened:
        assert reopened.get_state("last_question") == "gru_cell"
        assert reopened.get_state("nothing") is None


def test_database_is_wal_with_full_sync_and_a_schema_version(store: ProgressStore) -> None:
    assert store.schema_version >= 1
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.schema_version
    finally:
        conn.close()


def test_exercise_attempts_hints_and_give_ups_read_back(store: ProgressStore) -> None:
    assert not store.has_passed("gru_cell")
    assert store.exercise_attempts("gru_cell") == 0
    store.record_exercise("gru_cell", "gru_cell", "fail", 0.5, 40.0, 7, NOW)
    store.record_hint("gru_cell", NOW)
    store.record_hint("gru_cell", NOW)
    store.record_exercise("gru_cell", "gru_cell", "pass", 1.0, 20.0, 7, NOW)
    assert store.exercise_attempts("gru_cell") == 2
    assert store.hints_used("gru_cell") == 2
    assert not store.gave_up("gru_cell")
    assert store.has_passed("gru_cell")
    assert store.time_spent("gru_cell") == pytest.approx(60.0)
    assert store.exercise_attempts("cross_entropy") == 0  # other questions are separate
    store.record_give_up("cross_entropy", NOW)
    assert store.gave_up("cross_entropy")


def test_a_review_starts_a_new_round_but_keeps_all_time_facts(store: ProgressStore) -> None:
    store.record_hint("gru_cell", NOW)
    store.record_give_up("gru_cell", NOW)
    store.record_exercise("gru_cell", "gru_cell", "pass", 1.0, 30.0, 1, NOW)
    store.review("gru_cell", Rating.Again, NOW)
    later = NOW + timedelta(days=1)
    assert store.hints_used("gru_cell") == 0
    assert not store.gave_up("gru_cell")
    assert store.exercise_attempts("gru_cell") == 0
    store.record_exercise("gru_cell", "gru_cell", "fail", 0.0, 5.0, 2, later)
    assert store.exercise_attempts("gru_cell") == 1
    assert store.has_passed("gru_cell")
    assert store.time_spent("gru_cell") == pytest.approx(35.0)


def test_quiz_answers_and_self_ratings_count_towards_time_and_history(
    store: ProgressStore,
) -> None:
    yesterday = NOW - timedelta(days=1)
    store.record_quiz("softmax", 0, "choice", True, "[1]", 10.0, yesterday)
    store.record_quiz("softmax", 1, "numeric", False, "0.3", 12.5, NOW)
    store.record_quiz("softmax", 2, "short", None, "because it is stable", 30.0, NOW)
    store.record_self_rating("softmax", 2, 3, NOW)
    store.record_exercise("softmax", "softmax", "pass", 1.0, 60.0, 3, NOW)
    assert store.time_spent("softmax") == pytest.approx(112.5)
    days = store.history(3, NOW)
    assert days == [
        DayStats(NOW.date() - timedelta(days=2), 0, 0),
        DayStats(yesterday.date(), 1, 1),
        DayStats(NOW.date(), 3, 1),
    ]


def test_history_counts_days_in_the_callers_timezone(store: ProgressStore) -> None:
    # 23:30 UTC is already the next day in UTC+2.
    store.record_quiz(
        "softmax", 0, "choice", True, "[1]", 1.0, datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
    )
    local = timezone(timedelta(hours=2))
    days = store.history(2, datetime(2025, 3, 2, 12, 0, tzinfo=local))
    assert [(day.date.day, day.attempts) for day in days] == [(1, 0), (2, 1)]


def test_bad_input_is_refused_before_anything_is_written(store: ProgressStore) -> None:
    with pytest.raises(ValueError):
        store.record_self_rating("softmax", 0, 5, NOW)
    with pytest.raises(ValueError):
        store.record_exercise("softmax", "softmax", "passed", 1.0, 1.0, 0, NOW)
    with pytest.raises(ValueError):
        store.record_hint("softmax", datetime(2025, 1, 1))  # naive: ambiguous
    assert store.history(1, NOW) == [DayStats(NOW.date(), 0, 0)]
    assert store.hints_used("softmax") == 0


def _corrupt_files(tmp_path: Path) -> list[Path]:
    text = tmp_path / "text.sqlite3"
    text.write_text("these are my notes, not a database\n")
    header_only = tmp_path / "header.sqlite3"
    header_only.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    damaged = tmp_path / "damaged.sqlite3"
    with ProgressStore(damaged) as store:
        for index in range(300):
            store.record_quiz("softmax", index, "short", None, "x" * 200, 1.0, NOW)
    raw = bytearray(damaged.read_bytes())
    raw[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)  # wreck some b-tree pages
    damaged.write_bytes(bytes(raw))
    return [text, header_only, damaged]


def test_a_corrupt_file_is_reported_in_one_line_and_left_untouched(tmp_path: Path) -> None:
    for path in _corrupt_files(tmp_path):
        before = path.read_bytes()
        with pytest.raises(QuizprepError) as caught:
            ProgressStore(path)
        message = str(caught.value)
        assert "\n" not in message
        assert str(path) in message and "untouched" in message
        assert path.read_bytes() == before, path.name


def test_a_database_from_a_newer_quizprep_is_not_downgraded(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with ProgressStore(path) as store:
        future = store.schema_version + 1
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {future}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(QuizprepError, match="newer quizprep"):
        ProgressStore(path)
    assert path.read_bytes() == before


def test_several_threads_can_write_and_read_at_once(store: ProgressStore) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for index in range(50):
                qid = f"q{worker}"
                store.record_exercise(qid, qid, "fail", 0.0, 1.0, index, NOW)
                store.record_hint(qid, NOW)
                store.review(qid, Rating.Again, NOW + timedelta(seconds=index))
                store.set_state("last_question", qid)
                store.time_spent(qid)
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for worker in range(8):
        assert store.time_spent(f"q{worker}") == pytest.approx(50.0)
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 400
    finally:
        conn.close()


def test_an_unwritable_home_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("QUIZPREP_HOME", str(blocker / "home"))
    with pytest.raises(QuizprepError, match="cannot create"):
        ProgressStore()


SCHEMA_1 = """
CREATE TABLE quiz_attempts (
    id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, item_index INTEGER NOT NULL,
    kind TEXT NOT NULL, correct INTEGER CHECK (correct IN (0, 1)), answer TEXT NOT NULL,
    seconds REAL NOT NULL, at INTEGER NOT NULL);
CREATE TABLE self_ratings (
    id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, item_index INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), at INTEGER NOT NULL);
CREATE TABLE exercise_attempts (
    id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
    status TEXT NOT NULL, score REAL NOT NULL, seconds REAL NOT NULL,
    seed INTEGER NOT NULL, at INTEGER NOT NULL);
CREATE TABLE hints (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE give_ups (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE cards (question_id TEXT PRIMARY KEY, card TEXT NOT NULL,
    due INTEGER NOT NULL, last_review INTEGER NOT NULL);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES cards (question_id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), at INTEGER NOT NULL,
    due INTEGER NOT NULL);
CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA user_version = 1;
"""
"""The first released schema, written out here so the test keeps it whatever the code does."""


def test_a_schema_1_database_keeps_all_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with ProgressStore(tmp_path / "donor.sqlite3") as donor:  # a real card, as version 1 wrote it
        due = donor.review("gru", Rating.Good, NOW)
        card = sqlite3.connect(donor.path).execute("SELECT card FROM cards").fetchone()[0]
    stamp = int(NOW.timestamp() * 1_000_000)
    old = sqlite3.connect(path)
    old.executescript(SCHEMA_1)
    old.executescript(
        f"""
        INSERT INTO quiz_attempts VALUES (1, 'gru', 0, 'choice', 1, '0', 4.0, {stamp});
        INSERT INTO quiz_attempts VALUES (2, 'gru', 1, 'short', NULL, 'gates', 9.0, {stamp});
        INSERT INTO self_ratings VALUES (1, 'gru', 1, 3, {stamp});
        INSERT INTO exercise_attempts VALUES (1, 'gru', 'gru_cell', 'pass', 1, 60, 7, {stamp});
        INSERT INTO hints VALUES (1, 'gru', {stamp});
        INSERT INTO give_ups VALUES (1, 'lstm', {stamp});
        INSERT INTO app_state VALUES ('last_question', 'gru');
        """
    )
    old.execute(
        "INSERT INTO cards VALUES ('gru', ?, ?, ?)", (card, int(due.timestamp() * 1e6), stamp)
    )
    old.execute(
        "INSERT INTO reviews VALUES (1, 'gru', 3, ?, ?)", (stamp, int(due.timestamp() * 1e6))
    )
    old.commit()
    old.close()
    with ProgressStore(path) as store:
        assert store.schema_version >= 2
        assert store.history(1, NOW) == [DayStats(NOW.date(), 3, 2)]
        assert store.time_spent("gru") == pytest.approx(73.0)
        assert store.has_passed("gru") and store.hints_ever("gru") == 1
        assert store.ever_gave_up("lstm")
        assert store.get_state("last_question") == "gru"
        assert store.next_due("gru") == due
        store.record_quiz("gru", 0, "choice", True, "0", 2.0, NOW, tries=2)  # the new column
        later = store.review("gru", Rating.Good, due)
        assert later > due  # the old card goes on being scheduled
    conn = sqlite3.connect(path)
    try:
        tries = conn.execute("SELECT tries FROM quiz_attempts ORDER BY id").fetchall()
    finally:
        conn.close()
    assert tries == [(1,), (1,), (2,)]  # old answers were first tries


def test_quiz_tries_must_be_at_least_one(store: ProgressStore) -> None:
    with pytest.raises(ValueError):
        store.record_quiz("softmax", 0, "choice", True, "[1]", 1.0, NOW, tries=0)


def test_revising_a_review_is_as_if_it_had_been_given_that_rating(tmp_path: Path) -> None:
    later = NOW + timedelta(days=3)
    with (
        ProgressStore(tmp_path / "a.sqlite3") as revised,
        ProgressStore(tmp_path / "b.sqlite3") as direct,
    ):
        for store in (revised, direct):
            store.review("gru", Rating.Good, NOW)
        first = revised.review("gru", Rating.Good, later)
        due = revised.revise_review("gru", later, Rating.Again, later + timedelta(minutes=2))
        assert due < first
        assert due == direct.review("gru", Rating.Again, later + timedelta(minutes=2))
        assert revised.next_due("gru") == direct.next_due("gru")
        assert revised.due(["gru"], due) == ["gru"]
        for path in (revised.path, direct.path):
            conn = sqlite3.connect(path)
            try:
                assert conn.execute("SELECT rating FROM reviews ORDER BY id").fetchall() == [
                    (3,),
                    (1,),
                ]
            finally:
                conn.close()


def test_revising_a_review_that_is_no_longer_the_latest_adds_one(store: ProgressStore) -> None:
    store.review("gru", Rating.Good, NOW)
    store.review("gru", Rating.Good, NOW + timedelta(days=2))  # another app wrote since
    store.revise_review("gru", NOW, Rating.Again, NOW + timedelta(days=2, minutes=1))
    conn = sqlite3.connect(store.path)
    try:
        ratings = conn.execute("SELECT rating FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()
    assert ratings == [(3,), (3,), (1,)]


def test_earliest_due_and_the_start_of_a_round(store: ProgressStore) -> None:
    assert store.earliest_due(["a", "b"]) is None
    assert store.round_start("a") == datetime(1970, 1, 1, tzinfo=UTC)
    soon = store.review("a", Rating.Again, NOW)
    store.review("b", Rating.Easy, NOW)
    store.review("c", Rating.Again, NOW - timedelta(days=1))  # not asked about
    assert store.earliest_due(["a", "b"]) == soon
    assert store.earliest_due(["a", "b"], after=soon) == store.next_due("b")
    assert store.earliest_due(["a"], after=soon) is None
    assert store.round_start("a") == NOW
    store.record_exercise("a", "a", "fail", 0.0, 1.0, 0, NOW - timedelta(minutes=1))
    store.record_hint("a", NOW - timedelta(minutes=1))
    assert store.exercise_attempts("a") == 0  # before the last review
    assert store.exercise_attempts("a", since=NOW - timedelta(hours=1)) == 1
    assert store.hints_used("a", since=NOW - timedelta(hours=1)) == 1
    assert not store.gave_up("a", since=NOW - timedelta(hours=1))

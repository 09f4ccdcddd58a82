"""The progress database's schema, one migration per version; `store` applies them on open."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _schema_1(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE quiz_attempts (
            id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, item_index INTEGER NOT NULL,
            kind TEXT NOT NULL, correct INTEGER CHECK (correct IN (0, 1)), answer TEXT NOT NULL,
            seconds REAL NOT NULL, at INTEGER NOT NULL)""",
        """CREATE TABLE self_ratings (
            id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, item_index INTEGER NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), at INTEGER NOT NULL)""",
        """CREATE TABLE exercise_attempts (
            id INTEGER PRIMARY KEY, question_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
            status TEXT NOT NULL, score REAL NOT NULL, seconds REAL NOT NULL,
            seed INTEGER NOT NULL, at INTEGER NOT NULL)""",
        """CREATE TABLE hints (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL,
            at INTEGER NOT NULL)""",
        """CREATE TABLE give_ups (id INTEGER PRIMARY KEY, question_id TEXT NOT NULL,
            at INTEGER NOT NULL)""",
        """CREATE TABLE cards (question_id TEXT PRIMARY KEY, card TEXT NOT NULL,
            due INTEGER NOT NULL, last_review INTEGER NOT NULL)""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL REFERENCES cards (question_id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), at INTEGER NOT NULL,
            due INTEGER NOT NULL)""",
        "CREATE TABLE app_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX quiz_by_question ON quiz_attempts (question_id, at)",
        "CREATE INDEX quiz_by_time ON quiz_attempts (at)",
        "CREATE INDEX exercise_by_question ON exercise_attempts (question_id, at)",
        "CREATE INDEX exercise_by_time ON exercise_attempts (at)",
        "CREATE INDEX hints_by_question ON hints (question_id, at)",
        "CREATE INDEX give_ups_by_question ON give_ups (question_id, at)",
        "CREATE INDEX reviews_by_question ON reviews (question_id, at)",
    ):
        conn.execute(statement)


def _schema_2(conn: sqlite3.Connection) -> None:
    # How many tries a quiz answer took (1: at the first); answers stored before were firsts.
    conn.execute(
        "ALTER TABLE quiz_attempts ADD COLUMN tries INTEGER NOT NULL DEFAULT 1 CHECK (tries >= 1)"
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_schema_1, _schema_2)
"""MIGRATIONS[v] takes a database from schema version v to v + 1; append, never edit."""
SCHEMA_VERSION = len(MIGRATIONS)

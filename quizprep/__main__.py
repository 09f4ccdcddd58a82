"""`python -m quizprep` is the `quizprep` command."""

from __future__ import annotations

from quizprep.cli import program

program()

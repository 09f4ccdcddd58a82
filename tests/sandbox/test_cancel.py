"""A grading run can be cancelled: it stops at once and leaves no worker behind."""

from __future__ import annotations

import threading
import time

import pytest

from quizprep.bank.pack import Pack
from quizprep.errors import Cancelled
from quizprep.grading.grader import Grader


def test_cancel_stops_an_endless_submission_quickly(tiny_pack: Pack) -> None:
    exercise = tiny_pack.exercise("scaled_sum")
    assert exercise is not None
    cancel = threading.Event()
    source = "def scaled_sum(a, b, scale):\n    while True:\n        pass\n"
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        Grader(tiny_pack, seed=0).grade_source(
            source, exercise, submission="scaled_sum.py", cancel=cancel
        )
    # Cancelled, not a timeout verdict: the cancel, not the exercise's own 5 s, ended it. (How
    # fast is measured in bench/, never asserted: a loaded machine may be slow.)
    assert time.monotonic() - started < 60

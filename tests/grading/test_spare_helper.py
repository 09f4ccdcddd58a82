"""A helper process started ahead (`trusted.start_spare_helper`): a cold `quizprep grade` with
a fresh seed computes references in a helper that booted while the packs loaded."""

from __future__ import annotations

from quizprep.bank.pack import Pack
from quizprep.grading import trusted
from quizprep.grading.grader import Grader


def test_the_first_grader_that_needs_a_helper_adopts_the_spare(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    trusted.start_spare_helper()  # one spare at a time
    spare = trusted._SPARE
    assert spare is not None and spare.process.poll() is None
    grader = Grader(tiny_pack, seed=12345, device="cpu")
    grader.disk_cache.directory = None  # computed, never read from a cache
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0
    assert grader.reference(exercise).runner._helpers == [spare]
    assert trusted._SPARE is None


def test_a_dead_spare_is_not_adopted(tiny_pack: Pack) -> None:
    trusted.start_spare_helper()
    spare = trusted._SPARE
    assert spare is not None
    spare.stop()
    grader = Grader(tiny_pack, seed=54321, device="cpu")
    grader.disk_cache.directory = None
    exercise = tiny_pack.exercises[0]
    assert len(grader.cases(exercise).cases) > 0  # a fresh helper served it
    assert grader.reference(exercise).runner._helpers[0] is not spare

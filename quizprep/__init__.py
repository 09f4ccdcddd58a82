"""quizprep: a deep-learning interview trainer with executable, graded answers.

Nothing heavy is imported here: `quizprep --help` and `quizprep list` must start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"


def load_ipython_extension(ipython: object) -> None:
    """`%load_ext quizprep` in Jupyter: the `%%quizprep ID` cell magic (see `quizprep.jupyter`)."""
    from quizprep.jupyter import load_ipython_extension as load

    load(ipython)


def check(exercise_id: str, function: object, *, record: bool = True) -> object:
    """Grade a function defined in a notebook or REPL against an exercise; returns a report that
    shows as HTML in Jupyter (see `quizprep.jupyter.check`)."""
    from quizprep.jupyter import check as check_function

    return check_function(exercise_id, function, record=record)  # type: ignore[arg-type]

"""The sandbox: THE ONLY code that runs learner code, in isolated, limited worker processes.

Imports nothing else of quizprep (a test enforces it): the grader talks to it through
`run_submission` and plain data.
"""

from __future__ import annotations

import fcntl
import os

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One thread per math library: for submissions, for the pack code that computes references
(the same bits on every machine) and for the grader's own NumPy, which only compares (a BLAS
thread pool spinning beside the sandbox costs a cold single-file grade tens of ms on 2 cores)."""


def above_stdio(descriptor: int) -> int:
    """`descriptor`, moved above 0-2 if it is there (then closed there): one handed to a child
    process must not be where the child's own standard streams go (free when the parent's are
    closed), or the child's channel is lost."""
    if descriptor > 2:
        return descriptor
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, 3)
    os.close(descriptor)
    return moved

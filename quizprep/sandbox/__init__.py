"""The sandbox: THE ONLY code that runs learner code, in isolated, limited worker processes.

Imports nothing else of quizprep (a test enforces it): the grader talks to it through
`run_submission` and plain data.
"""

from __future__ import annotations

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One thread per math library: for submissions, for the pack code that computes references
(the same bits on every machine) and for the grader's own NumPy, which only compares (a BLAS
thread pool spinning beside the sandbox costs a cold single-file grade tens of ms on 2 cores)."""

"""The sandbox: THE ONLY code that runs learner code, in isolated, limited worker processes.

Imports nothing else of quizprep (a test enforces it): the grader talks to it through
`run_submission` and plain data.
"""

from __future__ import annotations

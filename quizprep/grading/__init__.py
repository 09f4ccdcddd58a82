"""Grading: cases, reference outputs, comparison with diagnostics, scoring and reports.

Learner code never runs here: it runs in `quizprep.sandbox` workers, and only data comes back.
"""

from __future__ import annotations

FORMATS = (
    "table",
    "json",
    "jsonl",
    "csv",
    "csv-submissions",
    "gradescope",
    "junit",
    "exercism",
)
"""Every report format `quizprep.grading.report.render` accepts (here, so the command line
lists them without importing the renderers)."""

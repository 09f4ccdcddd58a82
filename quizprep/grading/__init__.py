"""Grading: cases, reference outputs, comparison with diagnostics, scoring and reports.

Learner code never runs here: it runs in `quizprep.sandbox` workers, and only data comes back.
"""

from __future__ import annotations

"""quizprep: a deep-learning interview trainer with executable, graded answers.

Nothing heavy is imported here: `quizprep --help` and `quizprep list` must start fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

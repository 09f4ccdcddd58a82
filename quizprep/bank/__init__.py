"""The bank: validated question models, YAML loading with file:line errors, pack discovery.

Imports neither the grader, the sandbox nor textual (a test enforces it).
"""

from __future__ import annotations

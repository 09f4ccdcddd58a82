"""The learner's app: a Textual trainer. It talks to bank, grading and progress through
`trainer.Trainer`, in plain calls; nothing below `tui` imports textual."""

from __future__ import annotations

"""`quizprep pack new`: a pack that works as generated, to edit into your own.

It holds one complete question (quiz items, a runnable claim, a NumPy exercise with its
reference, two mutants and a starter), the JSON Schemas the YAML files point editors to, and a
`pack.yaml` whose `quizprep` range is the running version's series.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Template

from quizprep import __version__
from quizprep.bank.json_schema import FILE_NAMES, schema_text
from quizprep.bank.versions import release_of
from quizprep.errors import UsageError

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "pack"
NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def compatible_range(version: str = __version__) -> str:
    """The versions a pack written now should accept: the same minor series before 1.0
    (`>=0.1, <0.2`), the same major series after (`>=1.4, <2`)."""
    major, minor = (*release_of(version), 0)[:2]
    if major == 0:
        return f">=0.{minor}, <0.{minor + 1}"
    return f">={major}.{minor}, <{major + 1}"


def new_pack(name: str, target: Path, *, author: str, description: str | None = None) -> list[Path]:
    """Write a new pack called `name` into the folder `target` (absent or empty) and return the
    files written."""
    if not NAME.match(name) or len(name) > 64:
        raise UsageError(
            f"pack name {name!r}: use lower case letters, digits, '-' and '_', starting with a "
            "letter (it becomes the namespace of the question ids)"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not an empty folder")
    values = {  # quoted as JSON strings, which YAML reads as they are
        "name": name,
        "author": json.dumps(author),
        "description": json.dumps(description or f"Interview questions by {author}"),
        "quizprep_range": compatible_range(),
    }
    written = []
    for source in sorted(p for p in TEMPLATE_DIR.rglob("*") if p.is_file()):
        relative = source.relative_to(TEMPLATE_DIR)
        if relative.suffix == ".tmpl":
            relative = relative.with_suffix("")
        text = source.read_text(encoding="utf-8")
        if relative.suffix in (".yaml", ".md") and relative.parent == Path("."):
            text = Template(text).safe_substitute(values)
        written.append(_write(target / relative, text))
    for kind, file_name in FILE_NAMES.items():
        written.append(_write(target / "schema" / file_name, schema_text(kind)))
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path

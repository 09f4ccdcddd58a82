"""Gradescope autograders (issue 17).

`quizprep gradescope build --exercise ID ... --output autograder.zip` writes the zip Gradescope
asks for (https://gradescope-autograders.readthedocs.io/en/latest/specs/):

    setup.sh          installs quizprep's dependencies, torch as a CPU build, pinned to the
                      versions that built the zip (requirements.txt)
    run_autograder    grades /autograder/submission into /autograder/results/results.json
    quizprep/         this quizprep, with its built-in packs (and the --pack packs in packs/)
    quizprep-gradescope.json   the exercises, their points and visibility

`run_autograder` calls `python3 -m quizprep.gradescope run`, which grades the submission folder
with `quizprep grade` (files named `<exercise>.py` or `.ipynb`, or notebooks with `%%quizprep ID`
cells), in the same sandbox as everywhere else, and writes one Gradescope test per exercise
worth the points the instructor set, visible or hidden until the due date. An exercise with no
answer in the submission is a test with score 0 that says which file to upload.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import Any

import quizprep
from quizprep.errors import UsageError

CONFIG = "quizprep-gradescope.json"
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
"""A Gradescope test's `visibility` values, as its specification lists them."""
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built. It needs Python >= 3.11
# (choose Gradescope's Ubuntu 24.04 base image). QUIZPREP_TORCH_INDEX overrides the index the
# CPU build of torch comes from ("" for pip's own configuration); QUIZPREP_PYTHON the Python.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${QUIZPREP_PYTHON:-python3}"
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    apt-get update && apt-get install -y python3 python3-pip python3-venv
fi
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "quizprep needs Python 3.11+"'
INDEX="${QUIZPREP_TORCH_INDEX-__TORCH_INDEX__}"
"$PYTHON" -m pip install --quiet ${INDEX:+--extra-index-url "$INDEX"} -r "$HERE/requirements.txt"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: it grades /autograder/submission into
# /autograder/results/results.json. QUIZPREP_GRADESCOPE_ROOT replaces /autograder (for tests).
set -euo pipefail
ROOT="${QUIZPREP_GRADESCOPE_ROOT:-/autograder}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${QUIZPREP_PYTHON:-python3}"
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
exec "$PYTHON" -m quizprep.gradescope run --root "$ROOT" --source "$HERE"
"""


@dataclass(frozen=True)
class Graded:
    """One exercise of the autograder: its points and when students see its test."""

    exercise: str
    points: float
    visibility: str


def parse_points(items: Sequence[str], exercises: Sequence[str]) -> dict[str, float]:
    """`--points ID=P` options as {exercise: points}; an exercise not named gets 1."""
    points = dict.fromkeys(exercises, 1.0)
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or name not in points:
            raise UsageError(f"--points {item}: expected ID=POINTS for one of the --exercise IDs")
        try:
            points[name] = float(value)
        except ValueError:
            raise UsageError(f"--points {item}: {value!r} is not a number") from None
        if not points[name] > 0:
            raise UsageError(f"--points {item}: points must be > 0")
    return points


def build(
    graded: Sequence[Graded], pack_dirs: Sequence[Path], output: Path, *, seed: int | None = None
) -> Path:
    """Write the autograder zip to `output`."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _copy_quizprep(root / "quizprep")
        packs = []
        for index, pack_dir in enumerate(pack_dirs):
            target = root / "packs" / f"pack{index}"
            shutil.copytree(pack_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
            packs.append(f"packs/pack{index}")
        (root / "requirements.txt").write_text(_requirements(), encoding="utf-8")
        (root / "setup.sh").write_text(SETUP_SH.replace("__TORCH_INDEX__", TORCH_CPU_INDEX))
        (root / "run_autograder").write_text(RUN_AUTOGRADER)
        config = {
            "quizprep": quizprep.__version__,
            "packs": packs,
            "seed": seed,
            "exercises": [g.__dict__ for g in graded],
        }
        (root / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    info = zipfile.ZipInfo(path.relative_to(root).as_posix())
                    executable = path.name in ("setup.sh", "run_autograder")
                    info.external_attr = (0o755 if executable else 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, path.read_bytes())
    return output


def _copy_quizprep(target: Path) -> None:
    """This quizprep package, with its built-in packs under `_bank/` as a wheel has them."""
    from quizprep.bank.pack import builtin_pack_dir, modern_pack_dir

    package = Path(quizprep.__file__).resolve().parent
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__", "_bank"))
    bank = target / "_bank"
    classic = builtin_pack_dir()
    shutil.copytree(classic, bank / "questions", ignore=shutil.ignore_patterns("__pycache__"))
    reference = (classic / "../reference").resolve()
    shutil.copytree(reference, bank / "reference", ignore=shutil.ignore_patterns("__pycache__"))
    modern = modern_pack_dir().parent
    shutil.copytree(modern, bank / "modern", ignore=shutil.ignore_patterns("__pycache__"))


def _requirements() -> str:
    """quizprep's own dependencies, pinned to the versions installed here."""
    try:
        wanted = requires("quizprep") or []
    except PackageNotFoundError:
        wanted = []
    names = sorted(
        {_name(r) for r in wanted if "extra ==" not in r}
        | {"numpy", "torch", "pydantic", "pyyaml", "nbformat", "sympy", "platformdirs"}
    )
    lines = []
    for name in names:
        try:
            lines.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            lines.append(name)
    return "\n".join(lines) + "\n"


def _name(requirement: str) -> str:
    for stop in "<>=!~;[ ":
        requirement = requirement.split(stop)[0]
    return requirement.strip().lower()


# -- inside Gradescope ------------------------------------------------------------------------


def run(root: Path, source: Path) -> dict[str, Any]:
    """Grade `root`/submission and write `root`/results/results.json; returns what it wrote."""
    config = json.loads((source / CONFIG).read_text(encoding="utf-8"))
    graded = [Graded(**e) for e in config["exercises"]]
    rows, note = _grade(root / "submission", source, config)
    results = results_json(graded, rows, note)
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    return results


def _grade(
    submission: Path, source: Path, config: dict[str, Any]
) -> tuple[list[dict[str, Any]], str]:
    command = [sys.executable, "-m", "quizprep", "grade", str(submission)]
    for pack in config["packs"]:
        command += ["--pack", str(source / pack)]
    command += ["--format", "json", "--no-results"]
    if config.get("seed") is not None:
        command += ["--seed", str(config["seed"])]
    if not submission.is_dir() or not any(submission.iterdir()):
        return [], "The submission is empty."
    env = {**os.environ, "QUIZPREP_CACHE": "off"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    note = ""
    if done.returncode not in (0, 1) and "--allow-weak-sandbox" in done.stderr:
        # The container lacks what the full sandbox needs (user namespaces): grade anyway in the
        # weak one. Each Gradescope submission runs in its own fresh container.
        command.append("--allow-weak-sandbox")
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        note = "Graded in quizprep's weak sandbox (this container allows no user namespaces)."
    if done.returncode not in (0, 1):
        message = done.stderr.strip().splitlines()[-1:] or ["quizprep grade failed"]
        return [], message[0]
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows, note


def results_json(
    graded: Sequence[Graded], rows: Sequence[dict[str, Any]], note: str
) -> dict[str, Any]:
    """Gradescope's results.json: a test per exercise, worth its points, with its visibility."""
    by_exercise: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = row["exercise"]
        best = by_exercise.get(name)
        if best is None or row["score"] > best["score"]:
            by_exercise[name] = row
    tests: list[dict[str, Any]] = []
    for item in graded:
        found = by_exercise.get(item.exercise)
        if found is None:
            score, status = 0.0, "failed"
            output = (
                f"No answer to {item.exercise}: upload {item.exercise}.py (or .ipynb), or a "
                f"notebook with a %%quizprep {item.exercise} cell."
            )
        else:
            score = round(item.points * float(found["score"]), 6)
            status = "passed" if found["status"] == "pass" else "failed"
            output = _output(found)
        tests.append(
            {
                "name": item.exercise,
                "score": score,
                "max_score": item.points,
                "status": status,
                "output": output,
                "output_format": "text",
                "visibility": item.visibility,
            }
        )
    total = round(sum(float(t["score"]) for t in tests), 6)
    return {
        "score": total,
        "output": note or f"{sum(t['status'] == 'passed' for t in tests)} of {len(tests)} passed.",
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "tests": tests,
    }


def _output(row: dict[str, Any]) -> str:
    checks = row["checks"]
    passed = sum(c["status"] == "pass" for c in checks)
    lines = [f"{row['status']}: {passed} of {len(checks)} checks pass"]
    if row.get("advice"):
        lines.append(row["advice"])
    lines += [
        f"- {c['name']}: {c['status']}: {c['message']}" for c in checks if c["status"] != "pass"
    ][:20]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m quizprep.gradescope run --root /autograder --source DIR` (run_autograder)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m quizprep.gradescope")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--source", type=Path, required=True)
    args = parser.parse_args(argv)
    run(args.root, args.source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

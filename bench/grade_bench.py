"""Wall time of cold `quizprep grade` runs: one submission, and a folder of many.

Run with `make bench` (or `python bench/grade_bench.py --count 100`). Each measurement is a fresh
`quizprep grade` process, as an instructor would run it; the median of `--repeat` runs is reported.
Numbers go into notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "tests" / "solutions"


def grade_seconds(target: Path, workers: int) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizprep",
            "grade",
            str(target),
            "--seed",
            "1",
            "--workers",
            str(workers),
            "--format",
            "jsonl",
            "--no-results",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"grade failed: {result.stderr}")
    return elapsed


def make_folder(base: Path, exercise: str, style: str, count: int) -> Path:
    folder = base / f"{exercise}-{style}-{count}"
    source = (SOLUTIONS / exercise / f"{style}.py").read_text()
    for i in range(count):
        (folder / f"learner{i:04d}").mkdir(parents=True)
        (folder / f"learner{i:04d}" / f"{exercise}.py").write_text(source)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exercise", default="cross_entropy")
    parser.add_argument(
        "--styles",
        default="logaddexp,torch_style",
        help="solution files in tests/solutions/EXERCISE/ (comma-separated)",
    )
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="quizprep-bench-"))
    print(
        f"{'what':<44} {'median s':>9} {'per sub ms':>11}   (cpu count {os.cpu_count()}, "
        f"--workers {args.workers})"
    )
    try:
        for style in args.styles.split(","):
            one = make_folder(base, args.exercise, style, 1) / "learner0000" / f"{args.exercise}.py"
            many = make_folder(base, args.exercise, style, args.count)
            for label, target, count in [
                (f"1 submission ({style})", one, 1),
                (f"{args.count} submissions ({style})", many, args.count),
            ]:
                times = [grade_seconds(target, args.workers) for _ in range(args.repeat)]
                median = statistics.median(times)
                print(
                    f"{args.exercise + ': ' + label:<44} {median:>9.2f} "
                    f"{1000 * median / count:>11.1f}",
                    flush=True,
                )
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

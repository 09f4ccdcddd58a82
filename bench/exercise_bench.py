"""Per-exercise grading time on a warm pool, for every exercise of both built-in packs.

For each exercise, one Grader per pack grades each of its alternative solutions in
tests/solutions/<id>/ (NumPy and PyTorch styles) once to warm up (the sandbox's zygote, the
reference outputs of the seed), then `--repeat` more times; an exercise's warm time is the median
of its slowest solution. Prints the slowest exercises first. Run with `make bench` or
`python bench/exercise_bench.py`. Numbers go into notes, never into assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizprep.bank.pack import builtin_pack_dirs, load_pack  # noqa: E402
from quizprep.grading.grader import Grader  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=10, help="rows shown (default 10)")
    parser.add_argument("--only", action="append", default=[], help="exercise ids")
    args = parser.parse_args()
    rows: list[tuple[float, str, str, str]] = []
    for directory in builtin_pack_dirs():
        pack = load_pack(directory)
        grader = Grader(pack, seed=1)
        for exercise in pack.exercises:
            if args.only and exercise.id not in args.only:
                continue
            solutions = sorted((ROOT / "tests" / "solutions" / exercise.id).glob("*.py"))
            if not solutions:
                continue
            slowest = (0.0, "")
            for solution in solutions:
                source = solution.read_text(encoding="utf-8")
                grader.grade_source(source, exercise, submission=f"{exercise.function}.py")
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    result = grader.grade_source(
                        source, exercise, submission=f"{exercise.function}.py"
                    )
                    times.append(time.perf_counter() - started)
                median = statistics.median(times)
                if median >= slowest[0]:
                    slowest = (median, f"{solution.stem}: {result.status}")
            rows.append((slowest[0], pack.meta.name, exercise.id, slowest[1]))
    rows.sort(reverse=True)
    print(f"{'seconds':>8}  {'pack':<17} {'exercise':<34} slowest solution: status")
    for seconds, pack_name, exercise_id, status in rows[: args.top]:
        print(f"{seconds:8.3f}  {pack_name:<17} {exercise_id:<34} {status}")
    if rows:
        print(
            f"{len(rows)} exercises; median {statistics.median(r[0] for r in rows):.3f} s, "
            f"slowest {rows[0][0]:.3f} s ({rows[0][2]})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

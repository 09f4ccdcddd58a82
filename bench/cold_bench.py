"""One file, cold: `quizprep grade one.py` against one `pytest` run of the same checks, side by
side, for the flagship exercises in NumPy and PyTorch style; and save-to-verdict latency in
`quizprep watch`.

The pytest side is what a course would otherwise ship: a test file that loads the cases and
the reference's expected outputs (precomputed into an .npz, as a hand-written test would hold
them) and compares the learner's function on each. Each cold measurement is a fresh process;
the median of `--repeat` runs is reported. With `--seed 1` the reference cache on disk is warm
after the first run (the pytest file holds its expected outputs too); without a seed, as a
learner runs it, every run has new cases, whose references are computed. Watch latency: a
running `quizprep watch` on a folder, a file written, the time until its verdict line is
printed. Numbers go into notes, never into assertions.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizprep.bank.pack import builtin_pack_dir, load_pack  # noqa: E402
from quizprep.grading.cases import load_reference  # noqa: E402

FLAGSHIPS = ["perceptron_step", "cross_entropy", "conv2d_output_shape", "rnn_bptt", "gru_cell"]

PYTEST_FILE = """
import importlib.util
import numpy as np
import pytest

data = np.load({npz!r}, allow_pickle=True)
cases = list(data["cases"])
spec = importlib.util.spec_from_file_location("submission", {solution!r})
submission = importlib.util.module_from_spec(spec)
spec.loader.exec_module(submission)
function = getattr(submission, {function!r})
TORCH = "import torch" in open({solution!r}).read()


def _inputs(args):
    if not TORCH:
        return args
    import torch
    return tuple(torch.from_numpy(a) if isinstance(a, np.ndarray) else a for a in args)


def _numpy(value):
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    if isinstance(value, (tuple, list)):
        return [_numpy(v) for v in value]
    if isinstance(value, dict):
        return {{k: _numpy(v) for k, v in value.items()}}
    return value


def _close(got, want):
    if isinstance(want, dict):
        return all(_close(got[k], want[k]) for k in want)
    if isinstance(want, (tuple, list)):
        return all(_close(g, w) for g, w in zip(got, want))
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return np.allclose(got, want, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("index", range(len(cases)))
def test_case(index):
    args, expected, raises = cases[index]
    if raises:
        with pytest.raises(Exception):
            function(*_inputs(args))
        return
    assert _close(_numpy(function(*_inputs(args))), expected)
"""


def cold_seconds(command: list[str], repeat: int, cwd: Path) -> float:
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])  # the first fills the reference cache


def pytest_file(folder: Path, exercise_id: str, solution: Path) -> Path:
    pack = load_pack(builtin_pack_dir())
    exercise = pack.exercise(exercise_id)
    assert exercise is not None
    reference = load_reference(pack.reference_module(exercise))
    cases = [
        *reference.edge_cases(),
        *(reference.random_case(np.random.default_rng(1), i) for i in range(exercise.random_cases)),
    ]
    rows = []
    for case in cases:
        try:
            expected, raises = reference.reference(*case.args), bool(case.raises)
        except Exception:  # a case whose answer is an exception (random ones can be)
            expected, raises = None, True
        rows.append((case.args, expected, raises))
    stored = np.empty(len(rows), dtype=object)
    for i, row in enumerate(rows):
        stored[i] = row
    npz = folder / f"{exercise_id}-{solution.stem}.npz"
    np.savez(npz, cases=stored)
    test = folder / f"test_{exercise_id}_{solution.stem}.py"
    test.write_text(
        PYTEST_FILE.format(npz=str(npz), solution=str(solution), function=exercise.function)
    )
    return test


def watch_latency(solutions: list[Path], exercise_id: str, repeat: int) -> tuple[float, float]:
    """Seconds from writing `solutions` (in turn) to the verdict line in watch: the first save
    after it started (its pool warmed meanwhile), and the median of the next `repeat`."""
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        work = Path(folder) / "work"
        work.mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "quizprep", "watch", str(work)],
            env={**os.environ, "QUIZPREP_HOME": str(Path(folder) / "home")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()  # type: ignore[union-attr]
        while "watching" not in lines.get():
            pass
        time.sleep(3)  # the pool warms in the background; a learner starts typing first
        times = []
        for index in range(repeat + 1):
            source = solutions[index % len(solutions)].read_text() + f"\n# save {index}\n"
            started = time.perf_counter()
            (work / f"{exercise_id}.py").write_text(source)
            while "passing" not in lines.get():
                pass
            times.append(time.perf_counter() - started)
        process.terminate()
        process.wait()
    return times[0], statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    exercises = args.only or FLAGSHIPS
    # What `make` leaves (and a wheel install): quizprep's bytecode compiled. Without it, and
    # with PYTHONDONTWRITEBYTECODE set, every cold command compiles its sources (~0.1 s).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "quizprep")], check=True)
    # A cold interpreter that only imports, then leaves at once: a grade never waits for
    # torch's teardown (~0.25 s of a clean exit), since its zygote is killed.
    floors = {
        name: cold_seconds(
            [sys.executable, "-I", "-c", f"import os, {name}; os._exit(0)"], args.repeat, ROOT
        )
        for name in ("numpy", "torch")
    }
    print(
        "floors (a cold interpreter that imports, then exits at once): "
        + ", ".join(f"import {name} {seconds:.2f}s" for name, seconds in floors.items())
    )
    header = f"{'exercise':<22} {'style':<6} {'grade --seed 1':>15} {'grade, no seed':>15}"
    print(f"{header} {'pytest':>8} {'watch save->verdict':>24}")
    with tempfile.TemporaryDirectory(dir="/var/tmp") as folder:
        work = Path(folder)
        for exercise_id in exercises:
            solutions = sorted((ROOT / "tests" / "solutions" / exercise_id).glob("*.py"))
            for style in ("numpy", "torch"):
                chosen = [
                    s for s in solutions if ("import torch" in s.read_text()) == (style == "torch")
                ]
                if not chosen:
                    continue
                solution = work / f"{exercise_id}.py"
                solution.write_text(chosen[0].read_text())
                command = [sys.executable, "-m", "quizprep", "grade", str(solution), "--no-results"]
                grade = cold_seconds([*command, "--seed", "1"], args.repeat, work)
                fresh = cold_seconds(command, args.repeat, work)  # a new seed: new references
                test = pytest_file(work, exercise_id, solution)
                pytest_time = cold_seconds(
                    [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                    args.repeat,
                    work,
                )
                first, latency = watch_latency(chosen, exercise_id, args.repeat)
                row = f"{exercise_id:<22} {style:<6} {grade:>14.2f}s {fresh:>14.2f}s"
                watch = f"{first * 1000:.0f} ms, then {latency * 1000:.0f} ms"
                print(f"{row} {pytest_time:>7.2f}s {watch:>24}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

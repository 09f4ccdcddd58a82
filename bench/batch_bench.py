"""Batch benchmark of issue 6: `quizprep grade` on 1,000 submissions against a fresh `python` each.

What it does, in one run:

1. Writes `subs/<learner>/<exercise>.py` in a temporary folder: `--n-per-exercise` (200) for each
   flagship exercise, 3 correct for every 2 wrong, in turn: the solutions in tests/solutions/<ex>/
   (NumPy and PyTorch styles) and the reference's own `reference` function; the known-wrong mutants
   in reference/mutants/<ex>/. Each file starts with a comment naming its learner, so no two files
   are byte-identical. The mix is deterministic and printed.
2. Measures the checks' own compute in this process (trusted code: ours): each distinct source's
   function on the same cases (same seed, tensors for PyTorch-style files, one torch thread), best
   of 3 calls per case, summed over cases. If the grader's JSON rows carry per-check `seconds` (as
   measured by the worker), those are used instead. Best-of-3 errs low, so overhead errs high.
3. Runs `quizprep grade subs/ --workers W --seed S --device cpu --format jsonl --output FILE` as a
   subprocess. Reports wall time, submissions/s, overhead per submission = (wall x min(W, CPUs) -
   compute) / N (worker time not spent in the checks: fork, isolation, transport, comparison,
   start-up), the same from the CPU time of the grading tree (getrusage of reaped children), and the
   peak of the summed Pss (/proc/<pid>/smaps_rollup) of the grader and all its descendants, polled
   every 50 ms. Verdicts are checked against which files are correct; a disagreement exits 1.
4. Runs the obvious alternative on the same submissions (or a deterministic sample of K, then
   extrapolated and labelled so): a generated standalone script, one fresh `python` per submission,
   W at a time, that imports numpy and torch, imports the file, calls it on the same cases (pickled
   once per exercise by this bench) and compares with numpy.allclose. No sandbox, no quizprep.

Targets (issue 6, 2 cores): >= 20x faster than the baseline, overhead <= 20 ms per submission, peak
memory <= 1.5 GB. Numbers go into notes; nothing here is a test.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import json
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

import numpy as np

from quizprep.bank.pack import builtin_pack_dir, load_pack
from quizprep.bank.schema import Exercise
from quizprep.grading.grader import Grader, inspect_source

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ("perceptron_step", "conv2d_output_shape", "cross_entropy", "rnn_bptt", "gru_cell")
TARGET_RATIO, TARGET_OVERHEAD_MS, TARGET_PEAK_MIB = 20.0, 20.0, 1.5e9 / 2**20
POLL_SECONDS = 0.05

BASELINE = '''"""Baseline: grade ONE submission in a fresh interpreter, no sandbox.
Usage: python baseline_check.py CASES.pkl SUBMISSION.py numpy|torch; prints pass or fail."""
import importlib.util, pickle, sys

import numpy as np
import torch

torch.set_num_threads(1)

def to_torch(value):
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value)
    if isinstance(value, (tuple, list)):
        return type(value)(to_torch(v) for v in value)
    if isinstance(value, dict):
        return {k: to_torch(v) for k, v in value.items()}
    return value

def same(expected, actual, rtol, atol):
    if isinstance(actual, torch.Tensor):
        actual = actual.detach().cpu().numpy()
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and same(v, actual[k], rtol, atol) for k, v in expected.items())
    if isinstance(expected, (tuple, list)):
        return (isinstance(actual, (tuple, list)) and len(actual) == len(expected)
                and all(same(e, a, rtol, atol) for e, a in zip(expected, actual)))
    if isinstance(expected, int) and not isinstance(expected, bool):
        if isinstance(actual, np.ndarray) and actual.shape == () and actual.dtype.kind in "iu":
            actual = int(actual)
        return isinstance(actual, (int, np.integer)) and int(actual) == expected
    try:
        a, e = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True))

def main():
    with open(sys.argv[1], "rb") as handle:
        spec = pickle.load(handle)
    loader = importlib.util.spec_from_file_location("submission", sys.argv[2])
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    function = getattr(module, spec["entry"])
    ok = True
    for args, kwargs, raises, expected in spec["cases"]:
        if sys.argv[3] == "torch":
            args, kwargs = to_torch(args), to_torch(kwargs)
        try:
            value = function(*args, **kwargs)
        except Exception as exc:
            ok = ok and raises == type(exc).__name__
            continue
        ok = ok and raises is None and same(expected, value, spec["rtol"], spec["atol"])
    print("pass" if ok else "fail")

main()
'''


@dataclass(frozen=True)
class Variant:
    """One distinct source: a solution, the reference, or a mutant."""

    exercise: str
    name: str
    correct: bool
    torch: bool
    source: str


@dataclass(frozen=True)
class Submission:
    learner: str
    variant: Variant
    path: Path


def reference_as_submission(path: Path, entry: str) -> str:
    """The reference module without its quizprep import and case builders, plus `entry = ...`."""
    text = path.read_text()
    kept = []
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quizprep"):
            continue
        uses_case = any(isinstance(n, ast.Name) and n.id == "Case" for n in ast.walk(node))
        if isinstance(node, ast.Import | ast.ImportFrom) or (
            isinstance(node, ast.FunctionDef) and node.name != "oracle" and not uses_case
        ):
            kept.append(ast.get_source_segment(text, node) or "")
    return "\n\n".join(kept) + f"\n\n\n{entry} = reference\n"


def variants(exercise: Exercise) -> tuple[list[Variant], list[Variant]]:
    """(correct, wrong) sources of one exercise, in a fixed order."""

    def make(name: str, correct: bool, source: str) -> Variant:
        uses_torch = inspect_source(source, "x.py", exercise.function).uses_torch
        return Variant(exercise.id, name, correct, uses_torch and exercise.accepts_torch, source)

    solutions = sorted((ROOT / "tests" / "solutions" / exercise.id).glob("*.py"))
    correct = [make(f"solution {p.stem}", True, p.read_text()) for p in solutions]
    ref = reference_as_submission(ROOT / "reference" / f"{exercise.id}.py", exercise.function)
    correct.append(make("reference", True, ref))
    mutants = sorted((ROOT / "reference" / "mutants" / exercise.id).glob("*.py"))
    return correct, [make(f"mutant {p.stem}", False, p.read_text()) for p in mutants]


def build(subs: Path, exercises: list[Exercise], n: int) -> list[Submission]:
    """n files per exercise; i % 5 in {0, 1, 2} is correct, else wrong, each pool in turn."""
    made = []
    for exercise in exercises:
        correct, wrong = variants(exercise)
        counts = [0, 0]
        for i in range(n):
            pool = correct if i % 5 < 3 else wrong
            slot = 0 if pool is correct else 1
            variant = pool[counts[slot] % len(pool)]
            counts[slot] += 1
            learner = f"learner{i:04d}"
            path = subs / learner / f"{exercise.id}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# {learner}/{exercise.id}.py (batch benchmark)\n{variant.source}")
            made.append(Submission(learner, variant, path))
    return made


def compute_seconds(variant: Variant, exercise: Exercise, grader: Grader) -> float:
    """Sum over cases of the best of 3 calls of the variant's function (inputs copied untimed)."""
    import torch

    def tensor(value: Any) -> Any:
        return torch.from_numpy(value) if isinstance(value, np.ndarray) else value

    namespace: dict[str, Any] = {"__name__": "bench_submission"}
    exec(compile(variant.source, f"{exercise.function}.py", "exec"), namespace)
    function = namespace[exercise.function]
    total = 0.0
    for case in grader.cases(exercise).cases:
        best = float("inf")
        for _ in range(3):
            args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
            if variant.torch:  # the worker's conversion: numpy arrays become tensors
                args = tuple(map(tensor, args))
                kwargs = {key: tensor(value) for key, value in kwargs.items()}
            started = time.perf_counter()
            with contextlib.suppress(Exception):  # a raise (mutant, ValueError case) counts too
                function(*args, **kwargs)
            best = min(best, time.perf_counter() - started)
        total += best
    return total


class TreePss(threading.Thread):
    """Polls the summed Pss of a process and all its descendants; keeps the peak. The parent of
    each pid is read once (new pids) or again (pids in the tree, which may be reparented)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.stop = root, threading.Event()
        self.peak_kib = self.samples = self.most_processes = self.denied = 0
        self.poll_cpu, self.parent, self.last = 0.0, dict[int, int](), set[int]()

    def run(self) -> None:
        while True:
            started = time.thread_time()
            pids = self.tree()
            total = sum(self.pss_kib(pid) for pid in pids)
            self.peak_kib = max(self.peak_kib, total)
            self.most_processes = max(self.most_processes, len(pids))
            self.samples += 1
            self.poll_cpu += time.thread_time() - started
            if self.stop.wait(POLL_SECONDS):
                return

    def tree(self) -> list[int]:
        alive = {int(e.name) for e in os.scandir("/proc") if e.name.isdigit()}
        self.parent = {pid: ppid for pid, ppid in self.parent.items() if pid in alive}
        for pid in alive - (self.parent.keys() - self.last):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                self.parent[pid] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                self.parent.pop(pid, None)
        children: dict[int, list[int]] = {}
        for pid, ppid in self.parent.items():
            children.setdefault(ppid, []).append(pid)
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        self.last = set(found)
        return found

    def pss_kib(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except PermissionError:
            self.denied += 1
        except (OSError, ValueError, IndexError):  # it ended between the listing and the read
            pass
        return 0


def run_quizprep(subs: Path, report: Path, workers: int, seed: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "quizprep", "grade", str(subs), "--workers", str(workers)]
    command += [*f"--seed {seed} --device cpu --format jsonl --output".split(), str(report)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        # cwd: the work folder, so a default results file of the grader lands there, not here
        process = subprocess.Popen(command, cwd=subs.parent, stdout=DEVNULL, stderr=stderr)
        poller = TreePss(process.pid)
        poller.start()
        code = process.wait()
        wall = time.perf_counter() - started
        poller.stop.set()
        poller.join()
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code not in (0, 1):
        raise SystemExit(f"quizprep grade exited {code}:\n{errors[-2000:]}")
    rows = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"wall": wall, "cpu": cpu, "rows": rows, "peak_mib": poller.peak_kib / 1024,
            "poll": poller}  # fmt: skip


def run_baseline(
    work: Path, sample: list[Submission], grader: Grader, workers: int
) -> tuple[float, int]:
    """Wall time of grading `sample` the obvious way, and how many verdicts were wrong."""
    script = work / "baseline_check.py"
    script.write_text(BASELINE)
    for exercise_id in {s.variant.exercise for s in sample}:
        exercise = grader.exercise(exercise_id)
        data = grader.cases(exercise)
        cases = zip(data.cases, data.expected, strict=True)
        spec = {"entry": exercise.function, "rtol": exercise.tolerance.rtol,
                "atol": exercise.tolerance.atol,
                "cases": [(c.args, c.kwargs, c.raises, e) for c, e in cases]}  # fmt: skip
        (work / f"cases_{exercise_id}.pkl").write_bytes(pickle.dumps(spec))

    def one(sub: Submission) -> str:
        arrays = "torch" if sub.variant.torch else "numpy"
        cases = work / f"cases_{sub.variant.exercise}.pkl"
        command = [sys.executable, str(script), str(cases), str(sub.path), arrays]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else "error"

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(one, sample))
    wall = time.perf_counter() - started
    wrong = [s for s, v in zip(sample, verdicts, strict=True) if (v == "pass") != s.variant.correct]
    for sub in wrong:
        print(f"!!! baseline disagrees on {sub.path} ({sub.variant.name})", file=sys.stderr)
    return wall, len(wrong)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-per-exercise", type=int, default=200)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-sample", type=int, metavar="K", help="default: all")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate in DIR and keep it")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0))
    pack = load_pack(builtin_pack_dir())
    grader = Grader(pack, seed=args.seed, device="cpu")
    exercises = [grader.exercise(e) for e in EXERCISES]
    work = Path(tempfile.mkdtemp(prefix="quizprep-batch-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):  # a fresh folder: no old submissions, results or caches
        raise SystemExit(f"--keep {work}: the folder must be empty or not exist yet")
    try:
        return bench(args, cpus, grader, exercises, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def bench(
    args: argparse.Namespace, cpus: int, grader: Grader, exercises: list[Exercise], work: Path
) -> int:
    subs = build(work / "subs", exercises, args.n_per_exercise)
    n, w = len(subs), args.workers
    print(f"batch benchmark: {n} submissions, --workers {w}, seed {args.seed}, {cpus} CPUs, cpu")
    print(f"{'mix':<22}{'correct':>8}{'wrong':>7}{'torch':>7}{'numpy':>7}")
    for ex in [*(e.id for e in exercises), "total"]:
        mine = [s.variant for s in subs if ex in ("total", s.variant.exercise)]
        good, uses_torch = sum(v.correct for v in mine), sum(v.torch for v in mine)
        print(f"{ex:<22}{good:>8}{len(mine) - good:>7}{uses_torch:>7}{len(mine) - uses_torch:>7}")

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        import torch

        torch.set_num_threads(1)
        distinct = {(s.variant.exercise, s.variant.name): s.variant for s in subs}
        measured = {
            k: compute_seconds(v, grader.exercise(k[0]), grader) for k, v in distinct.items()
        }

    q = run_quizprep(work / "subs", work / "report.jsonl", w, args.seed)
    rows = {(r.get("learner"), r["exercise"]): r for r in q["rows"]}
    checks = [c for r in q["rows"] for c in r["checks"]]
    if checks and all("seconds" in c for c in checks):
        compute = sum(c["seconds"] for c in checks)
        method = "sum of the per-case seconds the worker measured, from the JSON rows"
    else:
        compute = sum(measured[(s.variant.exercise, s.variant.name)] for s in subs)
        method = "measured in the bench: each distinct source on the same cases, best of 3"
    statuses = Counter(r["status"] for r in q["rows"])
    disagree = []
    for sub in subs:
        status = rows.get((sub.learner, sub.variant.exercise), {}).get("status", "missing")
        if (status == "pass") != sub.variant.correct:
            disagree.append(f"{sub.path.relative_to(work)} ({sub.variant.name}): {status}")
    width = min(w, cpus)
    overhead_ms = 1000 * (q["wall"] * width - compute) / n
    cpu_overhead_ms = 1000 * (q["cpu"] - compute) / n

    k = n if args.baseline_sample is None else max(1, min(args.baseline_sample, n))
    sample = subs if k == n else sorted(random.Random(args.seed).sample(subs, k), key=subs.index)
    measured_wall, baseline_wrong = run_baseline(work, sample, grader, w)
    baseline = measured_wall * n / k
    ratio, extra = baseline / q["wall"], "" if k == n else " (EXTRAPOLATED)"
    poll: TreePss = q["poll"]
    ok = {True: "PASS", False: "MISS"}
    table = [
        ("quizprep grade", ""),
        ("wall time", f"{q['wall']:.2f} s"),
        ("throughput", f"{n / q['wall']:.1f} submissions/s"),
        ("checks' own compute", f"{compute:.3f} s in all ({method})"),
        ("overhead per submission", f"{overhead_ms:.1f} ms = (wall x {width} - compute) / {n}"),
        ("  the same from CPU time", f"{cpu_overhead_ms:.1f} ms = (CPU of the tree "
         f"{q['cpu']:.2f} s - compute) / {n}"),
        ("peak memory (Pss of the tree)", f"{q['peak_mib']:.0f} MiB ({poll.samples} polls, every "
         f"{POLL_SECONDS * 1000:.0f} ms, of up to {poll.most_processes} processes; "
         f"{poll.denied} reads denied; polling used {poll.poll_cpu:.2f} s CPU)"),
        ("statuses", ", ".join(f"{s} {c}" for s, c in sorted(statuses.items()))),
        ("verdicts vs truth", f"{len(disagree)} DISAGREE" if disagree else "all agree"),
        (f"baseline: fresh python + numpy + torch per submission, {w} at a time", ""),
        ("wall time", f"{baseline:.2f} s" + (f"{extra}, measured {measured_wall:.2f} s on a "
         f"deterministic sample of {k}" if extra else ", measured")),
        ("throughput", f"{n / baseline:.1f} submissions/s{extra}"),
        ("verdicts vs truth", f"{k - baseline_wrong} of {k} agree (checks the baseline itself)"),
        ("ratio baseline / quizprep", f"{ratio:.1f}x{extra}"),
        (f"targets (issue 6: on 2 cores; here {cpus})", ""),
        (f">= {TARGET_RATIO:.0f}x faster than baseline",
         f"{ratio:8.1f} x    {ok[ratio >= TARGET_RATIO]}"),
        (f"overhead <= {TARGET_OVERHEAD_MS:.0f} ms/submission",
         f"{overhead_ms:8.1f} ms   {ok[overhead_ms <= TARGET_OVERHEAD_MS]}"),
        ("peak memory <= 1.5 GB (1431 MiB)",
         f"{q['peak_mib']:8.0f} MiB  {ok[q['peak_mib'] <= TARGET_PEAK_MIB]}"),
    ]  # fmt: skip
    for label, value in table:
        print(f"  {label:<36}{value}" if value else label)
    for problem in disagree:
        print(f"!!! WRONG VERDICT: {problem}", file=sys.stderr)
    if args.json:
        result = {"submissions": n, "workers": w, "cpus": cpus, "seed": args.seed,
                  "quizprep_wall_s": q["wall"], "compute_s": compute, "compute_method": method,
                  "overhead_ms": overhead_ms, "cpu_overhead_ms": cpu_overhead_ms,
                  "peak_pss_mib": q["peak_mib"], "statuses": dict(statuses),
                  "disagreements": disagree, "baseline_wall_s": baseline, "baseline_sample": k,
                  "baseline_extrapolated": k != n, "ratio": ratio}  # fmt: skip
        print(json.dumps(result, indent=2))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())

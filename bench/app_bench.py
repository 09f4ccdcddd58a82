"""The app's latencies: first paint (cold and warm) in a real terminal, and run key -> results.

First paint: launches `quizprep` in tmux (80x24) with a fresh QUIZPREP_HOME and polls the screen
every 10 ms until the home screen's "Topics" title shows. "cold" is the first launch (no
database yet; with --drop-caches, also after dropping the OS page cache, which needs root),
"warm" the median of the next launches.

Run key -> results, on the cross_entropy exercise with a correct solution in the workspace,
NumPy-style and PyTorch-style: in a real terminal (tmux, 100x30: the learner opens the exercise
through the command palette, reads for a few seconds, presses ctrl+r; the time until the new
verdict is on the screen, polled every 5 ms, tmux's own round trips included), first run and
repeats; and headless (Textual's pilot), the time until the results widget holds the verdict
(not until `pilot.press` returns: it also waits for the screen's animations to settle, ~0.15 s
that no learner waits for). Numbers go into notes, never assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def first_paint_seconds(home: Path) -> float:
    session = f"quizprep-bench-{os.getpid()}"
    quizprep = Path(sys.executable).with_name("quizprep")
    started = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            f"QUIZPREP_HOME={home} {quizprep}",
        ],
        check=True,
    )
    try:
        _wait_for_screen(session, "Topics", limit=30)
        return time.perf_counter() - started
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _wait_for_screen(session: str, text: str, limit: float = 60.0) -> None:
    """Poll the screen every 5 ms until it shows `text`."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in _screen(session):
            return
        time.sleep(0.005)
    raise SystemExit(f"{text!r} did not appear within {limit:.0f} s:\n{_screen(session)}")


def terminal_run_seconds(solution: Path, repeats: int) -> list[float]:
    """ctrl+r -> the new verdict on the screen, in a real terminal: first run, then repeats."""
    session = f"quizprep-bench-run-{os.getpid()}"
    quizprep = Path(sys.executable).with_name("quizprep")
    home = Path(tempfile.mkdtemp(prefix="quizprep-bench-"))
    (home / "workspace").mkdir()
    shutil.copy(solution, home / "workspace" / "cross_entropy.py")
    command = f"QUIZPREP_HOME={home} {quizprep}"
    size = ["-x", "100", "-y", "30"]
    subprocess.run(["tmux", "new-session", "-d", "-s", session, *size, command], check=True)
    try:
        _wait_for_screen(session, "Topics")
        subprocess.run(["tmux", "send-keys", "-t", session, "C-p"], check=True)
        _wait_for_screen(session, "🔎")
        subprocess.run(["tmux", "send-keys", "-t", session, "cross-entropy loss"], check=True)
        _wait_for_screen(session, "What is cross-entropy loss")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        _wait_for_screen(session, "e Exercise")
        subprocess.run(["tmux", "send-keys", "-t", session, "e"], check=True)
        _wait_for_screen(session, "^r Run")
        time.sleep(3)  # the learner reads the task; the app warms up meanwhile
        times = []
        for _ in range(repeats + 1):
            before = [line for line in _screen(session).splitlines() if " seed " in line]
            started = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "C-r"], check=True)
            while time.perf_counter() - started < 60:
                lines = [line for line in _screen(session).splitlines() if " seed " in line]
                if lines and lines != before:
                    break
                time.sleep(0.005)
            times.append(time.perf_counter() - started)
            if not lines or "PASS" not in lines[0]:
                raise SystemExit(f"no pass on the screen:\n{_screen(session)}")
            time.sleep(0.5)
        return times
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


async def run_to_results(solution: Path, repeats: int) -> list[float]:
    from textual.widgets import Static

    from quizprep.bank.pack import builtin_pack_dir, load_pack
    from quizprep.progress.store import ProgressStore
    from quizprep.sandbox.pool import shared_pool
    from quizprep.tui.app import QuizprepApp
    from quizprep.tui.screens.exercise import ExerciseScreen

    home = Path(tempfile.mkdtemp(prefix="quizprep-bench-"))
    try:
        (home / "workspace").mkdir()
        shutil.copy(solution, home / "workspace" / "cross_entropy.py")
        app = QuizprepApp(
            [load_pack(builtin_pack_dir())], ProgressStore(home / "p.sqlite3"), home / "workspace"
        )
        times = []
        async with app.run_test(size=(80, 24)) as pilot:
            question = app.trainer.question("cross_entropy_loss")
            assert question is not None
            app.open_question(question)
            await pilot.pause()
            await pilot.press("e")
            screen = app.screen
            assert isinstance(screen, ExerciseScreen)
            results = screen.query_one("#results", Static)
            # the learner reads the task first; the app's warm-up ends meanwhile
            await asyncio.to_thread(lambda: [shared_pool().zygote(k) for k in ("numpy", "torch")])
            await asyncio.sleep(1)
            for _ in range(repeats):
                results.update("")
                started = time.perf_counter()
                press = asyncio.create_task(pilot.press("ctrl+r"))
                while not str(results.render()).startswith(("PASS", "FAIL", "ERROR")):
                    await asyncio.sleep(0.002)
                times.append(time.perf_counter() - started)
                await press
                assert str(results.render()).startswith("PASS"), str(results.render())[:200]
        return times
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _first_then(times: list[float]) -> str:
    rest = statistics.median(times[1:])
    return f"first {times[0] * 1000:.0f} ms, then median {rest * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop-caches", action="store_true")
    args = parser.parse_args()
    if shutil.which("tmux") is not None:
        home = Path(tempfile.mkdtemp(prefix="quizprep-startup-"))
        try:
            dropped = args.drop_caches and drop_caches()
            cold = first_paint_seconds(home)
            warm = [first_paint_seconds(home) for _ in range(args.repeat)]
        finally:
            shutil.rmtree(home, ignore_errors=True)
        print(
            f"first paint, cold (first launch{', page cache dropped' if dropped else ''}): "
            f"{cold:.2f} s"
        )
        print(
            f"first paint, warm: median {statistics.median(warm):.2f} s "
            f"(min {min(warm):.2f}, max {max(warm):.2f}, {len(warm)} launches)"
        )
    else:
        print("first paint: skipped (needs tmux)")
    for style in ("logaddexp", "torch_style"):
        solution = ROOT / "tests" / "solutions" / "cross_entropy" / f"{style}.py"
        if shutil.which("tmux") is not None:
            times = terminal_run_seconds(solution, args.repeat)
            print(f"ctrl+r -> verdict on screen, {style}, real terminal: {_first_then(times)}")
        times = asyncio.run(run_to_results(solution, args.repeat + 1))
        print(f"ctrl+r -> results widget, {style}, headless: {_first_then(times)}")


if __name__ == "__main__":
    main()

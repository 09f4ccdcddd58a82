"""The app's latencies: first paint (cold and warm) in a real terminal, and run key -> results.

First paint: launches `quizprep` in tmux (80x24) with a fresh QUIZPREP_HOME and polls the screen
every 10 ms until the home screen's "Topics" title shows. "cold" is the first launch (no
database yet; with --drop-caches, also after dropping the OS page cache, which needs root),
"warm" the median of the next launches.

Run key -> results: drives the app headless (Textual's pilot) on the cross_entropy exercise with a
correct solution in the workspace, presses ctrl+r and waits until the results show; NumPy-style
and PyTorch-style solutions, first run and a repeat. Numbers go into notes, never assertions.
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
        while time.perf_counter() - started < 30:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if "Topics" in screen:
                return time.perf_counter() - started
            time.sleep(0.01)
        raise SystemExit("the home screen did not appear within 30 s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


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
            for _ in range(repeats):
                results.update("")
                started = time.perf_counter()
                await pilot.press("ctrl+r")
                while not str(results.render()).startswith(("PASS", "FAIL", "ERROR")):
                    await asyncio.sleep(0.005)
                times.append(time.perf_counter() - started)
                assert str(results.render()).startswith("PASS"), str(results.render())[:200]
        return times
    finally:
        shutil.rmtree(home, ignore_errors=True)


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
        times = asyncio.run(run_to_results(solution, args.repeat))
        print(
            f"ctrl+r -> results, cross_entropy ({style}): first {times[0]:.2f} s, then median "
            f"{statistics.median(times[1:]):.2f} s"
        )


if __name__ == "__main__":
    main()

"""The jail's allow-list: what a job's root holds, and what it must never hold."""

from __future__ import annotations

import os
from pathlib import Path

import quizprep
from quizprep.sandbox.policy import DEVICES, build_policy, work_folder

REPO = Path(quizprep.__file__).resolve().parents[1]


def test_the_root_holds_no_answers_and_no_quizprep() -> None:
    policy = build_policy()
    targets = [mount.target for mount in policy.mounts]
    for secret in ("questions", "reference", "quizprep", "tests", ".git", "examples"):
        assert not any(
            t == str(REPO / secret) or t.startswith(f"{REPO / secret}/") for t in targets
        )
    assert not any("quizprep" in name.lower() for name in policy.distributions)
    assert not any(
        t.startswith(("/home", "/root/.ssh", "/etc/shadow", "/dev/pts")) for t in targets
    )
    devices = {t.removeprefix("/dev/") for t in targets if t.startswith("/dev/")}
    assert devices <= {*DEVICES, "shm", "fd", "stdin", "stdout", "stderr"} | {
        d for d in devices if d.startswith("nvidia")
    }
    assert {"numpy", "torch"} <= {name.lower() for name in policy.distributions}


def test_every_bind_is_read_only_and_exists() -> None:
    for mount in build_policy().mounts:
        if mount.kind == "bind":
            assert os.path.exists(mount.source), mount
        assert mount.kind in ("bind", "tmpfs", "symlink", "file", "dir"), mount


def test_the_work_folder_never_covers_python() -> None:
    assert work_folder(["/usr/lib/x86_64-linux-gnu", "/home/me/.venv"]) == "/tmp"
    assert work_folder(["/tmp/clone/.venv/lib/python3.11/site-packages/numpy"]) == "/sandbox-tmp"
    policy = build_policy()
    assert not any(m.target.startswith(policy.work + "/") for m in policy.mounts)


def test_the_policy_round_trips_through_plain_data() -> None:
    policy = build_policy()
    again = type(policy).from_data(policy.to_data())
    assert again.mounts == policy.mounts and again.work == policy.work

"""The jail's allow-list: what a job's root holds, and what it must never hold."""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

import quizprep
from quizprep.sandbox.policy import (
    DEVICES,
    _headers,
    _top_level_paths,
    build_policy,
    work_folder,
)

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


def test_the_quick_metadata_read_agrees_with_the_email_parser() -> None:
    """`_headers` reads only METADATA's header block; for every distribution installed here it
    finds what `Distribution.metadata` and `.requires` do."""
    from importlib import metadata

    for dist in metadata.distributions():
        assert _headers(dist) == (dist.metadata["Name"], list(dist.requires or [])), dist._path  # type: ignore[attr-defined]


def test_top_level_entries_come_from_record_quoted_paths_too(tmp_path: Path) -> None:
    from importlib import metadata

    info = tmp_path / "odd-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: odd\nVersion: 1.0\n\n")
    record = [
        "odd/__init__.py,sha256=x,10",
        '"odd,comma/data.txt",sha256=y,3',
        "odd_single.py,,",
        "../../bin/odd,,",
        "odd.pth,,",
        "__pycache__/x.pyc,,",
        "odd-1.0.dist-info/RECORD,,",
    ]
    (info / "RECORD").write_text("\n".join(record) + "\n")
    for name in ("odd", "odd,comma", "__pycache__"):
        (tmp_path / name).mkdir()
    for name in ("odd_single.py", "odd.pth"):
        (tmp_path / name).write_text("")
    (dist,) = metadata.distributions(path=[str(tmp_path)])
    tops = {Path(p).name for p in _top_level_paths(dist)}
    assert tops == {"odd", "odd,comma", "odd_single.py", "odd-1.0.dist-info"}


def test_top_level_entries_agree_with_the_csv_reader_for_every_installed_distribution() -> None:
    """The quick RECORD scan finds, for each distribution installed here (torch's 40,000 lines
    included), the entries `Distribution.files` (csv, a path object per line) gives."""
    checked = 0
    for dist in metadata.distributions():
        base = str(dist.locate_file(""))
        tops = {str(file).replace("\\", "/").split("/", 1)[0] for file in dist.files or []} - {
            "",
            "..",
            "__pycache__",
        }
        tops = {t for t in tops if not t.endswith(".pth") and not t.startswith("__editable__")}
        if not dist.read_text("RECORD"):
            continue  # the top_level.txt fallback is another test's
        meta = getattr(dist, "_path", None)
        expected = [os.path.join(base, top) for top in sorted(tops)]
        expected = [p for p in [*expected, *([str(meta)] if meta else [])] if os.path.lexists(p)]
        assert _top_level_paths(dist) == expected, dist.metadata["Name"]
        checked += 1
    assert checked > 20

"""Hostile submissions, second round: the holes a hide-list leaves (SANDBOX.md "Hide-lists leak;
build the root from an allow-list", "Test it the way an attacker would").

A copy of the host filesystem with a few folders hidden let learner code read copies of the
answers (the checkout's bank, git objects, test solutions, the bank installed in site-packages,
other packs), classmates' files in a batch folder, the grader's `$HOME` and `/etc/shadow`, and the
host's `/dev`; it let a job stall the warm zygote through an inherited pipe, keep memory after it
ended (SysV shared memory, memfd), talk to the next job (SysV IPC, `/dev/shm`), starve a
neighbour's wall-clock budget, and run as root. Each test here asserts the secure behaviour:

1. answers: nothing of the checkout, the installed package or another pack exists in the sandbox;
2. classmates: a submission in a batch folder cannot find or import another learner's file;
3. the grader's own files: no `$HOME`, `/root`, `/home` or `/etc/shadow`;
4. the terminal: no `/dev/pts`, and `/dev` holds only null, zero, full, random, urandom, shm (and
   the fd/stdin/stdout/stderr links);
5. descriptors: a job inherits none but its event channel, and cannot stall the next jobs;
6. memory and IPC: SysV shared memory and memfds count against the job and die with it; nothing
   planted in SysV IPC or `/dev/shm` reaches the next job;
7. CPU: a job spinning 200 processes cannot time out an honest neighbour graded beside it;
8. `multiprocessing` (a private `/dev/shm`) works for a correct submission;
9. the job runs as uid/gid 65534, also when the grader is root;
10. only allowed libraries import (numpy, torch, the standard library; not yaml), and a
    submission's own source is there for `inspect` and for the line a failure shows;
11. the same, run as uid 65534 (test_secure_root_as_nobody).

Hostile sources try the attack and, where it works, pass (return the stolen answer) or raise an
error saying "managed to ..." with what they got; where it fails they raise "could not ...".
A folder may exist in the sandbox only as the way to the interpreter's own files (an ancestor of
sys.prefix or a sys.path entry), holding nothing else: on this machine kind the interpreter lives
under /root/.pyenv. Everything a test writes lives under /var/tmp, never /tmp: each worker gets
its own /tmp, which would hide things by accident. Nothing here depends on machine speed: only
verdicts are asserted, and waits are for processes and the kernel to finish with generous limits.
Cases that could leave the shared warm zygote broken (stalled, holding memory) grade in a child
process of their own (GRADE_SCRIPT), whose pool dies with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import quizprep
from quizprep.bank.pack import Pack, builtin_pack_dir, load_pack
from quizprep.bank.schema import Exercise
from quizprep.grading.grader import Grader
from quizprep.grading.result import GradeResult
from tests.conftest import CORRECT_TINY, write_tiny_pack
from tests.sandbox.test_hostile import (
    NOBODY,
    NOBODY_UID,
    assert_nothing_left,
    first_failure,
    new_mark,
    python_for_nobody,
    render,
)

SUBMISSION = "scaled_sum.py"
REPO = Path(quizprep.__file__).resolve().parents[1]
PACKAGE = Path(quizprep.__file__).resolve().parent
DEV_ALLOWED = (
    "full",
    "null",
    "random",
    "shm",
    "urandom",
    "zero",
    "fd",
    "stdin",
    "stdout",
    "stderr",
)
"""What /dev may hold: the five safe device nodes, a private shm, and the standard links."""
NOBODY_ID = 65534
GiB = 1 << 30


# ---------------------------------------------------------------------------------------------
# Verdicts, from a GradeResult in this process or a row printed by GRADE_SCRIPT


@dataclass(frozen=True)
class Verdict:
    status: str
    message: str
    dumped: str
    """json.dumps of the whole result: where no stolen secret may appear."""
    isolation: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: GradeResult) -> Verdict:
        return cls(
            result.status,
            first_failure(result) if result.status != "pass" else "",
            json.dumps(result.to_json()),
            tuple(result.isolation),
        )

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> Verdict:
        return cls(
            row["status"], row["message"], json.dumps(row["result"]), tuple(row["isolation"])
        )

    def __str__(self) -> str:
        return f"{self.status}: {self.message[:1500]}"


def assert_no_leak(verdict: Verdict, secrets: dict[str, str]) -> None:
    """None of `secrets` (what -> text) appears anywhere in the result."""
    leaked = [what for what, text in secrets.items() if text and text in verdict.dumped]
    assert not leaked, f"the result carries {', '.join(leaked)}: {verdict}"


# ---------------------------------------------------------------------------------------------
# Fixtures and grading helpers


@pytest.fixture(scope="module")
def var_tmp() -> Iterator[Path]:
    """A fresh folder under /var/tmp for the module (packs, batch folders, fake homes)."""
    if not os.path.isdir("/var/tmp"):
        pytest.skip("there is no /var/tmp (a folder outside the sandbox's private /tmp)")
    root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-v2-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def pack(var_tmp: Path) -> Pack:
    """The tiny pack being graded, under /var/tmp."""
    return load_pack(write_tiny_pack(var_tmp / "pack"))


@pytest.fixture(scope="module")
def other_pack(var_tmp: Path) -> Pack:
    """A second tiny pack under /var/tmp that is NOT the one being graded."""
    return load_pack(write_tiny_pack(var_tmp / "other-pack"))


def scaled_sum_of(pack: Pack) -> Exercise:
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None
    return exercise


def grade(pack: Pack, source: str, *, timeout: float | None = None) -> GradeResult:
    return Grader(pack, seed=0, timeout=timeout).grade_source(
        source, scaled_sum_of(pack), submission=SUBMISSION
    )


def grade_hostile(
    pack: Pack, template: str, replacements: dict[str, str], *, timeout: float | None = None
) -> Verdict:
    """Grade a hostile template (PRELUDE added, @MARK@ filled), check nothing it started is
    left, and return its verdict."""
    mark = new_mark()
    source = render(template, {"MARK": mark, **replacements})
    result = grade(pack, source, timeout=timeout)
    assert_nothing_left([mark])
    return Verdict.of(result)


def _chmod_tree(root: Path, owner: int | None = None) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
        if owner is not None:
            os.chown(path, owner, owner)


# A child process that grades steps with one Grader per timeout (so "the same Grader" grades a
# sequence) and prints a JSON row per step: verdict, whole result, and how much MemAvailable
# dropped across the step (after waiting up to `settle` seconds for the kernel to free a job's
# memory). Its worker pool, and whatever a job left in it, ends with it.
GRADE_SCRIPT = """\
import json
import sys
import time

from quizprep.bank.pack import load_pack
from quizprep.grading.grader import Grader


def available():
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) << 10
    return 0


pack = load_pack(sys.argv[1])
with open(sys.argv[2]) as handle:
    steps = json.load(handle)
graders = {}
for step in steps:
    timeout = step.get("timeout")
    if timeout not in graders:
        graders[timeout] = Grader(pack, seed=0, timeout=timeout)
    before = available()
    result = graders[timeout].grade_source(
        step["source"], pack.exercise("scaled_sum"), submission="scaled_sum.py"
    )
    after = available()
    settle = time.monotonic() + step.get("settle", 0)
    while before - after > step.get("max_drop", 1 << 62) and time.monotonic() < settle:
        time.sleep(0.2)
        after = available()
    first = next((c.message for c in result.checks if c.status != "pass"), "")
    row = {
        "status": result.status,
        "message": first,
        "result": result.to_json(),
        "isolation": list(result.isolation),
        "dropped": before - after,
    }
    print(json.dumps({step["name"]: row}), flush=True)
    if step.get("stop_unless_pass") and result.status != "pass":
        print("stopped after", step["name"], flush=True)
        break
print("all graded", flush=True)
"""


def child_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment for a child Python that imports this very quizprep (REPO first)."""
    env = os.environ.copy() if base is None else dict(base)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def step(name: str, source: str, *, timeout: float | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "source": source, "timeout": timeout, **extra}


def run_grade_script(
    root: Path,
    pack_dir: Path,
    steps: list[dict[str, Any]],
    *,
    python: str = sys.executable,
    user: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[dict[str, dict[str, Any]], str]:
    """Run GRADE_SCRIPT over `steps` in a child (as `user` when given); its rows by step name
    and everything it printed."""
    (root / "steps.json").write_text(json.dumps(steps))
    (root / "grade.py").write_text(GRADE_SCRIPT)
    for name in ("steps.json", "grade.py"):
        os.chmod(root / name, 0o644)
    ran = subprocess.run(
        [*(user or []), python, str(root / "grade.py"), str(pack_dir), str(root / "steps.json")],
        capture_output=True,
        text=True,
        cwd=root,
        env=child_env(env),
        timeout=400,
    )
    rows: dict[str, dict[str, Any]] = {}
    for line in ran.stdout.splitlines():
        if line.startswith("{"):
            rows.update(json.loads(line))
    assert ran.returncode == 0, (ran.returncode, ran.stdout[-3000:], ran.stderr[-3000:])
    assert "all graded" in ran.stdout, ran.stderr[-3000:]
    return rows, ran.stdout + ran.stderr


def grade_folder_cli(
    folder: Path, pack_dir: Path, fmt: str, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`quizprep grade FOLDER --pack PACK --format FMT --no-results`, from outside /tmp."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "quizprep",
            "grade",
            str(folder),
            "--pack",
            str(pack_dir),
            "--format",
            fmt,
            "--no-results",
            "--seed",
            "0",
            "--device",
            "cpu",
        ],
        capture_output=True,
        text=True,
        cwd=folder.parent,
        env=child_env(env),
        timeout=300,
    )


def json_rows(ran: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    try:
        rows = json.loads(ran.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"`quizprep grade --format json` printed no JSON (exit {ran.returncode}): "
            f"{ran.stdout[-1500:]!r} {ran.stderr[-1500:]!r}"
        ) from None
    assert isinstance(rows, list), rows
    return rows


# ---------------------------------------------------------------------------------------------
# 1 and 3. Copies of the answers and the grader's private files must not exist in the sandbox.
#
# The probe looks at each target: a path that does not exist (ENOENT/ENOTDIR) is what we want;
# a folder that exists only on the way to Python's own files (holding nothing else) is
# tolerated; anything else (a file, a folder with other entries, even an EACCES) is "found",
# with the first bytes read (as text and hex) or the entries listed. IMPORTS are reference
# modules: one that imports is used to pass. SCAN also lists every sys.path folder for copies
# of the package or its bank.

PROBE = """\
import importlib.util
import json
import os
import site
import sys

TARGETS = json.loads('@TARGETS@')
IMPORTS = json.loads('@IMPORTS@')
SCAN = @SCAN@
FOUND = []
MISSING = []
STOLEN = []


def _python_paths():
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)}
    paths |= {p for p in sys.path if p.startswith("/")}
    return {q for p in paths for q in (p, os.path.realpath(p))}


PYTHON = _python_paths()


def _on_the_way_to_python(path):
    return any(p == path or p.startswith(path.rstrip("/") + "/") for p in PYTHON)


def _copy_of_the_package(name):
    low = name.lower()
    return (
        low.startswith("quizprep")
        or "_bank" in low
        or low.startswith("__editable__")
        or ("editable" in low and "quizprep" in low)
    )


def _probe(path):
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        MISSING.append(path)
        return
    except OSError as exc:
        FOUND.append(f"{path} (it exists: {exc.strerror})")
        return
    try:
        if os.path.isdir(path):
            names = sorted(os.listdir(path))
            extra = [n for n in names if not _on_the_way_to_python(os.path.join(path, n))]
            if extra:
                FOUND.append(f"{path} (lists {extra[:8]})")
            else:
                MISSING.append(path)
        else:
            with open(path, "rb") as handle:
                data = handle.read(200)
            print(f"stolen from {path}:", data.decode(errors="replace"))
            FOUND.append(f"{path} (reads {data[:60]!r} = {data[:32].hex()})")
    except OSError as exc:
        FOUND.append(f"{path} (it exists: {exc.strerror})")


def _scan():
    folders = [p for p in sys.path if p.startswith("/")]
    with_site = getattr(site, "getsitepackages", lambda: [])
    folders += list(with_site())
    for folder in sorted(set(folders)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        copies = sorted(n for n in names if _copy_of_the_package(n))
        if copies:
            FOUND.append(f"{folder} (holds {copies[:8]})")


def _steal(path):
    spec = importlib.util.spec_from_file_location("stolen_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    STOLEN.append(module.reference)


def _look():
    for path in TARGETS:
        _probe(path)
    if SCAN:
        _scan()
    for path in IMPORTS:
        try:
            _steal(path)
        except Exception:
            pass


def scaled_sum(a, b, scale):
    if not FOUND and not MISSING:
        _look()
    if STOLEN:
        return STOLEN[0](a, b, scale)  # another pack's reference, copied
    if FOUND:
        raise RuntimeError("managed to find " + "; ".join(FOUND))
    raise RuntimeError(f"could not find any of {len(MISSING)} paths")
"""


@dataclass(frozen=True)
class Probe:
    """Paths a submission must not find; `secrets` are text from them that must not leak."""

    targets: list[str]
    imports: list[str]
    secrets: dict[str, str]
    scan: bool = False

    def replacements(self) -> dict[str, str]:
        return {
            "TARGETS": json.dumps(self.targets),
            "IMPORTS": json.dumps(self.imports),
            "SCAN": "True" if self.scan else "False",
        }


def _first_file(folder: Path, pattern: str = "*") -> Path | None:
    files = sorted(p for p in folder.rglob(pattern) if p.is_file() and not p.is_symlink())
    return files[0] if files else None


def _file_secret(path: Path) -> str:
    """What the probe shows of a file that only the file holds: its first 32 bytes as hex."""
    with open(path, "rb") as handle:
        return handle.read(32).hex()


def _site_package_copies() -> list[str]:
    """Copies of the package, its bank or its editable finder in this environment's
    site-packages."""
    folders = set(site.getsitepackages())
    paths = sysconfig.get_paths()
    folders |= {paths["purelib"], paths["platlib"]}
    found = []
    for folder in sorted(f for f in folders if os.path.isdir(f)):
        for name in sorted(os.listdir(folder)):
            low = name.lower()
            if (
                low.startswith("quizprep")
                or "_bank" in low
                or low.startswith("__editable__")
                or ("editable" in low and "quizprep" in low)
            ):
                found.append(os.path.join(folder, name))
                bank = Path(folder, name, "_bank")
                if bank.is_dir():
                    found.append(str(bank))
                    first = _first_file(bank)
                    if first is not None:
                        found.append(str(first))
    return found


def probe_for(
    what: str, pack: Pack, other_pack: Pack, home: Path | None = None, *, may_skip: bool = True
) -> Probe:
    """The paths of one kind of copy of the answers (or private file), as the host sees them;
    skips (when `may_skip`) when this machine has none of them (nothing to show)."""
    targets: list[Path] = []
    imports: list[str] = []
    scan = False
    if what == "builtin-pack-questions":
        folder = builtin_pack_dir()
        targets = [folder, folder / "pack.yaml", *sorted(folder.glob("*.yaml"))[:2]]
    elif what == "builtin-pack-reference":
        folder = load_pack(builtin_pack_dir()).reference_dir
        targets = [folder, *sorted(folder.glob("*.py"))[:2]]
        if (folder / "mutants").is_dir():
            targets += [folder / "mutants"]
    elif what == "git-objects":
        git = REPO / ".git"
        if not git.is_dir() and may_skip:
            pytest.skip(f"{REPO} has no .git folder")
        targets = [git, git / "HEAD", git / "config", git / "objects"]
        loose = _first_file(git / "objects", "[0-9a-f]*")
        if loose is not None:
            targets.append(loose)
    elif what == "test-solutions":
        folder = REPO / "tests" / "solutions"
        first = _first_file(folder, "*.py") if folder.is_dir() else None
        targets = [
            folder,
            *([first] if first else []),
            REPO / "tests",
            REPO / "tests" / "conftest.py",
        ]
    elif what == "quizprep-package":
        targets = [PACKAGE, PACKAGE / "grading", *sorted((PACKAGE / "grading").glob("*.py"))[:3]]
        targets += [PACKAGE / "bank" / "pack.py"]
    elif what == "site-packages":
        targets = [Path(p) for p in _site_package_copies()]
        scan = True  # and whatever the sandbox's own sys.path shows
    elif what == "checkout-root":
        targets = [REPO / name for name in ("questions", "reference", "tests", "quizprep", ".git")]
        targets += [REPO / "README.md", REPO / "pyproject.toml"]
    elif what == "graded-pack":
        targets = [pack.root, pack.reference_dir, pack.reference_dir / "scaled_sum.py"]
        targets += [pack.root / "pack.yaml", pack.root / "questions" / "scaled_sum.yaml"]
        imports = [str(pack.reference_dir / "scaled_sum.py")]
    elif what == "another-pack":
        other = other_pack
        targets = [other.root, other.reference_dir, other.reference_dir / "scaled_sum.py"]
        targets += [other.root / "questions" / "scaled_sum.yaml"]
        targets += [other.reference_dir / "mutants" / "scaled_sum" / "forgot_scale.py"]
        imports = [str(other.reference_dir / "scaled_sum.py")]
    elif what == "etc-shadow":
        targets = [Path("/etc/shadow"), Path("/etc/gshadow"), Path("/etc/sudoers")]
    elif what == "root-and-home":
        targets = [Path("/root"), Path("/root/.ssh"), Path("/root/.bashrc"), Path("/home")]
        targets += [Path("/root/.cache"), Path("/root/.config")]
    elif what == "graders-home":
        assert home is not None
        targets = [home, home / ".ssh", home / ".ssh" / "id_ed25519", Path("/root/.ssh")]
        targets += [Path("/root"), Path("/home"), Path("/etc/shadow")]
    else:
        raise KeyError(what)
    existing = [p for p in targets if os.path.lexists(p)]
    if not existing and not scan and may_skip:
        pytest.skip(f"nothing of {what} exists on this machine")
    secrets = {}
    for path in existing:
        with contextlib.suppress(OSError):
            if path.is_file():
                secrets[f"the first bytes of {path}"] = _file_secret(path)
    return Probe([str(p) for p in existing], imports, secrets, scan)


def check_probe(verdict: Verdict, probe: Probe, what: str) -> None:
    assert verdict.status != "pass", f"{what}: a submission passed by copying an answer: {verdict}"
    assert "managed to" not in verdict.message, f"{what}: the sandbox shows {verdict.message}"
    assert f"could not find any of {len(probe.targets)} paths" in verdict.message, (
        f"{what}: the probe did not run to the end: {verdict}"
    )
    assert_no_leak(verdict, probe.secrets)


PROBES = [
    "builtin-pack-questions",
    "builtin-pack-reference",
    "git-objects",
    "test-solutions",
    "quizprep-package",
    "site-packages",
    "checkout-root",
    "graded-pack",
    "another-pack",
    "etc-shadow",
    "root-and-home",
]


@pytest.mark.parametrize("what", PROBES)
def test_copies_of_the_answers_do_not_exist(what: str, pack: Pack, other_pack: Pack) -> None:
    """Holes 1 and 3: no copy of an answer (the checkout's bank, git objects, test solutions,
    the installed package and its bank, another pack, the graded pack) and none of the
    grader's private files (/etc/shadow, /root, /home) exists inside the sandbox."""
    probe = probe_for(what, pack, other_pack)
    verdict = grade_hostile(pack, PROBE, probe.replacements())
    check_probe(verdict, probe, what)


# ---------------------------------------------------------------------------------------------
# 2. Copying classmates: alice looks for the batch folder and imports bob's file.

CLASSMATE_THIEF = """\
import importlib.util
import os

STARTS = @STARTS@
CLASSMATES = []
SEEN = []
FOUND = []


def _load(path):
    spec = importlib.util.spec_from_file_location("classmate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with open(path) as handle:
        print("copied from", path, handle.read())
    CLASSMATES.append(module.scaled_sum)


def _mine(path):
    # alice's own file (wherever the sandbox put it) is not a classmate's
    own = os.path.abspath(__file__)
    try:
        if os.path.samefile(path, own):
            return True
        with open(path, "rb") as theirs, open(own, "rb") as mine:
            return theirs.read() == mine.read()
    except OSError:
        return False


def _look_in(folder):
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        SEEN.append(f"{folder}: {exc.strerror}")
        return
    for name in names:
        path = os.path.join(folder, name, "scaled_sum.py")
        if name == "alice" or not os.path.isfile(path) or _mine(path):
            continue
        FOUND.append(path)
        try:
            _load(path)
            return
        except Exception as exc:
            SEEN.append(f"{path}: {exc!r}")


def _search():
    starts = list(STARTS)
    for here in (os.getcwd(), os.path.dirname(os.path.abspath(__file__))):
        while True:  # every folder up from where we are, and each one's sub-folders
            starts.append(here)
            if here == "/":
                break
            here = os.path.dirname(here)
    for folder in starts:
        if CLASSMATES:
            return
        _look_in(folder)


def scaled_sum(a, b, scale):
    if not CLASSMATES and not SEEN and not FOUND:
        _search()
    if CLASSMATES:
        return CLASSMATES[0](a, b, scale)  # bob's answer
    if FOUND:
        raise RuntimeError(f"managed to find classmates' files {FOUND[:4]}: {SEEN[-3:]}")
    raise RuntimeError(f"could not find a classmate ({len(SEEN)} folders unreadable)")
"""


@pytest.mark.parametrize("route", ["batch-path", "own-location"])
def test_classmates_files_are_out_of_reach(route: str, pack: Pack, var_tmp: Path) -> None:
    """Hole 2: alice, graded in a batch folder beside bob and carol (both correct), cannot find
    or import bob's file: neither by the batch folder's path (substituted in) nor by walking
    up from her working folder and her own file."""
    root = Path(tempfile.mkdtemp(prefix=f"batch-{route}-", dir=var_tmp))
    try:
        subs = root / "subs"
        bob_marker = "bob-own-work-" + uuid.uuid4().hex
        for learner in ("alice", "bob", "carol"):
            (subs / learner).mkdir(parents=True)
        mark = new_mark()
        starts = [str(subs), str(subs / "bob")] if route == "batch-path" else []
        (subs / "alice" / SUBMISSION).write_text(
            render(CLASSMATE_THIEF, {"MARK": mark, "STARTS": repr(starts)})
        )
        (subs / "bob" / SUBMISSION).write_text(CORRECT_TINY + f"# {bob_marker}\n")
        (subs / "carol" / SUBMISSION).write_text(CORRECT_TINY)
        ran = grade_folder_cli(subs, pack.root, "json")
        assert_nothing_left([mark])
        rows = {row.get("learner"): row for row in json_rows(ran)}
        assert set(rows) == {"alice", "bob", "carol"}, list(rows)
        assert rows["bob"]["status"] == "pass", rows["bob"]["checks"][:1]
        assert rows["carol"]["status"] == "pass", rows["carol"]["checks"][:1]
        alice = rows["alice"]
        message = next((c["message"] for c in alice["checks"] if c["status"] != "pass"), "")
        assert alice["status"] != "pass", f"alice passed with bob's answer ({route}): {alice}"
        assert "could not find a classmate" in message, f"alice ({route}): {message}"
        assert bob_marker not in ran.stdout, f"bob's file reached the report ({route})"
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 3. The grader's $HOME (a fake one under /var/tmp with an SSH key), through the CLI.


def _fake_home(root: Path, owner: int | None = None) -> tuple[Path, str]:
    """A home folder holding .ssh/id_ed25519 (mode 600) with a unique secret."""
    secret = "qp-ssh-secret-" + uuid.uuid4().hex
    home = root / "home"
    (home / ".ssh").mkdir(parents=True)
    key = home / ".ssh" / "id_ed25519"
    key.write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{secret}\n")
    if owner is not None:
        for path in (home, home / ".ssh", key):
            os.chown(path, owner, owner)
    os.chmod(home, 0o700)
    os.chmod(home / ".ssh", 0o700)
    os.chmod(key, 0o600)
    return home, secret


def test_graders_home_is_out_of_reach(pack: Pack, other_pack: Pack, var_tmp: Path) -> None:
    """Hole 3: a batch graded with HOME set to a folder holding an SSH key: the submission reads
    the key by its absolute path, lists /root/.ssh, /root and /home, reads /etc/shadow; the
    gradescope report carries none of it, and the verdict is not a pass."""
    root = Path(tempfile.mkdtemp(prefix="home-", dir=var_tmp))
    try:
        os.chmod(root, 0o755)
        home, secret = _fake_home(root)
        probe = probe_for("graders-home", pack, other_pack, home=home)
        subs = root / "subs"
        (subs / "mallory").mkdir(parents=True)
        mark = new_mark()
        source = render(PROBE, {"MARK": mark, **probe.replacements()})
        (subs / "mallory" / SUBMISSION).write_text(source)
        env = os.environ.copy()
        for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "QUIZPREP_HOME"):
            env.pop(name, None)
        env["HOME"] = str(home)
        ran = grade_folder_cli(subs, pack.root, "gradescope", env=env)
        assert_nothing_left([mark])
        output = ran.stdout + ran.stderr
        assert secret not in output, (
            f"the grader's SSH key reached the report: {ran.stdout[-1500:]}"
        )
        for what, text in probe.secrets.items():
            assert text not in output, f"{what} reached the report: {ran.stdout[-1500:]}"
        try:
            report = json.loads(ran.stdout)
        except json.JSONDecodeError:
            raise AssertionError(f"no gradescope JSON: {output[-2000:]!r}") from None
        tests = report["tests"]
        assert len(tests) == 1, tests
        assert tests[0]["status"] == "failed", tests[0]
        assert "managed to" not in tests[0]["output"], tests[0]["output"]
        assert f"could not find any of {len(probe.targets)} paths" in tests[0]["output"], tests[0]
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 4. The host terminal and /dev

DEV_LISTING = """\
import os

ALLOWED = @ALLOWED@


def scaled_sum(a, b, scale):
    try:
        names = sorted(os.listdir("/dev"))
    except OSError as exc:
        raise RuntimeError(f"could not list /dev: {exc.strerror}") from None
    extra = [name for name in names if name not in ALLOWED]
    if extra:
        raise RuntimeError(f"managed to see in /dev: {extra}")
    raise RuntimeError(f"/dev holds only {names}")
"""

TERMINAL_THIEF = """\
import os

FOUND = []
FAILED = []


def scaled_sum(a, b, scale):
    if os.path.lexists("/dev/pts"):
        try:
            names = sorted(os.listdir("/dev/pts"))
        except OSError as exc:
            names = [f"(unlistable: {exc.strerror})"]
        if names:
            FOUND.append(f"list /dev/pts: {names}")
    for path in ("@PTY@", "/dev/tty", "/dev/console"):
        try:
            fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        except OSError as exc:
            FAILED.append(f"open {path}: {exc.strerror}")
            continue
        try:
            os.write(fd, b"typed into the grader's terminal by @MARK@\\n")
        except OSError:
            pass
        os.close(fd)
        FOUND.append(f"open {path}")
    if FOUND:
        raise RuntimeError("managed to " + "; ".join(FOUND))
    raise RuntimeError("could not " + "; ".join(FAILED))
"""


def check_dev_listing(verdict: Verdict) -> None:
    assert verdict.status == "error", verdict
    assert "managed to" not in verdict.message, f"/dev holds more than it may: {verdict}"
    assert "/dev holds only" in verdict.message, verdict
    assert "'null'" in verdict.message, f"/dev/null is missing: {verdict}"


def check_terminal(verdict: Verdict) -> None:
    assert verdict.status == "error", verdict
    assert "managed to" not in verdict.message, f"the host terminal is in reach: {verdict}"
    assert verdict.message.startswith("raised RuntimeError: could not"), verdict


def test_dev_holds_only_the_safe_devices(pack: Pack) -> None:
    """Hole 4: /dev holds only null, zero, full, random, urandom and shm (and the fd, stdin,
    stdout, stderr links): no host terminal, console, kvm, loop devices or ptmx."""
    verdict = grade_hostile(pack, DEV_LISTING, {"ALLOWED": repr(sorted(DEV_ALLOWED))})
    check_dev_listing(verdict)


def test_host_terminal_is_out_of_reach(pack: Pack) -> None:
    """Hole 4: with a terminal open on the host (a pty this test opens), /dev/pts does not exist
    (or is empty) in the sandbox; opening that terminal, /dev/tty or /dev/console fails; and
    nothing reaches the terminal."""
    master, slave = os.openpty()
    try:
        os.set_blocking(master, False)
        verdict = grade_hostile(pack, TERMINAL_THIEF, {"PTY": os.ttyname(slave)})
        try:
            typed = os.read(master, 4096)
        except (BlockingIOError, OSError):
            typed = b""
        assert typed == b"", f"the submission typed into the host's terminal: {typed!r}"
        check_terminal(verdict)
    finally:
        os.close(master)
        os.close(slave)


# ---------------------------------------------------------------------------------------------
# 5. Descriptors: none inherited but the event channel; no stalling the zygote through one.

FD_LISTING = """\
import os


def _open_descriptors():
    names = os.listdir("/proc/self/fd")  # the folder's own descriptor is closed again below
    found = []
    for name in names:
        fd = int(name)
        if fd <= 2:
            continue
        try:
            os.fstat(fd)
        except OSError:
            continue
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError as exc:
            target = exc.strerror
        found.append(f"{fd} -> {target}")
    return found


AT_IMPORT = _open_descriptors()


def scaled_sum(a, b, scale):
    raise RuntimeError(f"descriptors above 2: {len(AT_IMPORT)}: {AT_IMPORT}")
"""

STALL = """\
import ctypes
import fcntl
import os
import platform
import signal
import stat
import time

libc = ctypes.CDLL(None, use_errno=True)
CLONE_PARENT = 0x00008000
FILLED = []
CHECKED = []
FILLERS = 2


def _fill(fd):
    os.set_blocking(fd, False)
    written = 0
    for size in (65536, 4096, 512, 1):
        while written < (64 << 20):
            try:
                written += os.write(fd, b"\\0" * size)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                return written
    os.set_blocking(fd, True)  # the next writer (the zygote's signal handler) waits for room
    return written


def _keep_full(fd):
    # Children that take back any room the reader (the zygote) makes, so the pipe is full
    # whenever the zygote's SIGCHLD handler writes its wake-up byte: they busy-poll through an
    # open file description of their own (non-blocking), leaving the shared one blocking.
    try:
        own = os.open(f"/proc/self/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        own = None
    chunk = b"\\0" * 4096
    for _ in range(FILLERS):
        if os.fork() == 0:
            try:
                while True:
                    if own is None:
                        os.write(fd, chunk)  # waits for room
                        continue
                    try:
                        os.write(own, chunk)
                    except BlockingIOError:
                        pass
            finally:
                os._exit(0)


def _stall():
    for fd in range(3, 1024):
        try:
            mode = os.fstat(fd).st_mode
            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        except OSError:
            continue
        CHECKED.append(fd)
        if stat.S_ISFIFO(mode) and flags & os.O_ACCMODE == os.O_WRONLY:
            FILLED.append(f"fd {fd}: {_fill(fd)} bytes")
            _keep_full(fd)
    if FILLED:
        _poke_the_parent(60)


def _poke_the_parent(times):
    # Children of the worker's parent (clone with CLONE_PARENT): each one that exits is a
    # SIGCHLD whose handler writes a wake-up byte, while the fillers keep the pipe full.
    number = {"x86_64": 56, "aarch64": 220}.get(platform.machine())
    for _ in range(times if number else 0):
        child = libc.syscall(number, CLONE_PARENT | signal.SIGCHLD, 0, 0, 0, 0)
        if child == 0:
            os._exit(0)
        if child < 0:
            return
        time.sleep(0.005)


def scaled_sum(a, b, scale):
    if not CHECKED:
        _stall()
    return a + b  # wrong: the point was the stall
"""


def check_descriptors(verdict: Verdict) -> None:
    assert verdict.status == "error", verdict
    assert "descriptors above 2: " in verdict.message, verdict
    count = int(verdict.message.split("descriptors above 2: ")[1].split(":")[0])
    assert count <= 1, f"the job inherited more than its event channel: {verdict.message}"


def test_worker_inherits_only_its_event_channel(pack: Pack) -> None:
    """Hole 5: when learner code starts, at most one descriptor above 2 is open (the event
    channel): nothing of the zygote (its signal wake-up pipe), the grader or other jobs."""
    verdict = grade_hostile(pack, FD_LISTING, {})
    check_descriptors(verdict)


def test_filling_inherited_pipes_does_not_stall_the_next_jobs(pack: Pack, var_tmp: Path) -> None:
    """Hole 5: a job that fills every pipe write end it holds and makes it blocking (an
    inherited wake-up pipe of the zygote would block its SIGCHLD handler for ever) spoils
    nothing: the next five honest submissions, graded by the same Grader, all pass. Graded
    in a child process, so a stalled pool dies with it."""
    root = Path(tempfile.mkdtemp(prefix="stall-", dir=var_tmp))
    try:
        mark = new_mark()
        steps = [step("stall", render(STALL, {"MARK": mark}), timeout=5)]
        steps += [
            step(f"honest-{n}", CORRECT_TINY, timeout=5, stop_unless_pass=True) for n in range(5)
        ]
        rows, _ = run_grade_script(root, pack.root, steps)
        assert_nothing_left([mark])
        assert rows["stall"]["status"] != "pass", rows["stall"]["message"]
        for n in range(5):
            row = rows.get(f"honest-{n}")
            assert row is not None, f"grading stopped before honest-{n}: {sorted(rows)}"
            assert row["status"] == "pass", (
                f"honest submission {n + 1} after the stall: {row['status']}: {row['message']}"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 6a. Memory that outlives the job or escapes the per-job accounting

SYSV_SHM_HOG = """\
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.shmget.restype = ctypes.c_int
libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
SEGMENTS = 8
SIZE = 256 << 20
KEPT = []


def _hog():
    for index in range(SEGMENTS):
        segment = libc.shmget(0, SIZE, 0o1000 | 0o600)  # IPC_PRIVATE, IPC_CREAT
        if segment < 0:
            number = ctypes.get_errno()
            raise OSError(number, f"shmget #{index + 1}: {os.strerror(number)}")
        address = libc.shmat(segment, None, 0)
        if address is None or address == ctypes.c_void_p(-1).value:
            number = ctypes.get_errno()
            raise OSError(number, f"shmat #{index + 1}: {os.strerror(number)}")
        ctypes.memset(address, 1, SIZE)  # every page, for real
        libc.shmdt(address)  # no longer mapped, still allocated
        KEPT.append(segment)


def scaled_sum(a, b, scale):
    if not KEPT:
        _hog()
    return scale * (a + b)  # 2 GiB held outside the limit, and a pass
"""

MEMFD_HOG = """\
import os

CHUNK = 64 << 20
TOTAL = 3 << 30
HELD = []
WRITTEN = [0]


def _hog():
    data = b"\\1" * CHUNK
    while WRITTEN[0] < TOTAL:
        fd = os.memfd_create(f"qp-hog-{len(HELD)}")
        HELD.append(fd)  # kept open, never mapped
        size = 0
        while size < 4 * CHUNK and WRITTEN[0] < TOTAL:
            try:
                count = os.write(fd, data)
            except OSError as exc:
                if size == 0:
                    raise OSError(
                        exc.errno,
                        f"memfd #{len(HELD)} after {WRITTEN[0] >> 20} MiB: {exc.strerror}",
                    ) from None
                break
            size += count
            WRITTEN[0] += count
            if count < len(data):
                break


def scaled_sum(a, b, scale):
    if not WRITTEN[0]:
        _hog()
    return scale * (a + b)  # 3 GiB held outside the limit, and a pass
"""

MEMFD_REFUSALS = (
    "No space left on device",
    "File too large",
    "Operation not permitted",
    "Function not implemented",
    "Cannot allocate memory",
)


def _mem_available() -> int:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) << 10
    return 0


def _needs_free_memory(amount: int) -> None:
    if _mem_available() < amount:
        pytest.skip(f"needs {amount / GiB:.0f} GiB of free memory to show the escape safely")


@pytest.mark.parametrize("kind", ["sysv-shm-2gib", "memfd-3gib"])
def test_memory_outside_the_process_counts_and_dies_with_the_job(
    kind: str, pack: Pack, var_tmp: Path
) -> None:
    """Hole 6a: 2 GiB of SysV shared memory (8 segments touched, detached, left allocated) or
    3 GiB written to memfds (open, never mapped) against a 512 MiB limit: not a pass (memfd:
    "memory", or the writes are refused), and after the job the machine has not lost more than
    ~1 GiB of available memory. Graded in a child process, so what leaks dies with its pool."""
    _needs_free_memory(4 * GiB)
    root = Path(tempfile.mkdtemp(prefix="memory-", dir=var_tmp))
    try:
        mark = new_mark()
        template = SYSV_SHM_HOG if kind.startswith("sysv") else MEMFD_HOG
        steps = [
            step("warm-up", CORRECT_TINY, timeout=30),
            step("hog", render(template, {"MARK": mark}), timeout=30, max_drop=GiB, settle=10),
            step("honest", CORRECT_TINY, timeout=30),
        ]
        rows, _ = run_grade_script(root, pack.root, steps)
        assert_nothing_left([mark])
        hog = Verdict.of_row(rows["hog"])
        dropped = rows["hog"]["dropped"]
        assert hog.status != "pass", (
            f"{kind}: passed while holding memory outside its limit (MemAvailable fell by "
            f"{dropped / GiB:.2f} GiB): {hog}"
        )
        if kind.startswith("memfd"):
            assert hog.status == "memory" or (
                hog.status == "error" and any(r in hog.message for r in MEMFD_REFUSALS)
            ), f"memfd: neither stopped for memory nor refused: {hog}"
        assert dropped < GiB, (
            f"{kind}: {dropped / GiB:.2f} GiB of memory stayed in use after the job ({hog})"
        )
        assert rows["honest"]["status"] == "pass", rows["honest"]["message"]
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 6b. Channels between jobs: SysV message queues and shared memory, POSIX semaphores, /dev/shm

IPC_COMMON = """\
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
libc.msgrcv.restype = ctypes.c_ssize_t
libc.msgrcv.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_long, ctypes.c_int]
libc.msgsnd.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
libc.sem_open.restype = ctypes.c_void_p
KEY = @KEY@
IPC_CREAT, IPC_NOWAIT, IPC_RMID, SHM_RDONLY = 0o1000, 0o4000, 0, 0o10000
FAILED = (None, ctypes.c_void_p(-1).value)


class Message(ctypes.Structure):
    _fields_ = [("mtype", ctypes.c_long), ("mtext", ctypes.c_char * 256)]


def _error(what):
    return f"{what}: {os.strerror(ctypes.get_errno())}"
"""

IPC_PLANT = (
    IPC_COMMON
    + """
SECRET = b"@SECRET@"
PLANTED = []
REFUSED = []


def _plant():
    queue = libc.msgget(KEY, IPC_CREAT | 0o666)
    message = Message(1, SECRET)
    if queue < 0:
        REFUSED.append(_error("msgget"))
    elif libc.msgsnd(queue, ctypes.byref(message), len(SECRET) + 1, IPC_NOWAIT) != 0:
        REFUSED.append(_error("msgsnd"))
    else:
        PLANTED.append("a message queue")
    segment = libc.shmget(KEY, 4096, IPC_CREAT | 0o666)
    address = libc.shmat(segment, None, 0) if segment >= 0 else None
    if address in FAILED:
        REFUSED.append(_error("shmget/shmat"))
    else:
        ctypes.memmove(address, SECRET, len(SECRET))
        libc.shmdt(address)
        PLANTED.append("shared memory")
    for path in ("/dev/shm/@SECRET@", "/dev/shm/sem.@SECRET@-file"):
        try:
            with open(path, "wb") as handle:
                handle.write(SECRET)
            PLANTED.append(path)
        except OSError as exc:
            REFUSED.append(f"{path}: {exc.strerror}")
    if libc.sem_open(b"/@SECRET@-sem", os.O_CREAT, 0o644, 1) in FAILED:
        REFUSED.append(_error("sem_open"))
    else:
        PLANTED.append("a named semaphore")


def scaled_sum(a, b, scale):
    if not PLANTED and not REFUSED:
        _plant()
    raise RuntimeError(f"planted {PLANTED}; refused {REFUSED}")
"""
)

IPC_LOOK = (
    IPC_COMMON
    + """
FOUND = []
LOOKED = []


def _look():
    LOOKED.append(True)
    queue = libc.msgget(KEY, 0)
    if queue >= 0:
        message = Message()
        size = libc.msgrcv(queue, ctypes.byref(message), 256, 0, IPC_NOWAIT)
        FOUND.append(f"a message queue holding {message.mtext if size >= 0 else b''!r}")
        libc.msgctl(queue, IPC_RMID, None)
    segment = libc.shmget(KEY, 0, 0)
    if segment >= 0:
        address = libc.shmat(segment, None, SHM_RDONLY)
        if address not in FAILED:
            FOUND.append(f"shared memory holding {ctypes.string_at(address, 64)!r}")
            libc.shmdt(address)
        else:
            FOUND.append("shared memory")
        libc.shmctl(segment, IPC_RMID, None)
    try:
        names = sorted(os.listdir("/dev/shm"))
    except OSError:
        names = []
    for name in names:
        path = os.path.join("/dev/shm", name)
        try:
            with open(path, "rb") as handle:
                FOUND.append(f"{path} holding {handle.read(64)!r}")
        except OSError:
            FOUND.append(path)


def scaled_sum(a, b, scale):
    if not LOOKED:
        _look()
    if FOUND:
        raise RuntimeError("managed to find " + "; ".join(FOUND))
    raise RuntimeError("found nothing left by another job")
"""
)


def ipc_steps(marks: list[str]) -> tuple[str, str, str]:
    """The planting and the looking submission, and the secret between them."""
    secret = "qpipc" + uuid.uuid4().hex
    key = str(int.from_bytes(os.urandom(4), "little") % (1 << 30) + 1)
    marks += [new_mark(), new_mark()]
    plant = render(IPC_PLANT, {"MARK": marks[-2], "KEY": key, "SECRET": secret})
    look = render(IPC_LOOK, {"MARK": marks[-1], "KEY": key})
    return plant, look, secret


def check_ipc(look: Verdict, secret: str) -> None:
    assert secret not in look.message, f"the next job read what the previous one left: {look}"
    assert_no_leak(look, {"the previous job's secret": secret})
    assert "managed to" not in look.message, f"a channel between jobs is open: {look}"
    assert "found nothing left by another job" in look.message, look


def test_jobs_cannot_talk_through_ipc(pack: Pack) -> None:
    """Hole 6b: a job plants a secret in a SysV message queue and shared memory segment (a fixed
    key), a named POSIX semaphore and files in /dev/shm; the next job, graded by the same
    Grader, finds none of it (fresh IPC namespace and /dev/shm per job)."""
    marks: list[str] = []
    plant, look, secret = ipc_steps(marks)
    grader = Grader(pack, seed=0)
    exercise = scaled_sum_of(pack)
    planted = grader.grade_source(plant, exercise, submission=SUBMISSION)
    looked = grader.grade_source(look, exercise, submission=SUBMISSION)
    assert_nothing_left(marks)
    assert planted.status != "pass", planted.checks[:1]
    check_ipc(Verdict.of(looked), secret)


# ---------------------------------------------------------------------------------------------
# 7. Starving neighbours: CPU limits, not wall-clock, decide a timeout.

SPINNERS = """\
import os

STARTED = []


def scaled_sum(a, b, scale):
    for _ in range(200):
        try:
            child = os.fork()
        except OSError:
            break
        if child == 0:
            os.setsid()  # a session, and so a scheduler autogroup, of its own
            while True:
                pass
        STARTED.append(child)
    while True:
        pass
"""

# About half a second of pure-Python work on an idle core of this machine kind, measured by the
# amount of work, never by the clock.
HONEST_WORKER = """\
import numpy as np

WORK = 10_000_000
DONE = []


def _work():
    total = 0
    for i in range(WORK):
        total += i % 7
    return total


def scaled_sum(a, b, scale):
    if not DONE:
        DONE.append(_work())
    return scale * (np.asarray(a) + np.asarray(b))
"""


def _running_tasks() -> int:
    """Runnable tasks on the machine (the 4th field of /proc/loadavg is running/total)."""
    with open("/proc/loadavg") as handle:
        return int(handle.read().split()[3].split("/")[0])


def test_spinning_neighbour_does_not_time_out_an_honest_job(pack: Pack) -> None:
    """Hole 7: graded at the same time (two threads, one Grader, timeout 5 s), a job that forks
    200 spinning processes and spins itself does not make an honest job that needs ~0.5 s of
    CPU time out: the honest one passes. Only verdicts are asserted."""
    grader = Grader(pack, seed=0, timeout=5)
    exercise = scaled_sum_of(pack)
    mark = new_mark()
    hostile_source = render(SPINNERS, {"MARK": mark})
    results: dict[str, GradeResult | BaseException] = {}

    def grade_one(name: str, source: str) -> None:
        try:
            results[name] = grader.grade_source(source, exercise, submission=SUBMISSION)
        except BaseException as exc:  # reported below
            results[name] = exc

    baseline = _running_tasks()
    hostile = threading.Thread(target=grade_one, args=("hostile", hostile_source), daemon=True)
    hostile.start()
    # The honest job starts once spinners are running (or the hostile job ended, or after 10 s):
    # /proc/loadavg is one cheap read, where a /proc scan would itself be starved.
    deadline = time.monotonic() + 10
    while hostile.is_alive() and time.monotonic() < deadline:
        if _running_tasks() >= baseline + 20:
            break
        time.sleep(0.02)
    honest = threading.Thread(target=grade_one, args=("honest", HONEST_WORKER), daemon=True)
    honest.start()
    honest.join(300)
    hostile.join(300)
    assert_nothing_left([mark])
    for name in ("hostile", "honest"):
        assert name in results, f"the {name} grading did not finish"
        assert isinstance(results[name], GradeResult), results[name]
    bad, good = results["hostile"], results["honest"]
    assert isinstance(bad, GradeResult) and isinstance(good, GradeResult)
    assert bad.status != "pass", bad.checks[:1]
    assert good.status == "pass", (
        f"an honest job graded beside 200 spinners: {good.status}: {first_failure(good)}"
    )


# ---------------------------------------------------------------------------------------------
# 8. multiprocessing works (a private, writable /dev/shm for its semaphores)

MULTIPROCESSING = """\
import multiprocessing
import operator

import numpy as np

LOCK = multiprocessing.Lock()


def scaled_sum(a, b, scale):
    context = multiprocessing.get_context("fork")
    with LOCK:
        with context.Pool(2) as pool:
            sums = pool.starmap(operator.add, zip(np.ravel(a).tolist(), np.ravel(b).tolist()))
    return scale * np.asarray(sums, dtype=np.float64).reshape(np.shape(a))
"""


def check_pass(verdict: Verdict, what: str = "a correct submission") -> None:
    assert verdict.status == "pass", f"{what}: {verdict}"


def check_not_pass(verdict: Verdict, what: str = "a hostile submission") -> None:
    assert verdict.status != "pass", f"{what} passed: {verdict}"


def test_multiprocessing_works(pack: Pack) -> None:
    """Hole 8: a correct submission using multiprocessing.Lock() and a fork Pool(2) passes
    (today: "Read-only file system" from the semaphore in /dev/shm)."""
    verdict = grade_hostile(pack, MULTIPROCESSING, {}, timeout=30)
    check_pass(verdict, "a correct submission using multiprocessing")


# ---------------------------------------------------------------------------------------------
# 9. An unprivileged identity

WHO_AM_I = """\
import os


def scaled_sum(a, b, scale):
    raise RuntimeError(
        f"running as uid {os.getuid()} gid {os.getgid()} "
        f"euid {os.geteuid()} egid {os.getegid()} groups {sorted(os.getgroups())}"
    )
"""


def check_identity(verdict: Verdict) -> None:
    assert verdict.status == "error", verdict
    expected = f"uid {NOBODY_ID} gid {NOBODY_ID} euid {NOBODY_ID} egid {NOBODY_ID}"
    assert expected in verdict.message, f"the job does not run as {NOBODY_ID}: {verdict}"


def test_job_runs_as_nobody(pack: Pack) -> None:
    """Hole 9: learner code runs as uid/gid 65534, also when the grader is root."""
    check_identity(grade_hostile(pack, WHO_AM_I, {}))


# ---------------------------------------------------------------------------------------------
# 10. Only allowed libraries; the submission's own source is there

IMPORTS_YAML = """\
import yaml


def scaled_sum(a, b, scale):
    return scale * (a + b)
"""

IMPORTS_ALLOWED = """\
import collections
import dataclasses
import functools
import itertools
import math
import tempfile
import typing

import numpy as np


def scaled_sum(a, b, scale):
    assert math.isfinite(scale) and callable(functools.reduce) and typing.Any is not None
    pairs = list(itertools.zip_longest(np.ravel(a), np.ravel(b)))
    assert collections.Counter([len(pairs)]) and dataclasses.is_dataclass(object) is False
    with tempfile.TemporaryDirectory() as folder:
        assert folder
    return scale * (np.asarray(a) + np.asarray(b))
"""

IMPORTS_TORCH = """\
import torch


def scaled_sum(a, b, scale):
    assert isinstance(a, torch.Tensor), type(a)
    return scale * (a + b)
"""

INSPECTS_ITSELF = """\
import inspect


def scaled_sum(a, b, scale):
    source = inspect.getsource(scaled_sum)
    assert "return scale * (a + b)" in source, source
    return scale * (a + b)
"""

SHOWS_ITS_LINE = """\
def scaled_sum(a, b, scale):
    quizprep_marker = scale / 0  # the line a learner needs to see
    return quizprep_marker
"""


def test_import_outside_the_allow_list_fails_clearly(pack: Pack) -> None:
    """Hole 10: `import yaml` (installed, but not for submissions) fails with a message naming
    yaml."""
    result = grade(pack, IMPORTS_YAML)
    assert result.status == "error", f"import yaml: {result.status}: {result.checks[:1]}"
    assert "yaml" in first_failure(result), first_failure(result)


@pytest.mark.parametrize(
    ("source", "arrays"),
    [
        pytest.param(IMPORTS_ALLOWED, "numpy", id="numpy-and-the-standard-library"),
        pytest.param(IMPORTS_TORCH, "torch", id="torch"),
        pytest.param(INSPECTS_ITSELF, "numpy", id="inspect-getsource"),
    ],
)
def test_allowed_imports_and_own_source_work(source: str, arrays: str, pack: Pack) -> None:
    """Hole 10: numpy, torch (tensors then) and the standard library import; inspect finds the
    submission's own source."""
    result = grade(pack, source, timeout=60)
    assert result.status == "pass", (result.status, result.checks[:1])
    assert result.arrays == arrays


def test_failure_shows_the_submissions_own_line(pack: Pack) -> None:
    """Hole 10: the failure message quotes the line of the submission that raised."""
    result = grade(pack, SHOWS_ITS_LINE)
    assert result.status == "error", result.checks[:1]
    message = first_failure(result)
    assert "ZeroDivisionError" in message, message
    assert "quizprep_marker = scale / 0" in message, f"the line is not shown: {message}"


# ---------------------------------------------------------------------------------------------
# 11. All of it as uid 65534


def test_secure_root_as_nobody() -> None:
    """Hole 11: run as uid 65534 (setpriv), with everything under /var/tmp and readable or
    owned by nobody, so only the sandbox keeps it out of reach: the checkout, the graded and
    another pack (1), a home of nobody's holding an SSH key (3), /dev and /dev/pts (4),
    inherited descriptors and a stall followed by five honest submissions (5), IPC between
    jobs (6b), multiprocessing (8) and the job's identity (9)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch to nobody")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is missing")
    if not os.path.isdir("/var/tmp"):
        pytest.skip("there is no /var/tmp")
    root = Path(tempfile.mkdtemp(prefix="quizprep-hostile-v2-nobody-", dir="/var/tmp"))
    master, slave = os.openpty()
    marks: list[str] = []
    try:
        os.chmod(root, 0o755)
        python = python_for_nobody(root)
        own_pack = load_pack(write_tiny_pack(root / "pack").resolve())
        other = load_pack(write_tiny_pack(root / "other-pack").resolve())
        _chmod_tree(root / "pack")
        _chmod_tree(root / "other-pack")
        home, ssh_secret = _fake_home(root, owner=NOBODY_UID)

        probes = {
            "graded-pack": probe_for("graded-pack", own_pack, other, may_skip=False),
            "another-pack": probe_for("another-pack", own_pack, other, may_skip=False),
            "checkout": Probe(
                *_merged(
                    probe_for(w, own_pack, other, may_skip=False)
                    for w in (
                        "builtin-pack-questions",
                        "builtin-pack-reference",
                        "test-solutions",
                        "quizprep-package",
                        "checkout-root",
                    )
                ),
                scan=False,
            ),
            "site-packages": probe_for("site-packages", own_pack, other, may_skip=False),
            "graders-home": probe_for("graders-home", own_pack, other, home, may_skip=False),
        }
        if (REPO / ".git").is_dir():
            probes["git-objects"] = probe_for("git-objects", own_pack, other, may_skip=False)
        probes = {name: probe for name, probe in probes.items() if probe.targets or probe.scan}
        steps = [step("correct", CORRECT_TINY, timeout=10)]
        for name, probe in probes.items():
            marks.append(new_mark())
            steps.append(step(name, render(PROBE, {"MARK": marks[-1], **probe.replacements()})))
        templates = {
            "dev": (DEV_LISTING, {"ALLOWED": repr(sorted(DEV_ALLOWED))}),
            "terminal": (TERMINAL_THIEF, {"PTY": os.ttyname(slave)}),
            "descriptors": (FD_LISTING, {}),
            "identity": (WHO_AM_I, {}),
            "multiprocessing": (MULTIPROCESSING, {}),
        }
        for name, (template, replacements) in templates.items():
            marks.append(new_mark())
            steps.append(
                step(name, render(template, {"MARK": marks[-1], **replacements}), timeout=30)
            )
        plant, look, ipc_secret = ipc_steps(marks)
        steps += [step("ipc-plant", plant), step("ipc-look", look)]
        marks.append(new_mark())
        steps.append(step("stall", render(STALL, {"MARK": marks[-1]}), timeout=5))
        steps += [
            step(f"honest-{n}", CORRECT_TINY, timeout=5, stop_unless_pass=True) for n in range(5)
        ]

        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TMPDIR": "/tmp",
            "HOME": str(home),
            "QUIZPREP_CACHE": "off",
        }
        rows, printed = run_grade_script(
            root, root / "pack", steps, python=python, user=NOBODY, env=env
        )
        assert_nothing_left(marks)
        print(json.dumps({k: str(Verdict.of_row(v)) for k, v in rows.items()}, indent=1))

        problems: list[str] = []

        def expect(name: str, check: Any, *args: Any) -> None:
            if name not in rows:
                problems.append(f"{name}: not graded")
                return
            try:
                check(Verdict.of_row(rows[name]), *args)
            except AssertionError as exc:
                problems.append(f"{name}: {str(exc).splitlines()[0][:600]}")

        expect("correct", check_pass)
        for name, probe in probes.items():
            expect(name, check_probe, probe, name)
        expect("dev", check_dev_listing)
        expect("terminal", check_terminal)
        expect("descriptors", check_descriptors)
        expect("identity", check_identity)
        expect("multiprocessing", check_pass, "a correct submission using multiprocessing")
        expect("ipc-look", check_ipc, ipc_secret)
        expect("stall", check_not_pass, "the stalling submission")
        for n in range(5):
            expect(f"honest-{n}", check_pass, f"honest submission {n + 1} after the stall")
        if ssh_secret in printed:
            problems.append("nobody's SSH key reached the grader's output")
        assert not problems, "as uid 65534:\n" + "\n".join(problems)
    finally:
        os.close(master)
        os.close(slave)
        shutil.rmtree(root, ignore_errors=True)


def _merged(probes: Iterator[Probe]) -> tuple[list[str], list[str], dict[str, str]]:
    targets: list[str] = []
    imports: list[str] = []
    secrets: dict[str, str] = {}
    for probe in probes:
        targets += [t for t in probe.targets if t not in targets]
        imports += probe.imports
        secrets |= probe.secrets
    return targets, imports, secrets


# ---------------------------------------------------------------------------------------------
# The process cap counts the job's own processes

FORK_UNTIL_REFUSED = """\
import os
import time


def scaled_sum(a, b, scale):
    children = 0
    try:
        for _ in range(5000):
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
            children += 1
    except OSError as exc:
        raise RuntimeError(f"refused after {children} children: {exc.strerror}")
    raise RuntimeError(f"forked {children} children")
"""


def test_the_process_cap_holds_and_is_per_job(pack: Pack) -> None:
    """A job that forks until it is refused is stopped near the cap (256 processes), not at
    5000; and the cap counts each job alone: the next job (same uid) can still fork."""
    verdict = grade_hostile(pack, FORK_UNTIL_REFUSED, {}, timeout=30)
    assert verdict.status == "error", verdict
    assert "refused after" in verdict.message and "Resource temporarily" in verdict.message
    refused_after = int(verdict.message.split("refused after ")[1].split()[0])
    assert refused_after < 300, verdict.message
    check_pass(grade_hostile(pack, MULTIPROCESSING, {}, timeout=30), "multiprocessing next")

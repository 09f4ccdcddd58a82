"""Untrusted pack files are bounded before they are parsed (DESIGN invariant 2b, issue 12).

A hostile question file (aliases that expand to billions of nodes, nesting 100,000 deep, an
integer of 5,000 digits, a FIFO, /dev/zero), an absurd field value (memory_mb: 1e12), or a
reference that never returns or returns something that is not data: each is one
`file:line: field: message` line, never a traceback, a hang or a crash, and a broken pack next to
the built-in bank leaves the rest working. Every load runs in a subprocess with a timeout, so a
hang fails a test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TINY_QUESTION, write_tiny_pack

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT = 120.0
"""Seconds any one subprocess may take before a test calls it a hang (a busy 2-core CI)."""
CORRECT_CROSS_ENTROPY = ROOT / "tests" / "solutions" / "cross_entropy" / "logaddexp.py"

LOAD = """\
import sys
from quizprep.bank.pack import load_pack
from quizprep.errors import PackError
try:
    load_pack(sys.argv[1])
except PackError as exc:
    print(exc)
    sys.exit(3)
print("loaded")
"""


def run(args: list[str], *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command from the repository root with a timeout (a hang fails the test)."""
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "QUIZPREP_PACKS"}
    return env | extra


def quizprep(*args: str | Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "quizprep", *map(str, args)], env=environment(**extra))


def load_error(root: Path) -> str:
    """The one line a pack that must not load fails with (in a subprocess)."""
    result = run([sys.executable, "-c", LOAD, str(root)], env=environment())
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    assert "Traceback" not in output, output
    (line,) = result.stdout.splitlines()
    return line


# --- hostile question files ---------------------------------------------------------------


def billion_laughs() -> str:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        rows.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(rows) + "\n"


def deep_block(levels: int) -> str:
    return "".join(f"{' ' * level}k{level}:\n" for level in range(levels)) + " " * levels + "x\n"


def question_with(old: str, new: str) -> str:
    assert old in TINY_QUESTION
    return TINY_QUESTION.replace(old, new, 1)


# name -> (file content, line the error names, regex the rest of the error matches)
HOSTILE_TEXT: dict[str, tuple[str | bytes, int, str]] = {
    "billion_laughs": (billion_laughs(), 2, r"a1\[0\]: YAML aliases \(\*name\) are not allowed"),
    "recursive_alias": ("id: &me [*me]\n", 1, r"id\[0\]: YAML aliases"),
    "merge_key_alias": ("base: &b {x: 1}\nother:\n  <<: *b\n", 3, r"other.<<: YAML aliases"),
    "deep_flow_nesting": (
        "id: " + "[" * 100_000 + "\n",
        1,
        r"id\[0\]\[0\].*: nested more than \d+ levels",
    ),
    "deep_block_nesting": (deep_block(1000), 201, r"k0\.k1\..*: nested more than \d+ levels"),
    "integer_of_5000_digits": (
        question_with("number: 1", "number: " + "9" * 5000),
        2,
        r"number: integer with 5,000 digits is too large",
    ),
    "integer_beyond_1e18": (
        question_with("number: 1", "number: 10000000000000000000"),
        2,
        r"number: integer with 20 digits is too large",
    ),
    "hex_integer_too_large": (
        question_with("number: 1", "number: 0x" + "f" * 40),
        2,
        r"number: integer .* is too large",
    ),
    "nul_byte": (
        question_with("title: Scaled sum", "title: Scaled\x00sum"),
        3,
        r"title: .*control char",
    ),
    "nul_byte_after_accents": (
        question_with("prompt: Add", "prompt: \x00Add").replace(
            "Scaled sum", "Scaled " + "é" * 200
        ),
        6,
        r"prompt: .*control char",
    ),
    "not_utf8": (
        TINY_QUESTION.encode().replace(b"title: Scaled", b"title: \xff"),
        3,
        r"title: .*not UTF-8",
    ),
    "python_tag": (
        question_with("title: Scaled sum", "title: !!python/object/apply:os.system [echo]"),
        3,
        r"title: YAML tag .*python/object/apply:os.system.* is not allowed",
    ),
    "duplicate_key": (
        question_with("topic: basics", "topic: basics\ntopic: cnn"),
        5,
        r"topic: duplicate key \(first on line 4\)",
    ),
}


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return write_tiny_pack(tmp_path / "tiny")


def write_hostile(pack: Path, content: str | bytes) -> Path:
    """A question file that sorts before the good one, so it is the one the loader meets first."""
    path = pack / "questions" / "hostile.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_hostile_yaml_is_one_line_naming_file_line_and_field(pack_dir: Path, name: str) -> None:
    content, line, pattern = HOSTILE_TEXT[name]
    path = write_hostile(pack_dir, content)
    error = load_error(pack_dir)
    prefix = f"{path}:{line}: "
    assert error.startswith(prefix), error[:300]
    assert re.match(pattern, error.removeprefix(prefix)), error[:300]
    assert len(error) < 1000


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def link_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def link_elsewhere(path: Path) -> None:
    target = path.parent.parent / "elsewhere.yaml"
    target.write_text(TINY_QUESTION)
    path.symlink_to(target)


def make_folder(path: Path) -> None:
    path.mkdir()


def make_huge(path: Path) -> None:
    path.write_text("prompt: |\n" + ("  " + "x" * 1000 + "\n") * 2000)


HOSTILE_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "is not a regular file (a FIFO)"),
    "dev_zero_link": (link_dev_zero, "is a symbolic link"),
    "link_to_a_file": (link_elsewhere, "is a symbolic link"),
    "folder": (make_folder, "is not a regular file (a folder)"),
    "two_megabytes": (make_huge, "is larger than the 1 MB a pack file may have"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_question_file_that_is_not_a_small_regular_file_is_refused(
    pack_dir: Path, name: str
) -> None:
    make, message = HOSTILE_FILES[name]
    path = pack_dir / "questions" / "hostile.yaml"
    make(path)
    assert load_error(pack_dir).startswith(f"{path}: {message}")


def test_a_pack_yaml_link_to_dev_zero_is_refused(pack_dir: Path) -> None:
    (pack_dir / "pack.yaml").unlink()
    (pack_dir / "pack.yaml").symlink_to("/dev/zero")
    assert load_error(pack_dir).startswith(f"{pack_dir / 'pack.yaml'}: is a symbolic link")


# --- bounds of the schema's numbers -------------------------------------------------------

OUT_OF_BOUNDS = {
    "memory_mb": ("memory_mb: 512", "memory_mb: 1000000000000", 19, "exercise.memory_mb"),
    "timeout": ("timeout: 5", "timeout: 1.0e+9", 18, "exercise.timeout"),
    "case_timeout": (
        "timeout: 5",
        "timeout: 5\n  case_timeout: 100000",
        19,
        "exercise.case_timeout",
    ),
    "random_cases": ("random_cases: 3", "random_cases: 100000", 17, "exercise.random_cases"),
    "rtol": ("rtol: 1.0e-6", "rtol: .inf", 16, "exercise.tolerance.rtol"),
    "atol": ("atol: 1.0e-9", "atol: .nan", 16, "exercise.tolerance.atol"),
    "number": ("number: 1", "number: 1000000000000000", 2, "number"),
    "numeric_answer": (
        "exercise:",
        "quiz:\n  - kind: numeric\n    prompt: p\n    answer: .nan\nexercise:",
        12,
        "quiz[0].answer",
    ),
    "symbol_domain": (
        "exercise:",
        "quiz:\n  - kind: formula\n    prompt: p\n    symbols: {n: {high: 1.0e+300}}\n"
        "    answer: [n]\nexercise:",
        12,
        "quiz[0].symbols.n.high",
    ),
}


@pytest.mark.parametrize("name", sorted(OUT_OF_BOUNDS))
def test_numbers_out_of_bounds_name_file_line_and_field(pack_dir: Path, name: str) -> None:
    from quizprep.bank.pack import load_pack
    from quizprep.errors import SchemaError

    old, new, line, field = OUT_OF_BOUNDS[name]
    path = pack_dir / "questions" / "scaled_sum.yaml"
    path.write_text(question_with(old, new))
    with pytest.raises(SchemaError) as info:
        load_pack(pack_dir)
    assert (info.value.path, info.value.line, info.value.field) == (path, line, field), str(
        info.value
    )


def test_an_integer_symbol_needs_an_integer_in_its_domain(pack_dir: Path) -> None:
    from quizprep.bank.pack import load_pack
    from quizprep.errors import SchemaError

    quiz = (
        "quiz:\n  - kind: formula\n    prompt: p\n"
        "    symbols: {n: {integer: true, low: 0.2, high: 0.8}}\n    answer: [n]\nexercise:"
    )
    (pack_dir / "questions" / "scaled_sum.yaml").write_text(question_with("exercise:", quiz))
    with pytest.raises(SchemaError, match=r"quiz\[0\]\.symbols\.n: no integer lies between"):
        load_pack(pack_dir)


def test_a_formula_answer_sympy_cannot_compute_is_one_line(pack_dir: Path) -> None:
    quiz = "quiz:\n  - kind: formula\n    prompt: p\n    symbols: [x]\n    answer: ['x**9**9**9']\n"
    (pack_dir / "questions" / "scaled_sum.yaml").write_text(
        question_with("exercise:", quiz + "exercise:")
    )
    result = quizprep("pack", "check", pack_dir, "--seeds", "1", "--only", "1")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    where = r"scaled_sum\.yaml:13: quiz\[0\]\.answer\[0\]: "
    assert re.search(where + r"accepted form 'x\*\*9\*\*9\*\*9': .*too large", result.stdout), (
        output
    )


# --- a broken pack is one warning; the rest keeps working ----------------------------------


def hostile_packs(folder: Path) -> list[Path]:
    """A folder of broken packs, one per hostile case above, for $QUIZPREP_PACKS."""
    packs = []
    for index, name in enumerate([*sorted(HOSTILE_TEXT), *sorted(HOSTILE_FILES)]):
        pack = write_tiny_pack(folder / name)
        (pack / "pack.yaml").write_text(f"name: hostile-{index}\n")
        if name in HOSTILE_TEXT:
            write_hostile(pack, HOSTILE_TEXT[name][0])
        else:
            HOSTILE_FILES[name][0](pack / "questions" / "hostile.yaml")
        packs.append(pack)
    return packs


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("quizprep: warning: ")]


def test_list_skips_each_broken_pack_with_one_warning(tmp_path: Path) -> None:
    packs = hostile_packs(tmp_path / "packs")
    result = quizprep("list", "--format", "json", QUIZPREP_PACKS=str(tmp_path / "packs"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert '"exercise": "cross_entropy"' in result.stdout
    warnings = warnings_in(result.stderr)
    assert len(warnings) == len(packs), result.stderr[-3000:]
    assert all("skipped a pack (QUIZPREP_PACKS)" in line for line in warnings)


def test_grading_a_builtin_exercise_ignores_a_broken_pack(tmp_path: Path) -> None:
    packs = hostile_packs(tmp_path / "packs")
    result = quizprep(
        "grade",
        CORRECT_CROSS_ENTROPY,
        "--exercise",
        "cross_entropy",
        "--seed",
        "3",
        "--allow-weak-sandbox",
        QUIZPREP_PACKS=str(tmp_path / "packs"),
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert len(warnings_in(result.stderr)) == len(packs), result.stderr[-3000:]
    assert "1/1 passed" in result.stdout + result.stderr


# --- references and mutants run under a time and memory limit, and return data --------------

HANGING_IMPORT = "while True:\n    pass\n"


def set_reference(pack: Path, old: str, new: str) -> None:
    path = pack / "reference" / "scaled_sum.py"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


REFERENCE_RETURN = "    return scale * (np.asarray(a) + np.asarray(b))"

BROKEN_REFERENCES: dict[str, tuple[str, str, str]] = {
    # name -> (replaced text, replacement, the expected problem line)
    "reference_loops": (
        REFERENCE_RETURN,
        "    while True:\n        pass",
        r"scaled_sum\.py:[89]: reference\(\): did not return within 3 s",
    ),
    "random_case_loops": (
        "    n = int(rng.integers(1, 6))",
        "    while True:\n        n = 1",
        r"scaled_sum\.py:2[34]: random_case\(\): did not return within 3 s",
    ),
    "oracle_loops": (
        "    import torch\n",
        "    while True:\n        pass\n",
        r"scaled_sum\.py:1[23]: oracle\(\): did not return within 3 s",
    ),
    "import_loops": (
        "import numpy as np\n",
        "import numpy as np\n" + HANGING_IMPORT,
        r"scaled_sum\.py:[34]: import: did not finish within 3 s",
    ),
    "returns_a_generator": (
        REFERENCE_RETURN,
        "    return (x for x in a)",
        r"scaled_sum\.py:7: reference\(\): returned a generator, which is not data",
    ),
    "returns_an_object": (
        REFERENCE_RETURN,
        "    return object()",
        r"scaled_sum\.py:7: reference\(\): returned an object, which is not data",
    ),
    "returns_a_string": (
        REFERENCE_RETURN,
        "    return 'abc'",
        r"scaled_sum\.py:7: reference\(\): returned a str, which is not data",
    ),
    "returns_none": (
        REFERENCE_RETURN,
        "    scale * a",
        r"scaled_sum\.py:7: reference\(\): returned None, which is not data",
    ),
    "case_with_an_object": (
        '    return Case(f"random {index}", (rng.normal(size=n), rng.normal(size=n), scale))',
        '    return Case(f"random {index}", (object(), rng.normal(size=n), scale))',
        r"scaled_sum\.py:22: random_case\(\): case 3 \(random 0\): args\[0\] is an object, which",
    ),
    "eats_memory": (
        REFERENCE_RETURN,
        "    hoard = []\n    while True:\n        hoard.append(np.ones(1 << 20))",
        r"scaled_sum\.py:(9|10): reference\(\): ran out of memory \(limit 512 MB",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN_REFERENCES))
def test_pack_check_names_a_broken_reference_in_one_line(pack_dir: Path, name: str) -> None:
    old, new, expected = BROKEN_REFERENCES[name]
    set_reference(pack_dir, old, new)
    result = quizprep("pack", "check", pack_dir, "--seeds", "2", QUIZPREP_REFERENCE_TIMEOUT="3")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    problems = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")]
    assert any(re.search(expected, line) for line in problems), output


def test_a_mutant_that_hangs_is_named(pack_dir: Path) -> None:
    mutants = pack_dir / "reference" / "mutants" / "scaled_sum"
    (mutants / "forgot_scale.py").write_text(
        "def scaled_sum(a, b, scale):\n    while True:\n        pass\n"
    )
    result = quizprep("pack", "check", pack_dir, "--seeds", "2", QUIZPREP_REFERENCE_TIMEOUT="3")
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert re.search(
        r"forgot_scale\.py:[23]: scaled_sum\(\): did not return within 3 s", result.stdout
    ), output


def test_grading_against_a_reference_that_hangs_is_one_line(pack_dir: Path, tmp_path: Path) -> None:
    set_reference(pack_dir, REFERENCE_RETURN, "    while True:\n        pass")
    submission = tmp_path / "scaled_sum.py"
    submission.write_text("def scaled_sum(a, b, scale):\n    return scale * (a + b)\n")
    result = quizprep(
        "grade",
        submission,
        "--pack",
        pack_dir,
        "--allow-weak-sandbox",
        QUIZPREP_REFERENCE_TIMEOUT="3",
        QUIZPREP_CACHE="off",
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(
        r"^quizprep: error: .*scaled_sum\.py:[89]: reference\(\): did not return within 3 s$",
        result.stderr,
        re.M,
    ), result.stderr


def test_a_mutant_returning_none_never_breaks_grading(pack_dir: Path, tmp_path: Path) -> None:
    mutants = pack_dir / "reference" / "mutants" / "scaled_sum"
    (mutants / "forgot_scale.py").write_text("def scaled_sum(a, b, scale):\n    a + b\n")
    submission = tmp_path / "scaled_sum.py"
    submission.write_text("def scaled_sum(a, b, scale):\n    return 'wrong'\n")
    result = quizprep(
        "grade",
        submission,
        "--pack",
        pack_dir,
        "--allow-weak-sandbox",
        "--format",
        "json",
        QUIZPREP_CACHE="off",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    (row,) = json.loads(result.stdout)
    assert row["status"] == "fail", row  # the learner's failure, not the grader's
    assert not row.get("grader_failed"), row


# --- memory: the whole hostile set stays small ---------------------------------------------

MEASURE = textwrap.dedent(
    """\
    import resource, subprocess, sys
    limit = 6 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    result = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
    sys.stderr.write(result.stderr)
    print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
)


def peak_rss(args: list[str | Path], env: dict[str, str]) -> tuple[int, int, str]:
    """Exit code and peak RSS (KiB) of a command run under a 6 GiB address-space cap, and its
    stderr."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=2 * CHILD_TIMEOUT,
        cwd=ROOT,
        env=env,
    )
    code, rss = result.stdout.split()
    return int(code), int(rss), result.stderr


def test_hostile_packs_keep_the_grader_small(tmp_path: Path) -> None:
    hostile_packs(tmp_path / "packs")
    env = environment(QUIZPREP_PACKS=str(tmp_path / "packs"), QUIZPREP_CACHE="off")
    command = [sys.executable, "-m", "quizprep"]
    code, rss, stderr = peak_rss([*command, "list"], env)
    assert code == 0 and "Traceback" not in stderr, stderr[-3000:]
    assert rss < 1536 * 1024, f"peak RSS {rss // 1024} MiB"
    grade = ["grade", CORRECT_CROSS_ENTROPY, "--exercise", "cross_entropy", "--allow-weak-sandbox"]
    code, rss, stderr = peak_rss([*command, *grade], env)
    assert code == 0 and "Traceback" not in stderr, stderr[-3000:]
    assert rss < 1536 * 1024, f"peak RSS {rss // 1024} MiB"
    hog = write_tiny_pack(tmp_path / "hog")
    set_reference(hog, REFERENCE_RETURN, BROKEN_REFERENCES["eats_memory"][1])
    code, rss, stderr = peak_rss([*command, "pack", "check", hog, "--seeds", "1"], env)
    assert code == 1 and "Traceback" not in stderr, stderr[-3000:]
    assert rss < 1536 * 1024, f"peak RSS {rss // 1024} MiB"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "    import os, signal\n    os.kill(os.getpid(), signal.SIGSEGV)",
            r"scaled_sum\.py:\d+: reference\(\): crashed the grader's helper process \(SIGSEGV\)",
        ),
        (
            "    hoard = []\n    while True:\n        hoard.append(np.ones(1 << 20))",
            r"scaled_sum\.py:(9|10): reference\(\): ran out of memory \(limit 512 MB",
        ),
    ],
    ids=["crashes", "eats-memory"],
)
def test_a_cold_grade_names_a_reference_that_fails_its_helper(
    pack_dir: Path, tmp_path: Path, new: str, expected: str
) -> None:
    """Without --seed the references of a cold `quizprep grade` are computed in a helper
    forked from the grader: a crash or a memory hog there is the same one line as in a
    helper started on its own."""
    set_reference(pack_dir, REFERENCE_RETURN, new)
    submission = tmp_path / "scaled_sum.py"
    submission.write_text("def scaled_sum(a, b, scale):\n    return scale * (a + b)\n")
    result = quizprep(
        "grade", submission, "--pack", pack_dir, "--allow-weak-sandbox", QUIZPREP_CACHE="off"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(rf"^quizprep: error: .*{expected}", result.stderr, re.M), result.stderr

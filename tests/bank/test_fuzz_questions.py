"""Fuzzing the pack loader with mutated copies of the built-in question files (issue 12).

A few hundred seeded mutations (types changed, fields dropped, huge numbers, long strings,
aliases, deep nesting, BOMs, NUL bytes and other encodings, duplicate keys, tags such as
`!!python/object`, truncation, flipped bytes) each become a one-question pack. Loading one must
end, in time, either with the pack loaded or with a PackError that names the file and a line;
and a good pack loaded beside it must load all the same. The loads run in one subprocess (an
alarm per case; the subprocess's own timeout catches a hang in C code, and a crash is caught
too), so nothing here can hang or take down the test run.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from tests.conftest import write_tiny_pack

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = sorted((ROOT / "questions").glob("q*.yaml"))
SEED = 20240612
CASES = 300
BATCH_TIMEOUT = 300.0
"""Seconds for all the cases together (about 10 on a quiet machine)."""

Mutation = Callable[[random.Random, str], str | bytes]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _key_lines(text: str, *, top: bool = False) -> list[int]:
    """Indices of the lines that hold a `key: value` (top-level only, if `top`)."""
    found = []
    for index, line in enumerate(_lines(text)):
        stripped = line.lstrip(" -")
        if ":" in stripped and stripped[:1].isalpha() and (not top or line[:1].isalpha()):
            found.append(index)
    return found


def _set_value(rng: random.Random, text: str, value: str) -> str:
    """Replace the value of a random `key: value` line with `value`."""
    lines = _lines(text)
    index = rng.choice(_key_lines(text))
    key, _, _ = lines[index].partition(":")
    lines[index] = f"{key}: {value}\n"
    return "".join(lines)


def change_type(rng: random.Random, text: str) -> str:
    values = ["[1, 2]", "{a: 1}", "true", "null", "-1", "1.5", "'text'", ".inf", "-.inf", ".nan"]
    values += ["2024-01-01", "[]", "{}", "''", "0", "~", "[[[]]]", "{? [a]: 1}"]
    return _set_value(rng, text, rng.choice(values))


def drop_field(rng: random.Random, text: str) -> str:
    """Remove a top-level field and the block under it."""
    lines = _lines(text)
    start = rng.choice(_key_lines(text, top=True))
    end = start + 1
    while end < len(lines) and (lines[end][:1] in (" ", "-", "\n") or not lines[end].strip()):
        end += 1
    return "".join(lines[:start] + lines[end:])


def huge_number(rng: random.Random, text: str) -> str:
    digits = rng.choice([19, 20, 40, 4299, 4301, 5000, 50_000])
    values = ["9" * digits, "-" + "9" * digits, "1e999", "-1e999", "0x" + "f" * 50, "1" + "_0" * 30]
    values += ["0b" + "1" * 100, "190:20:30:" + "59:" * 20 + "1", "0o" + "7" * 60]
    return _set_value(rng, text, rng.choice(values))


def long_string(rng: random.Random, text: str) -> str:
    size = rng.choice([10_000, 200_000, 900_000])
    return _set_value(rng, text, "'" + "x" * size + "'")


def alias(rng: random.Random, text: str) -> str:
    choice = rng.randrange(4)
    if choice == 0:  # an anchor on one value, an alias on another
        text = _set_value(rng, text, "&shared [1, 2, 3]")
        return _set_value(rng, text, "*shared")
    if choice == 1:  # billion laughs, appended
        rows = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        rows += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
        return text + "\n".join(rows) + "\n"
    if choice == 2:  # a value that contains itself
        return _set_value(rng, text, "&me [*me]")
    return _set_value(rng, text, "*undefined")


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([150, 199, 201, 250, 5000, 100_000])
    if rng.random() < 0.5:
        return _set_value(rng, text, "[" * depth + "]" * depth)
    if rng.random() < 0.5:
        return _set_value(rng, text, "{a: " * depth + "1" + "}" * depth)
    nested = "".join(f"\n{' ' * (level + 2)}k{level}:" for level in range(min(depth, 900)))
    return _set_value(rng, text, nested + " 1")


def odd_encoding(rng: random.Random, text: str) -> str | bytes:
    data = text.encode("utf-8")
    where = rng.randrange(len(data) + 1)
    choice = rng.randrange(9)
    if choice == 0:
        return "\ufeff" + text
    if choice == 1:
        return text[: len(text) // 2] + "\ufeff" + text[len(text) // 2 :]
    if choice == 2:
        return data[:where] + b"\x00" + data[where:]
    if choice == 3:
        return data[:where] + bytes([rng.choice([0x80, 0xC3, 0xFF, 0xFE, 0xED])]) + data[where:]
    if choice == 4:
        return text.encode(rng.choice(["utf-16", "utf-32", "utf-16-be"]))
    if choice == 5:
        return text.replace("\n", "\r\n")
    if choice == 6:
        return text.replace("\n", "\r")
    if choice == 7:
        return data[:where] + bytes([rng.choice([0x01, 0x07, 0x1B, 0x7F, 0x85])]) + data[where:]
    return text.replace("  ", "\t", rng.randrange(1, 5))


def duplicate_key(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    index = rng.choice(_key_lines(text))
    lines.insert(index + 1, lines[index] if lines[index].endswith("\n") else lines[index] + "\n")
    return "".join(lines)


def yaml_tag(rng: random.Random, text: str) -> str:
    tags = [
        "!!python/object/apply:os.system ['true']",
        "!!python/name:os.system",
        "!!python/object:collections.OrderedDict {}",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [{a: 1}]",
        "!custom value",
        "!!timestamp 2001-12-14",
        "!!int '12'",
        "!!int '" + "9" * 6000 + "'",
        "!!float 'x'",
        "!!str 12",
    ]
    if rng.random() < 0.2:
        directive = "%TAG !py! tag:yaml.org,2002:python/\n---\n"
        return directive + _set_value(rng, text, "!py!object/apply:os.system ['true']")
    return _set_value(rng, text, rng.choice(tags))


def truncate(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8")
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(rng: random.Random, text: str) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randrange(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def shuffle_structure(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    choice = rng.randrange(4)
    index = rng.randrange(len(lines))
    if choice == 0:
        lines[index] = lines[index].lstrip(" ")
    elif choice == 1:
        lines[index] = "   " + lines[index]
    elif choice == 2:
        lines.insert(index, "---\n")
    else:
        lines.insert(0, rng.choice(["%YAML 1.1\n---\n", "%YAML 9.9\n---\n", "--- |\n"]))
    return "".join(lines)


MUTATIONS: list[Mutation] = [
    change_type,
    drop_field,
    huge_number,
    long_string,
    alias,
    deep_nesting,
    odd_encoding,
    duplicate_key,
    yaml_tag,
    truncate,
    flip_bytes,
    shuffle_structure,
]

LOAD_EACH = textwrap.dedent(
    """\
    import json, signal, sys
    from quizprep.bank.catalog import load_catalog
    from quizprep.bank.discovery import PackSource
    from quizprep.bank.pack import load_pack
    from quizprep.errors import PackError, SchemaError

    class Hang(BaseException):
        pass

    def alarm(signum, frame):
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    good = sys.argv[1]
    for line in sys.stdin:
        case = json.loads(line)
        print(json.dumps({"case": case["index"], "started": True}), flush=True)
        outcome = {"case": case["index"]}
        signal.alarm(20)
        try:
            load_pack(case["pack"])
            outcome["result"] = "loaded"
        except PackError as exc:
            outcome["result"] = "PackError"
            outcome["message"] = str(exc)[:500]
            outcome["path"] = str(getattr(exc, "path", ""))
            outcome["line"] = getattr(exc, "line", None)
            outcome["schema"] = isinstance(exc, SchemaError)
        except BaseException as exc:
            outcome["result"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        try:
            sources = [PackSource(case["pack"], "QUIZPREP_PACKS"), PackSource(good, "--pack")]
            catalog = load_catalog(sources)
            outcome["beside"] = sorted(pack.name for pack in catalog.packs)
            outcome["problems"] = len(catalog.problems)
        except BaseException as exc:
            outcome["beside"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        signal.alarm(0)
        print(json.dumps(outcome), flush=True)
    """
)


def build_cases(folder: Path) -> list[dict[str, object]]:
    """Write one pack per mutation; return what the loader needs to find each."""
    rng = random.Random(SEED)
    cases = []
    for index in range(CASES):
        source = rng.choice(QUESTIONS)
        mutation = MUTATIONS[index % len(MUTATIONS)]
        content = mutation(rng, source.read_text(encoding="utf-8"))
        pack = folder / f"case{index:03d}"
        (pack / "questions").mkdir(parents=True)
        (pack / "pack.yaml").write_text(f"name: fuzz-{index}\n")
        question = pack / "questions" / source.name
        if isinstance(content, bytes):
            question.write_bytes(content)
        else:
            question.write_text(content, encoding="utf-8")
        cases.append(
            {"index": index, "pack": str(pack), "file": str(question), "how": mutation.__name__}
        )
    return cases


def test_mutated_question_files_fail_cleanly_and_never_break_another_pack(
    tmp_path: Path,
) -> None:
    good = write_tiny_pack(tmp_path / "good")
    cases = build_cases(tmp_path / "fuzz")
    feed = "".join(json.dumps(case) + "\n" for case in cases)
    try:
        result = subprocess.run(
            [sys.executable, "-c", LOAD_EACH, str(good)],
            input=feed,
            capture_output=True,
            text=True,
            timeout=BATCH_TIMEOUT,
            cwd=ROOT,
        )
        stdout, returncode = result.stdout, result.returncode
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        returncode = None
    outcomes = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    finished = {o["case"]: o for o in outcomes if "started" not in o}
    started = [o["case"] for o in outcomes if "started" in o]
    if started and started[-1] not in finished:
        stuck = cases[started[-1]]
        raise AssertionError(
            f"case {stuck['index']} ({stuck['how']}, {stuck['file']}) hung or crashed the "
            f"loader (exit status {returncode})"
        )
    assert returncode == 0 and len(finished) == len(cases), (returncode, result.stderr[-2000:])

    failures = []
    kinds: dict[str, int] = {}
    for case in cases:
        outcome = finished[case["index"]]
        what = f"case {case['index']} ({case['how']}): {outcome}"
        kinds[outcome["result"]] = kinds.get(outcome["result"], 0) + 1
        if outcome["result"] == "PackError":
            names_file_and_line = (
                outcome["schema"]
                and outcome["path"] == case["file"]
                and isinstance(outcome["line"], int)
                and outcome["message"].startswith(f"{case['file']}:{outcome['line']}: ")
            )
            if not names_file_and_line:
                failures.append("no file and line: " + what)
        elif outcome["result"] != "loaded":
            failures.append("not a PackError: " + what)
        hostile = f"fuzz-{case['index']}"
        loaded = outcome["result"] == "loaded"
        expected_beside = sorted(["tiny", hostile]) if loaded else ["tiny"]
        if outcome["beside"] != expected_beside or outcome["problems"] != (not loaded):
            failures.append("broke the pack beside it: " + what)
    assert not failures, "\n".join(failures[:20])
    assert kinds.get("PackError", 0) > CASES // 2, kinds  # the mutations do break files

"""The parse cache: a pack loaded again is served without the YAML parser, and nothing a cache
entry holds can change what a pack says (edits miss, damaged or planted entries yield)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from quizprep.bank import pack as pack_module
from quizprep.bank.modeldata import FIELDS_SET, as_data, from_data
from quizprep.bank.pack import Pack, builtin_pack_dirs, load_pack
from quizprep.bank.parsecache import ParseCache
from quizprep.bank.schema import Exercise, Question
from quizprep.bank.yamlfile import LoadedYaml
from tests.conftest import write_tiny_pack


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUIZPREP_CACHE", str(folder))
    return folder


def _entries(cache: Path) -> list[Path]:
    """The entries' data files (each has a `.lines.json` beside it): one for pack.yaml, one
    for the question files, per pack."""
    if not (cache / "parsed").is_dir():
        return []
    return sorted(
        p for p in (cache / "parsed").glob("*.json") if not p.name.endswith(".lines.json")
    )


def _questions_entry(cache: Path, root: Path, suffix: str = ".json") -> Path:
    """The entry of the tiny pack's question files (`suffix` ".lines.json": its line tables)."""
    files = sorted((root / "questions").glob("*.yaml"))
    key = ParseCache.key([ParseCache.fingerprint(f, f.read_bytes()) for f in files])
    found = cache / "parsed" / f"{key}{suffix}"
    assert found.is_file()
    return found


def _no_question_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pack_module.load_yaml

    def refuse(path: Path, raw: bytes | None = None) -> LoadedYaml:
        if path.name == "pack.yaml":  # one small file, parsed each time
            return real(path, raw)
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr(pack_module, "load_yaml", refuse)


def test_a_pack_loaded_again_is_not_parsed_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    first = load_pack(root)
    assert len(_entries(cache)) == 2  # pack.yaml's and the questions'
    _no_question_parser(monkeypatch)
    second = load_pack(root)
    assert second == first
    assert [e.lines for e in second.entries] == [e.lines for e in first.entries]
    assert second.entries[0].line_of("exercise", "tolerance") == 16


@pytest.mark.parametrize(
    "damage",
    [None, b"{not json", b"[[], []]", b'[[[["id"], 1.5]]]', json.dumps([[[[{}], 2]]]).encode()],
    ids=["missing", "truncated", "two-tables", "fractional-line", "unhashable-location"],
)
def test_line_tables_are_read_only_when_a_line_is_asked_for(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    """A pack served from the cache reads no line table until an error or `pack check` asks
    for a line (they are most of an entry: ~25 ms of a cold grade); a missing or damaged table
    costs only a parse of the file that is asked about, never a wrong line."""
    root = write_tiny_pack(tmp_path / "tiny")
    first = load_pack(root)
    tables = _questions_entry(cache, root, ".lines.json")
    if damage is None:
        tables.unlink()
    else:
        tables.write_bytes(damage)
    _no_question_parser(monkeypatch)
    second = load_pack(root)  # no parse: the tables were not needed
    assert second == first
    monkeypatch.undo()
    monkeypatch.setenv("QUIZPREP_CACHE", str(cache))
    assert second.entries[0].line_of("exercise", "tolerance") == 16
    assert second.entries[0].exercise_line == first.entries[0].exercise_line


def test_a_line_table_of_a_file_edited_since_is_not_used(tmp_path: Path, cache: Path) -> None:
    """A table asked for after its file changed (and the entry's own table is gone) gives no
    line rather than a line of other text."""
    root = write_tiny_pack(tmp_path / "tiny")
    load_pack(root)
    tables = _questions_entry(cache, root, ".lines.json")
    tables.unlink()
    entry = load_pack(root).entries[0]
    entry.path.write_text("\n\n\n" + entry.path.read_text())
    assert entry.line_of("exercise", "tolerance") is None


def test_an_edited_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    load_pack(root)
    question = root / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("title: Scaled sum", "title: Scaled total"))
    assert load_pack(root).questions[0].title == "Scaled total"
    assert len(_entries(cache)) == 3  # a new one for the questions


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": "mapping"}',
        b"[1, 2]",
        b"[[]]",
    ],
    ids=["empty", "truncated", "deep", "mapping", "two-items", "wrong-data"],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, cache: Path, damage: bytes) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    expected = load_pack(root)
    entry = _questions_entry(cache, root)
    entry.write_bytes(damage)
    assert load_pack(root) == expected


def test_a_planted_entry_that_does_not_validate_yields_to_the_files(
    tmp_path: Path, cache: Path
) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    expected = load_pack(root)
    entry = _questions_entry(cache, root)
    entry.write_text(json.dumps([{"id": "planted", "number": "many"}]))
    assert load_pack(root) == expected  # not an error about a file that is fine


def test_no_entry_when_the_cache_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZPREP_CACHE", "off")
    monkeypatch.setenv("QUIZPREP_HOME", str(tmp_path / "home"))
    load_pack(write_tiny_pack(tmp_path / "tiny"))
    assert not any(tmp_path.rglob("*.json"))


def test_a_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("QUIZPREP_CACHE", str(blocker))
    assert load_pack(write_tiny_pack(tmp_path / "tiny")).questions[0].id == "tiny/scaled_sum"


def test_data_that_json_would_change_is_not_stored(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    path = tmp_path / "q.yaml"
    for data in ({1: "a number as a key"}, {"x": float("nan")}, {"when": object()}):
        cache.put([b"k"], [LoadedYaml(path, data, {(): 1})])
        assert cache.get([path], [b"k"]) is None


def test_a_broken_file_is_reported_as_before(tmp_path: Path, cache: Path) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    load_pack(root)
    question = root / "questions" / "scaled_sum.yaml"
    question.write_text(question.read_text().replace("number: 1", "number: one"))
    with pytest.raises(Exception, match=r"scaled_sum\.yaml:2: number"):
        load_pack(root)


def test_a_file_that_changes_while_it_is_read_is_stored_under_what_was_parsed(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of a new entry is made from the bytes parsed, not from an earlier read: an entry
    never holds other bytes than its key says."""
    root = write_tiny_pack(tmp_path / "tiny")
    real = pack_module.read_pack_file
    reads: list[Path] = []

    def changing(path: Path, *, limit: int = 1_000_000) -> bytes:
        raw = real(path, limit=limit)
        reads.append(path)
        if path.name == "scaled_sum.yaml" and reads.count(path) == 2:  # saved meanwhile
            return raw.replace(b"title: Scaled sum", b"title: Saved meanwhile")
        return raw

    monkeypatch.setattr(pack_module, "read_pack_file", changing)
    assert load_pack(root).questions[0].title == "Saved meanwhile"
    monkeypatch.setattr(pack_module, "read_pack_file", real)
    assert load_pack(root).questions[0].title == "Scaled sum"


def test_an_entry_over_the_limit_is_neither_stored_nor_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizprep.bank import parsecache

    cache = ParseCache(tmp_path)
    path = tmp_path / "q.yaml"
    monkeypatch.setattr(parsecache, "MAX_ENTRY_BYTES", 100)
    cache.put([b"big"], [LoadedYaml(path, {"text": "x" * 200}, {(): 1})])
    assert not any(tmp_path.rglob("*.json"))
    (tmp_path / "parsed").mkdir()
    planted = tmp_path / "parsed" / f"{cache.key([b'planted'])}.json"
    planted.write_text(json.dumps([{"t": "x" * 200}]))
    assert cache.get([path], [b"planted"]) is None


def test_a_pack_served_from_the_cache_never_imports_the_yaml_parser(
    tmp_path: Path, cache: Path
) -> None:
    """pack.yaml is served from the cache too, so a cold command whose packs are cached skips
    importing PyYAML (~10 ms) as well as parsing."""
    root = write_tiny_pack(tmp_path / "tiny")
    load_pack(root)
    probe = (
        "import sys\nfrom quizprep.bank.pack import load_pack\n"
        f"pack = load_pack({str(root)!r})\n"
        "print(pack.questions[0].id, 'yaml' in sys.modules, pack.meta_lines.get(('name',)))\n"
    )
    assert _cold(probe, cache) == ["tiny/scaled_sum", "False", "1"]


def _cold(probe: str, cache: Path) -> list[str]:
    """The words `probe` prints, run by a fresh interpreter with `cache` as the cache."""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "QUIZPREP_CACHE": str(cache)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def _shape(value: Any) -> Any:
    """Everything of a model that a reader can see: each value with its exact type, and the
    fields each model was given (`NumericItem` reads which tolerances were)."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        given = sorted(value.model_fields_set)
        return (type(value), given, [(name, _shape(getattr(value, name))) for name in fields])
    if isinstance(value, list | tuple):
        return (type(value), [_shape(item) for item in value])
    if isinstance(value, dict):
        return (dict, [(key, _shape(item)) for key, item in value.items()])
    return (type(value), value)


def _shape_of_pack(pack: Pack) -> Any:
    return [(_shape(pack.meta), [(e.path, e.local_id, _shape(e.question)) for e in pack.entries])]


@pytest.mark.parametrize("which", ["classic", "modern", "tiny"])
def test_a_pack_served_from_the_cache_is_exactly_the_validated_one(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """Every field of every model, its type and whether it was given, as validation made it:
    the cache stores the validated models and rebuilds them without validating again."""
    builtin = {"classic": builtin_pack_dirs()[0], "modern": builtin_pack_dirs()[1]}
    root = builtin.get(which) or write_tiny_pack(tmp_path / "tiny")
    validated = load_pack(root)  # a miss: parsed, validated, stored
    _no_question_parser(monkeypatch)
    monkeypatch.setattr(pack_module, "validate", _refuse_validation)
    served = load_pack(root)
    assert served == validated
    assert _shape_of_pack(served) == _shape_of_pack(validated)


def _refuse_validation(loaded: LoadedYaml, model: type[BaseModel]) -> BaseModel:
    raise AssertionError(f"{loaded.path} was validated")


def test_from_data_takes_only_data_of_the_model() -> None:
    exercise = load_pack(builtin_pack_dirs()[0]).exercise("gru_cell")
    assert exercise is not None
    data = json.loads(json.dumps(as_data(exercise)))
    assert from_data(Exercise, data) == exercise
    wrong = [
        {**data, "timeout": "10"},
        {**data, "timeout": 1e9},  # beyond MAX_SECONDS: a planted entry could stall a batch
        {**data, "timeout": float("nan")},
        {**data, "memory_mb": 1 << 20},
        {**data, "random_cases": -1},
        {**data, "id": "../../elsewhere/module"},  # the reference is `reference/<id>.py`
        {**data, "id": "gru_cell\n"},
        {**data, "hints": ["a hint", ""]},
        {**data, "modifies": ["x"] * 51},
        {**data, "mutants": [{**as_data(exercise.mutants[0]), "name": "../x"}]},
        {**data, "random_cases": 8.0},
        {**data, "accepts_torch": 1},
        {**data, "hints": "a hint"},
        {**data, "tolerance": {"rtol": 1e-5}},
        {**data, "extra": 1},
        {k: v for k, v in data.items() if k != "signature"},
        {k: v for k, v in data.items() if k != FIELDS_SET},
        {**data, FIELDS_SET: ["no_such_field"]},
        [data],
    ]
    for planted in wrong:
        with pytest.raises(ValueError):
            from_data(Exercise, planted)
    question = load_pack(builtin_pack_dirs()[0]).find("1")
    assert question is not None and question.quiz
    item = as_data(question.quiz[0])
    for kind in ("essay", None, 1):
        with pytest.raises(ValueError, match="no kind of item"):
            from_data(Question, {**as_data(question), "quiz": [{**item, "kind": kind}]})


@pytest.mark.parametrize(
    "plant",
    [
        lambda q: {**q, "number": "many"},
        lambda q: {**q, "topic": "astrology"},
        lambda q: {**q, "quiz": [{"kind": "essay"}]},
        lambda q: {**q, "surprise": True},
        lambda q: {**q, "exercise": {**q["exercise"], "timeout": 1e9}},
        lambda q: {**q, "exercise": {**q["exercise"], "id": "../../../tmp/planted"}},
    ],
    ids=[
        "number-of-another-type",
        "unknown-topic",
        "unknown-item-kind",
        "unknown-field",
        "timeout-beyond-bounds",
        "id-out-of-the-pack",
    ],
)
def test_an_entry_that_is_not_data_of_the_models_yields_to_the_files(
    tmp_path: Path, cache: Path, plant: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    root = write_tiny_pack(tmp_path / "tiny")
    expected = load_pack(root)
    entry = _questions_entry(cache, root)
    entry.write_text(json.dumps([plant(q) for q in json.loads(entry.read_text())]))
    assert load_pack(root) == expected


def test_an_edit_of_the_code_that_decides_an_entry_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout whose schema changed keeps its version number: its entries must not be read
    as the old schema's."""
    from quizprep.bank import parsecache

    before = ParseCache.key([b"file"])
    copy = tmp_path / "bank"
    shutil.copytree(Path(parsecache.__file__).parent, copy)
    monkeypatch.setattr(parsecache, "__file__", str(copy / "parsecache.py"))
    parsecache._code_digest.cache_clear()
    try:
        assert ParseCache.key([b"file"]) == before  # the same sources
        (copy / "schema.py").write_text((copy / "schema.py").read_text() + "\n# edited\n")
        parsecache._code_digest.cache_clear()
        assert ParseCache.key([b"file"]) != before
    finally:
        monkeypatch.undo()
        parsecache._code_digest.cache_clear()


def test_a_cold_command_on_cached_packs_builds_no_validator(tmp_path: Path, cache: Path) -> None:
    """Building the schema's validators and pydantic's plugin look-up is ~50 ms of a cold
    `quizprep grade`; a pack served from the cache needs neither (nor a validation)."""
    for root in builtin_pack_dirs():
        load_pack(root)
    probe = (
        "import sys\nfrom quizprep.bank.pack import builtin_pack_dirs, load_pack\n"
        "from quizprep.bank import schema\n"
        "packs = [load_pack(root) for root in builtin_pack_dirs()]\n"
        "from quizprep.grading.refcache import ReferenceCache\n"
        "ReferenceCache(None).key(packs[0], packs[0].exercises[0], 1)\n"
        "models = [m for m in vars(schema).values() if isinstance(m, type) "
        "and issubclass(m, schema.Model) and m is not schema.Model]\n"
        "print(len(packs[0].questions) > 50, len(models) > 8, "
        "[m.__name__ for m in models if m.__pydantic_complete__], "
        "'pydantic.plugin._loader' in sys.modules)\n"
    )
    assert _cold(probe, cache) == ["True", "True", "[]", "False"]

"""Loading packs: valid files load; every mistake is one line naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep import __version__
from quizprep.bank.pack import builtin_pack_dir, load_pack
from quizprep.errors import PackError, SchemaError
from tests.conftest import TINY_QUESTION, write_tiny_pack


def _pack_with(tmp_path: Path, question_text: str) -> Path:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "questions" / "scaled_sum.yaml").write_text(question_text)
    return root


def _error(tmp_path: Path, question_text: str) -> SchemaError:
    with pytest.raises(SchemaError) as info:
        load_pack(_pack_with(tmp_path, question_text))
    return info.value


def test_tiny_pack_loads_with_namespaced_ids(tmp_path: Path) -> None:
    pack = load_pack(write_tiny_pack(tmp_path / "pack"))
    assert [q.id for q in pack.questions] == ["tiny/scaled_sum"]
    assert [e.local_id for e in pack.entries] == ["scaled_sum"]
    for key in ("scaled_sum", "tiny/scaled_sum", "1", "tiny/1"):
        assert pack.find(key) is pack.questions[0], key
    assert pack.find("other/scaled_sum") is None
    exercise = pack.exercise("scaled_sum")
    assert exercise is not None and exercise.tolerance.rtol == 1e-6
    assert pack.reference_module(exercise).name == "scaled_sum.py"


def test_builtin_bank_loads_with_the_flagship_exercises() -> None:
    pack = load_pack(builtin_pack_dir())
    assert not pack.namespaced
    assert pack.find("gru") is not None and pack.find("gru").id == "gru"  # type: ignore[union-attr]
    ids = {e.id for e in pack.exercises}
    assert {
        "perceptron_step",
        "conv2d_output_shape",
        "cross_entropy",
        "rnn_bptt",
        "gru_cell",
    } <= ids
    numbers = [q.number for q in pack.questions]
    assert numbers == sorted(numbers)


def test_unknown_field_names_file_line_and_field(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace("difficulty: easy", "difficulty: easy\ndificulty: hard")
    error = _error(tmp_path, text)
    assert error.path.name == "scaled_sum.yaml"
    assert error.line == 6
    assert error.field == "dificulty"
    assert str(error).endswith("scaled_sum.yaml:6: dificulty: unknown field (check its spelling)")


def test_nested_field_error_points_at_its_line(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace("rtol: 1.0e-6", "rtol: -1")
    error = _error(tmp_path, text)
    assert error.field == "exercise.tolerance.rtol"
    assert error.line == 16
    assert "greater than 0" in error.message


def test_quiz_item_errors_drop_the_union_tag(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace(
        "exercise:",
        "quiz:\n  - kind: choice\n    prompt: Pick\n    options: [a, b]\n"
        "    answer: [5]\nexercise:",
    )
    error = _error(tmp_path, text)
    assert error.field == "quiz[0]"
    assert error.line == 10
    assert "answer index 5" in error.message


def test_unknown_quiz_kind(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace("exercise:", "quiz:\n  - kind: essay\n    prompt: x\nexercise:")
    error = _error(tmp_path, text)
    assert error.field.startswith("quiz[0]")
    assert error.line == 10


def test_missing_required_field(tmp_path: Path) -> None:
    error = _error(tmp_path, TINY_QUESTION.replace("title: Scaled sum\n", ""))
    assert error.field == "title"
    assert error.message == "required field is missing"


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    error = _error(tmp_path, TINY_QUESTION.replace("topic: basics", "topic: [basics"))
    assert error.line is not None and error.line >= 4
    assert "YAML syntax" in error.message


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    error = _error(tmp_path, TINY_QUESTION.replace("topic: basics", "topic: basics\ntopic: cnn"))
    assert (error.field, error.line) == ("topic", 5)
    assert error.message == "duplicate key (first on line 4)"


def test_starter_must_define_the_entry(tmp_path: Path) -> None:
    error = _error(tmp_path, TINY_QUESTION.replace("def scaled_sum(", "def scaled(", 1))
    assert error.field == "exercise"
    assert "starter does not define scaled_sum()" in error.message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "questions" / "copy.yaml").write_text(TINY_QUESTION.replace("number: 1", "number: 2"))
    with pytest.raises(SchemaError, match="id 'scaled_sum' is also used by"):
        load_pack(root)


def test_the_repository_root_finds_the_bank_in_questions() -> None:
    root = builtin_pack_dir().parent
    assert load_pack(root).meta.name == "quizprep-builtin"


def test_missing_pack_yaml(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not a pack"):
        load_pack(tmp_path)


def test_formula_symbols_accept_a_plain_list(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace(
        "exercise:",
        "quiz:\n  - kind: formula\n    prompt: p\n    symbols: [x, y]\n"
        "    answer: [x*y]\nexercise:",
    )
    pack = load_pack(_pack_with(tmp_path, text))
    item = pack.questions[0].quiz[0]
    assert item.kind == "formula" and set(item.symbols) == {"x", "y"}


def test_pack_written_for_another_quizprep_is_refused(tmp_path: Path) -> None:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "pack.yaml").write_text("name: tiny\nversion: 1.0.0\nquizprep: '>=9.0, <10'\n")
    with pytest.raises(SchemaError) as info:
        load_pack(root)
    assert (info.value.line, info.value.field) == (3, "quizprep")
    assert info.value.message.startswith(
        f"this pack needs quizprep >=9.0, <10, but this is quizprep {__version__}"
    )


def test_pack_for_this_quizprep_loads(tmp_path: Path) -> None:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "pack.yaml").write_text(f"name: tiny\nquizprep: '=={__version__}'\n")
    assert load_pack(root).meta.quizprep == f"=={__version__}"


def test_unreadable_version_range(tmp_path: Path) -> None:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "pack.yaml").write_text("name: tiny\nquizprep: 'at least 0.1'\n")
    with pytest.raises(SchemaError, match=r"pack.yaml:2: quizprep: cannot read the version range"):
        load_pack(root)


def test_pack_name_must_be_a_namespace(tmp_path: Path) -> None:
    root = write_tiny_pack(tmp_path / "pack")
    (root / "pack.yaml").write_text("name: My Pack/2\n")
    with pytest.raises(SchemaError, match=r"pack.yaml:1: name: String should match pattern"):
        load_pack(root)


def test_yaml_syntax_error_names_the_field_where_the_bracket_opened(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace(
        "  tolerance: {rtol: 1.0e-6, atol: 1.0e-9}", "  tolerance: {rtol: 1"
    )
    error = _error(tmp_path, text)
    assert (error.line, error.field) == (16, "exercise.tolerance")
    assert "flow mapping" in error.message


def test_yaml_syntax_error_in_a_list_item_names_its_index(tmp_path: Path) -> None:
    text = TINY_QUESTION.replace(
        "exercise:",
        "quiz:\n  - kind: short\n    prompt: a\n  - kind: short\n    prompt: 'b\nexercise:",
    )
    error = _error(tmp_path, text)
    assert (error.line, error.field) == (13, "quiz[1].prompt")

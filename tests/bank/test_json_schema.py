"""`quizprep pack schema`: JSON Schemas generated from the models, for editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from quizprep.bank.json_schema import json_schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "normalisation"


def test_question_schema_forbids_unknown_fields_and_knows_every_quiz_kind() -> None:
    schema = json_schema("question")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert {"id", "number", "title", "topic", "prompt", "answer"} <= set(schema["required"])
    kinds = {
        definition["properties"]["kind"]["const"]
        for name, definition in schema["$defs"].items()
        if name.endswith("Item")
    }
    assert kinds == {"choice", "numeric", "formula", "short"}
    assert schema["$defs"]["Exercise"]["additionalProperties"] is False


def test_formula_symbols_may_be_a_list_of_names() -> None:
    symbols = json_schema("question")["$defs"]["FormulaItem"]["properties"]["symbols"]
    assert [option["type"] for option in symbols["anyOf"]] == ["object", "array"]


def test_pack_schema_describes_the_version_range() -> None:
    schema = json_schema("pack")
    assert schema["required"] == ["name"]
    assert "quizprep" in schema["properties"]
    assert schema["properties"]["name"]["pattern"] == "^[a-z][a-z0-9_-]*$"


def test_the_example_pack_ships_current_schemas() -> None:
    for kind in ("question", "pack"):
        shipped = (EXAMPLE / "schema" / f"{kind}.schema.json").read_text()
        assert shipped == schema_text(kind), (
            f"regenerate: quizprep pack schema {kind} --output "
            f"examples/normalisation/schema/{kind}.schema.json"
        )


def test_every_shipped_file_validates_against_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    question_files = [
        *sorted((ROOT / "questions").glob("q*.yaml")),
        *EXAMPLE.glob("questions/*.yaml"),
    ]
    validator = jsonschema.Draft202012Validator(json_schema("question"))
    for path in question_files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, f"{path}: {errors[0].message}"
    pack_validator = jsonschema.Draft202012Validator(json_schema("pack"))
    for path in (ROOT / "questions" / "pack.yaml", EXAMPLE / "pack.yaml"):
        assert not list(pack_validator.iter_errors(yaml.safe_load(path.read_text())))


def test_schema_is_json_with_a_trailing_newline() -> None:
    text = schema_text("question")
    assert text.endswith("}\n") and json.loads(text)["title"] == "Question"

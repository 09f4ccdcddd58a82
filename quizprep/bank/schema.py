"""Validated models of a pack: the questions, their quiz items and their exercises."""

from __future__ import annotations

import ast
import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from quizprep.bank.versions import parse_range

TOPICS: dict[str, str] = {
    "basics": "Basics",
    "training": "Training",
    "optimisation": "Optimisation and regularisation",
    "cnn": "CNNs",
    "sequence": "Sequence models",
    "attention": "Attention and transformers",
    "generative": "Generative models",
    "scale": "Practice at scale",
    "modern": "Modern deep learning",
}
"""Topic slugs, in the order a learner meets them, with their display names."""

Topic = Literal[
    "basics",
    "training",
    "optimisation",
    "cnn",
    "sequence",
    "attention",
    "generative",
    "scale",
    "modern",
]
Difficulty = Literal["easy", "medium", "hard"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SYMBOL_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
SymbolName = Annotated[str, Field(pattern=SYMBOL_PATTERN, max_length=32)]
NonEmpty = Annotated[str, Field(min_length=1)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
"""A float that is a number: `.inf` and `.nan` would silently disable a comparison."""

MAX_MEMORY_MB = 16384
"""The largest memory limit an exercise may ask for (a bigger one is no limit at all)."""
MAX_SECONDS = 600
"""The longest time limit an exercise may ask for, per submission or per case."""


_DEFINED = re.compile(r"\bdef\s+(\w+)\s*\(")
"""The names a starter defines (one pattern for all: a pattern per exercise cost ~10 ms a pack)."""


class Model(BaseModel):
    """Strict base: unknown fields are errors, so a typo never passes silently.

    A model's validator is built at its first validation (`defer_build`): ~50 ms for this
    schema, with pydantic's plugin look-up, that a pack served from the parse cache never
    pays (`modeldata.from_data`). Nothing here may validate at import (a default is built with
    `model_construct`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ChoiceItem(Model):
    """Multiple choice; several correct options make it a "select all that apply" item."""

    kind: Literal["choice"]
    prompt: NonEmpty
    options: list[NonEmpty] = Field(min_length=2)
    answer: list[int] = Field(min_length=1, description="indices (from 0) of the correct options")
    explanation: str = ""

    @model_validator(mode="after")
    def _answers_are_options(self) -> ChoiceItem:
        bad = [i for i in self.answer if not 0 <= i < len(self.options)]
        if bad:
            raise ValueError(f"answer index {bad[0]} is not one of the {len(self.options)} options")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("answer lists an option twice")
        return self

    @property
    def multiple(self) -> bool:
        """True when more than one option is correct (the learner must pick all of them)."""
        return len(self.answer) > 1


class NumericItem(Model):
    """A number, accepted within a relative or absolute tolerance."""

    kind: Literal["numeric"]
    prompt: NonEmpty
    answer: Finite
    rtol: Finite = Field(default=1e-3, ge=0, le=1)
    atol: Finite = Field(default=0.0, ge=0)
    unit: str = ""
    explanation: str = ""


class SymbolSpec(Model):
    """Where a formula symbol is sampled when two formulas are compared numerically."""

    integer: bool = False
    low: Finite = Field(default=0.5, ge=-1e12, le=1e12)
    high: Finite = Field(default=3.0, ge=-1e12, le=1e12)

    @model_validator(mode="after")
    def _ordered(self) -> SymbolSpec:
        if not self.low < self.high:
            raise ValueError("low must be < high")
        if self.integer and math.ceil(self.low) > math.floor(self.high):
            raise ValueError(f"no integer lies between low {self.low:g} and high {self.high:g}")
        return self


def _names_or_domains(schema: dict[str, Any]) -> None:
    """JSON Schema of `symbols`: the mapping pydantic describes, or the list of names that
    `FormulaItem` also accepts (so an editor does not flag `symbols: [n, k]`)."""
    mapping = {k: v for k, v in schema.items() if k not in ("title", "description")}
    names = {"type": "array", "items": {"type": "string", "pattern": SYMBOL_PATTERN}, "minItems": 1}
    for key in mapping:
        del schema[key]
    schema["anyOf"] = [mapping, names]


class FormulaItem(Model):
    """A formula checked with SymPy: equal at random points, then (if it can) proved equal."""

    kind: Literal["formula"]
    prompt: NonEmpty
    symbols: dict[SymbolName, SymbolSpec] = Field(
        min_length=1,
        description="each symbol's sampling domain, or just a list of names (domain 0.5 to 3)",
        json_schema_extra=_names_or_domains,
    )
    answer: list[NonEmpty] = Field(min_length=1, description="accepted forms, the first shown")
    explanation: str = ""

    @field_validator("symbols", mode="before")
    @classmethod
    def _list_of_names(cls, value: object) -> object:
        if isinstance(value, list) and all(isinstance(name, str) for name in value):
            return {name: {} for name in value}
        return value


class ShortItem(Model):
    """Free text, self-rated by the learner against the key points."""

    kind: Literal["short"]
    prompt: NonEmpty
    key_points: list[NonEmpty] = Field(default_factory=list)


QuizItem = Annotated[
    ChoiceItem | NumericItem | FormulaItem | ShortItem, Field(discriminator="kind")
]


class Tolerance(Model):
    """How close a learner's array must be to the reference: |a - r| <= atol + rtol * |r|."""

    rtol: Finite = Field(default=1e-5, gt=0, le=1)
    atol: Finite = Field(default=1e-8, ge=0, le=1e6)


def starter_parameters(starter: str, function: str) -> tuple[str, ...]:
    """The positional parameter names of `function` in a starter: the names the exercise text
    uses for its inputs, whatever a learner calls them."""
    try:
        tree = ast.parse(starter)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return tuple(a.arg for a in [*node.args.posonlyargs, *node.args.args])
    return ()


class Mutant(Model):
    """A known-wrong implementation, shipped in reference/mutants/<exercise>/<name>.py."""

    name: Identifier
    explanation: NonEmpty
    violates: str | None = Field(
        default=None,
        max_length=500,
        description="the words of the exercise's task this mutant breaks, quoted exactly (pack "
        "check wants every requirement the task states to be broken by a mutant the cases catch)",
    )


class Exercise(Model):
    """A coding exercise graded against the reference module `reference/<id>.py`."""

    id: Identifier
    entry: Identifier | None = None
    signature: NonEmpty
    task: NonEmpty
    starter: NonEmpty
    hints: list[NonEmpty] = Field(default_factory=list)
    returns: list[SymbolName] | None = Field(
        default=None, description="names of the parts of a tuple result, for messages"
    )
    accepts_torch: bool = Field(
        default=True, description="a submission that imports torch gets tensors on the device"
    )
    tolerance: Tolerance = Tolerance.model_construct()  # Tolerance(), not validated at import
    random_cases: int = Field(default=8, ge=0, le=200)
    timeout: Finite = Field(
        default=10.0, gt=0, le=MAX_SECONDS, description="seconds per submission"
    )
    case_timeout: Finite | None = Field(
        default=None,
        gt=0,
        le=MAX_SECONDS,
        description="seconds per case (default: no per-case limit)",
    )
    memory_mb: int = Field(
        default=1024, ge=64, le=MAX_MEMORY_MB, description="memory limit per submission"
    )
    mutants: list[Mutant] = Field(default_factory=list)
    modifies: list[SymbolName] = Field(
        default_factory=list,
        description="inputs the function changes in place by contract (the grader checks that "
        "every other input comes back unchanged)",
        max_length=50,
    )

    @property
    def function(self) -> str:
        """The name of the function the learner writes."""
        return self.entry or self.id

    @model_validator(mode="after")
    def _unique_mutants(self) -> Exercise:
        names = [m.name for m in self.mutants]
        if len(set(names)) != len(names):
            raise ValueError("two mutants share a name")
        if self.function not in _DEFINED.findall(self.starter):
            raise ValueError(f"starter does not define {self.function}()")
        parameters = starter_parameters(self.starter, self.function) if self.modifies else ()
        unknown = [name for name in self.modifies if name not in parameters]
        if unknown:
            raise ValueError(
                f"modifies names {', '.join(unknown)}, not a parameter of {self.function}()"
            )
        return self


class Question(Model):
    """One interview question: prompt, model answer, quiz items and an optional exercise."""

    id: Identifier
    number: int = Field(
        ge=1, le=9999, description="its number in the pack's list (the classic 1-56)"
    )
    title: NonEmpty
    topic: Topic
    difficulty: Difficulty
    prompt: NonEmpty
    answer: NonEmpty = Field(description="the model answer, Markdown")
    notes: list[NonEmpty] = Field(
        default_factory=list, description="what is commonly gotten wrong, and the correction"
    )
    key_points: list[NonEmpty] = Field(default_factory=list)
    quiz: list[QuizItem] = Field(default_factory=list)
    exercise: Exercise | None = None


PackName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]*$",
        max_length=64,
        description="lower case, digits, '-' and '_': it namespaces the pack's question ids "
        "(`<name>/<id>`)",
    ),
]
BUILTIN_PACK_NAME = "quizprep-builtin"
"""The built-in bank's name; its question ids are the only ones not namespaced."""


class PackMeta(Model):
    """`pack.yaml`: what the pack is and where its files are."""

    name: PackName
    version: NonEmpty = "0.0.0"
    description: str = ""
    authors: list[str] = Field(default_factory=list)
    quizprep: str | None = Field(
        default=None,
        description="the quizprep versions the pack works with, e.g. '>=0.1, <0.2'; loading "
        "it with another version is an error",
        examples=[">=0.1, <0.2"],
    )
    sandbox_imports: list[str] = Field(
        default_factory=list,
        description="installed distributions (PyPI names) a submission may import besides "
        "numpy, torch and the standard library, e.g. [scipy]; they and their dependencies are "
        "bound read-only into the sandbox's root",
        examples=[["scipy"]],
    )
    questions: str = Field(default="questions", description="the folder of question files")
    reference: str = Field(default="reference", description="the folder of reference modules")

    @field_validator("quizprep")
    @classmethod
    def _readable_range(cls, value: str | None) -> str | None:
        if value is not None:
            parse_range(value)
        return value

"""Validated models as plain data and back, without pydantic's validator or serializer.

The parse cache (`quizprep.bank.parsecache`) stores each pack file's models as `as_data` made
them and rebuilds them with `from_data`: building the schema's validators (~50 ms, with
pydantic's plugin look-up) and validating again would be most of a cold command's work on a
pack that has not changed. `from_data` checks the data's shape (every field, each value's
type, the kind of each quiz item) and each field's constraints (bounds, lengths, patterns: an
exercise id still names a file in its pack's folder), but does not run the models' own
validators again (consistency between fields, which validation checked when it was stored).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union, cast, get_args, get_origin

import annotated_types
from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound=BaseModel)
FIELDS_SET = "__set__"
"""The key under which `as_data` lists the fields a model was given (no field can have it:
pydantic refuses names with a leading underscore)."""


def as_data(model: BaseModel) -> dict[str, Any]:
    """A model as plain JSON data: every field's value, and under FIELDS_SET the fields it was
    given (`from_data` rebuilds it from this). Read from the model itself: pydantic's
    serializer would build the validator of a model served from the parse cache."""
    data = {name: _plain(getattr(model, name)) for name in type(model).model_fields}
    data[FIELDS_SET] = sorted(model.model_fields_set)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return as_data(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def from_data(model: type[ModelT], data: Any) -> ModelT:
    """The model `as_data` was made from, rebuilt without validating again: for data this
    quizprep validated and stored (the parse cache). Data of another shape (a field more or
    less, a value of another type) or a value outside its field's constraints is a
    ValueError; the models' own validators are not run again."""
    plan, keys = _PLANS.get(model) or _plan(model)
    if type(data) is not dict or data.keys() != keys:
        raise ValueError(f"not the data of a {model.__name__}")
    given = data[FIELDS_SET]
    if type(given) is not list or not all(type(name) is str and name in plan for name in given):
        raise ValueError(f"not the data of a {model.__name__}")
    rebuilt = model.__new__(model)
    # The state pickle restores (`BaseModel.__getstate__`): `model_construct` with every field
    # given, at a third of its cost (its per-field alias look-ups are ~6 ms of a cached bank).
    rebuilt.__setstate__(
        {
            "__dict__": {name: rebuild(data[name]) for name, rebuild in plan.items()},
            "__pydantic_fields_set__": set(given),
            "__pydantic_extra__": None,
            "__pydantic_private__": None,
        }
    )
    return rebuilt


Rebuild = Callable[[Any], Any]
_PLANS: dict[type[BaseModel], tuple[dict[str, Rebuild], set[str]]] = {}
"""How each model's fields are rebuilt, and the keys of its data: made at its first
`from_data`."""


def _plan(model: type[BaseModel]) -> tuple[dict[str, Rebuild], set[str]]:
    if model.__pydantic_post_init__ or model.__private_attributes__:
        raise TypeError(f"from_data cannot rebuild {model.__name__}: it has private state")
    plan = {
        name: _rebuilder(info.annotation, tuple(info.metadata))
        for name, info in model.model_fields.items()
    }
    _PLANS[model] = plan, {*plan, FIELDS_SET}
    return _PLANS[model]


def _rebuilder(annotation: Any, constraints: tuple[Any, ...] = ()) -> Rebuild:
    """What rebuilds a value of a field declared `annotation` whose value must meet
    `constraints` (pydantic's metadata of the field; see `from_data`)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        found = [getattr(extra, "metadata", [extra]) for extra in args[1:]]
        return _rebuilder(args[0], (*constraints, *(m for each in found for m in each)))
    bounds = _bounds(constraints)
    if origin is Union or origin is types.UnionType:
        options = [option for option in args if option is not type(None)]
        if len(options) == 1:  # constraints on `X | None` are the X's, as pydantic applies them
            inner = _rebuilder(options[0], constraints)
            return inner if len(options) == len(args) else functools.partial(_optional, inner)
        inner = _tagged(options)
    elif annotation is str:
        return functools.partial(
            _text, bounds.get("min_length", 0), bounds.get("max_length"), bounds.get("pattern")
        )
    elif annotation in (int, float):
        return functools.partial(_number, annotation, bounds)
    elif annotation is bool:
        inner = functools.partial(_scalar, bool)
    elif origin is Literal:
        inner = functools.partial(_literal, args)
    elif origin is list:
        item = _rebuilder(args[0])
        if isinstance(item, functools.partial) and item.func is _text:
            inner = functools.partial(_texts, *item.args)  # most lists: of text
        else:
            inner = functools.partial(_list, item)
    elif origin is dict:
        inner = functools.partial(_dict, _rebuilder(args[0]), _rebuilder(args[1]))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        inner = functools.partial(from_data, annotation)
    else:
        raise TypeError(f"from_data cannot rebuild a field of type {annotation!r}")
    lengths = bounds.get("min_length", 0), bounds.get("max_length")
    if lengths != (0, None):
        return functools.partial(_sized, inner, *lengths)
    if bounds:
        raise TypeError(f"from_data cannot check {bounds} on a field of type {annotation!r}")
    return inner


_LIMITS = {
    annotated_types.Ge: "ge",
    annotated_types.Gt: "gt",
    annotated_types.Le: "le",
    annotated_types.Lt: "lt",
    annotated_types.MinLen: "min_length",
    annotated_types.MaxLen: "max_length",
}


def _bounds(constraints: tuple[Any, ...]) -> dict[str, Any]:
    """pydantic's constraints of a field as one mapping: `ge`, `gt`, `le`, `lt`, `min_length`,
    `max_length`, `finite` and `pattern` (compiled). Any other is a TypeError: from_data
    would not check it."""
    bounds: dict[str, Any] = {}
    for constraint in constraints:
        name = _LIMITS.get(type(constraint))
        if name is not None:
            bounds[name] = getattr(constraint, name)
            continue
        for key, value in _settings(constraint).items():
            if key == "allow_inf_nan" and value is False:
                bounds["finite"] = True
            elif key == "pattern" and isinstance(value, str):
                # `$` as pydantic's regex reads it: the very end (Python's also allows "\n")
                bounds["pattern"] = re.compile(value[:-1] + r"\Z" if value.endswith("$") else value)
            elif not (key == "allow_inf_nan" and value is True):
                raise TypeError(f"from_data cannot check the constraint {constraint!r}")
    return bounds


def _settings(constraint: Any) -> dict[str, Any]:
    """What a metadata object of pydantic's says (a dataclass with slots, or one without)."""
    if dataclasses.is_dataclass(constraint):
        return {f.name: getattr(constraint, f.name) for f in dataclasses.fields(constraint)}
    if hasattr(constraint, "__dict__"):
        return dict(vars(constraint))
    raise TypeError(f"from_data cannot check the constraint {constraint!r}")


def _scalar(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise ValueError(f"{value!r} is not a {kind.__name__}")
    return value


def _text(shortest: int, longest: int | None, pattern: re.Pattern[str] | None, value: Any) -> Any:
    if (
        type(value) is not str
        or len(value) < shortest
        or (longest is not None and len(value) > longest)
        or (pattern is not None and pattern.search(value) is None)
    ):
        raise ValueError(f"{value!r} is not text its field allows")
    return value


def _texts(
    shortest: int, longest: int | None, pattern: re.Pattern[str] | None, value: Any
) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"{value!r} is not a list")
    for entry in value:
        _text(shortest, longest, pattern, entry)
    return value


def _number(kind: type, bounds: dict[str, Any], value: Any) -> Any:
    if type(value) is not kind:
        raise ValueError(f"{value!r} is not a {kind.__name__}")
    number = cast(float, value)
    if not (
        ("ge" not in bounds or number >= bounds["ge"])
        and ("gt" not in bounds or number > bounds["gt"])
        and ("le" not in bounds or number <= bounds["le"])
        and ("lt" not in bounds or number < bounds["lt"])
        and ("finite" not in bounds or math.isfinite(number))
    ):
        raise ValueError(f"{value!r} is outside its field's bounds")
    return value


def _sized(inner: Rebuild, shortest: int, longest: int | None, value: Any) -> Any:
    rebuilt = inner(value)
    if len(rebuilt) < shortest or (longest is not None and len(rebuilt) > longest):
        raise ValueError(f"{value!r} has a length its field does not allow")
    return rebuilt


def _literal(options: tuple[Any, ...], value: Any) -> Any:
    if not any(type(value) is type(option) and value == option for option in options):
        raise ValueError(f"{value!r} is not one of {options}")
    return value


def _optional(inner: Rebuild, value: Any) -> Any:
    return None if value is None else inner(value)


def _list(item: Rebuild, value: Any) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"{value!r} is not a list")
    return [item(entry) for entry in value]


def _dict(key: Rebuild, item: Rebuild, value: Any) -> dict[Any, Any]:
    if type(value) is not dict:
        raise ValueError(f"{value!r} is not a mapping")
    return {key(name): item(entry) for name, entry in value.items()}


def _tagged(options: list[Any]) -> Rebuild:
    """A union of models told apart by their `kind` literal."""
    by_kind: dict[Any, type[BaseModel]] = {}
    for option in options:
        if not (isinstance(option, type) and issubclass(option, BaseModel)):
            raise TypeError(f"from_data cannot rebuild a union with {option!r}")
        for kind in get_args(option.model_fields["kind"].annotation):
            by_kind[kind] = option

    def rebuild(value: Any) -> Any:
        kind = value.get("kind") if type(value) is dict else None
        if kind not in by_kind:
            raise ValueError(f"no kind of item is {kind!r}")
        return from_data(by_kind[kind], value)

    return rebuild

"""Validated models as plain data and back, without pydantic's validator or serializer.

The parse cache (`quizprep.bank.parsecache`) stores each pack file's models as `as_data` made
them and rebuilds them with `from_data`: building the schema's validators (~50 ms, with
pydantic's plugin look-up) and validating again would be most of a cold command's work on a
pack that has not changed. `from_data` checks the data's shape (every field, each value's
type, the kind of each quiz item) but not the constraints validation checked when it was
stored.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

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
    less, a value of another type) is a ValueError; constraints are not checked again."""
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
    plan = {name: _rebuilder(info.annotation) for name, info in model.model_fields.items()}
    _PLANS[model] = plan, {*plan, FIELDS_SET}
    return _PLANS[model]


def _rebuilder(annotation: Any) -> Rebuild:
    """What rebuilds a value of a field declared `annotation` (see `from_data`)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _rebuilder(args[0])
    if annotation in _SCALARS:
        return functools.partial(_scalar, annotation)
    if origin is Literal:
        return functools.partial(_literal, args)
    if origin is Union or origin is types.UnionType:
        options = [option for option in args if option is not type(None)]
        inner = _rebuilder(options[0]) if len(options) == 1 else _tagged(options)
        return inner if len(options) == len(args) else functools.partial(_optional, inner)
    if origin is list:
        item = _rebuilder(args[0])
        if isinstance(item, functools.partial) and item.func is _scalar:
            return functools.partial(_scalars, *item.args)  # most lists: of text
        return functools.partial(_list, item)
    if origin is dict:
        return functools.partial(_dict, _rebuilder(args[0]), _rebuilder(args[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return functools.partial(from_data, annotation)
    raise TypeError(f"from_data cannot rebuild a field of type {annotation!r}")


_SCALARS = (str, int, float, bool)


def _scalar(kind: type, value: Any) -> Any:
    if type(value) is not kind:
        raise ValueError(f"{value!r} is not a {kind.__name__}")
    return value


def _scalars(kind: type, value: Any) -> list[Any]:
    if type(value) is not list or not all(type(entry) is kind for entry in value):
        raise ValueError(f"{value!r} is not a list of {kind.__name__}")
    return value


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

"""What `check-config` says about a value the config's models refuse, in the words of someone
editing a TOML file rather than pydantic's ("Input should be a valid list"), and the key a
misspelt one was probably meant to be."""

from __future__ import annotations

import difflib
import math
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_TYPES = {
    "list_type": 'must be a list, like ["a", "b"]',
    "tuple_type": 'must be a list, like ["a", "b"]',
    "string_type": 'must be text in quotes, like "a"',
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a table, like { key = 1 } or a [section]",
    "model_type": "must be a table, like { key = 1 } or a [section]",
    "missing": "missing (required)",
}


def plain_message(error: ErrorDetails) -> str:
    """The refusal of one value in plain words (the validators' own messages as written)."""
    kind, context = error["type"], error.get("ctx") or {}
    given = error.get("input")
    if isinstance(given, float) and math.isnan(given):
        return "must be a number, not nan"  # not "must be at most …", which nan also fails
    if kind in _TYPES:
        return _TYPES[kind]
    if kind == "too_short":
        least = context.get("min_length", 1)
        return "must not be empty" if least == 1 else f"must have at least {least} items"
    if kind == "too_long":
        return f"must have at most {context.get('max_length')} items"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {context.get('max_length')} characters"
    bounds = {
        "greater_than": ("greater than", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than": ("less than", "lt"),
        "less_than_equal": ("at most", "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {context.get(key)}"
    if kind == "literal_error":
        return f"must be one of {context.get('expected')}"
    return error["msg"].removeprefix("Value error, ")


def did_you_mean(key: str, known: frozenset[str]) -> str:
    """' (did you mean "accounts"?)' for a key close to one the config knows, else '' (a key
    known elsewhere in the config but not here, like an RSS source's "tags", is no typo)."""
    close = difflib.get_close_matches(key, sorted(known - {key}), n=1, cutoff=0.75)
    return f' (did you mean "{close[0]}"?)' if close else ""


INTERNAL_KEYS = frozenset({"origin"})
"""Fields the program fills in, never a file."""


def keys_at(model: type[BaseModel], parent: tuple[Any, ...]) -> frozenset[str]:
    """The keys a table at ``parent`` (an error's location less its last part) accepts: a
    misspelt key is compared with its neighbours only ("[alerts] intervall" is no typo of a
    source's "interval")."""
    kinds = [model]
    for part in parent:
        if isinstance(part, int):
            continue  # an item of a list: its type is what the list holds
        holders = [kind for kind in kinds if part in kind.model_fields]
        if holders:
            kinds = [m for kind in holders for m in _models(kind.model_fields[part].annotation)]
        else:  # a union's tag ("rss" in sources[0].rss.tags): the member it names
            kinds = [kind for kind in kinds if _tag(kind) == part] or kinds
    return frozenset(name for kind in kinds for name in kind.model_fields) - INTERNAL_KEYS


def _models(kind: Any) -> list[type[BaseModel]]:
    """The models an annotation holds (inside lists, unions, dicts and Annotated)."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return [kind]
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is not None:
        return [model for argument in typing.get_args(kind) for model in _models(argument)]
    return []


def _tag(model: type[BaseModel]) -> str | None:
    """A source model's ``type`` tag, if it has one."""
    field = model.model_fields.get("type")
    if field is None:
        return None
    values = typing.get_args(field.annotation)
    return str(values[0]) if len(values) == 1 else None

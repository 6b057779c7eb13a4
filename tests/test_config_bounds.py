"""Every number in the config has bounds that validation enforces: `cooldown_minutes = inf`
passed `check-config` and later silenced alerts with an OverflowError."""

from __future__ import annotations

import math
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import annotated_types
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from crisistui.config import Config

Numeric = tuple[str, Any]


def _numeric_fields(model: type[BaseModel], prefix: str = "") -> Iterator[Numeric]:
    """(dotted key, annotated type) of every int or float setting, however deeply nested."""
    for name, info in model.model_fields.items():
        yield from _walk(f"{prefix}{name}", info.annotation, tuple(info.metadata))


def _walk(key: str, annotation: Any, marks: tuple[Any, ...] = ()) -> Iterator[Numeric]:
    """Bounds written on an optional field apply to its number: they travel down with it."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        yield from _walk(key, args[0], (*marks, *args[1:]))
    elif annotation in (int, float):
        yield key, Annotated[annotation, *marks] if marks else annotation
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _numeric_fields(annotation, f"{key}.")
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from _walk(key, arg, marks)
    elif origin in (list, dict):
        for arg in args:  # the container's own marks (lengths) are not the items'
            yield from _walk(f"{key}[]", arg)


FIELDS = sorted(set(_numeric_fields(Config)), key=lambda f: f[0])


def _bounds(annotation: Any) -> tuple[float | None, float | None]:
    low = high = None
    for mark in typing.get_args(annotation)[1:]:
        for item in getattr(mark, "metadata", [mark]):
            if isinstance(item, annotated_types.Ge | annotated_types.Gt):
                low = float(getattr(item, "ge", getattr(item, "gt", 0)))
            if isinstance(item, annotated_types.Le | annotated_types.Lt):
                high = float(getattr(item, "le", getattr(item, "lt", 0)))
    return low, high


def test_the_walk_finds_the_settings() -> None:
    keys = {key for key, _ in FIELDS}
    assert {"alerts.cooldown_minutes", "severity.calm_minutes", "console.feed_rows"} <= keys
    assert len(FIELDS) >= 25


@pytest.mark.parametrize(("key", "annotation"), FIELDS, ids=[k for k, _ in FIELDS])
def test_every_number_has_a_floor_and_a_ceiling(key: str, annotation: Any) -> None:
    low, high = _bounds(annotation)
    assert low is not None and high is not None, f"{key} is unbounded"
    adapter = TypeAdapter(annotation)
    for wild in (math.inf, -math.inf, math.nan, 1e300, -1e300):
        with pytest.raises(ValidationError):
            adapter.validate_python(wild)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FIELDS), st.floats(allow_nan=True, allow_infinity=True))
def test_what_validates_is_within_bounds(field: Numeric, value: float) -> None:
    key, annotation = field
    low, high = _bounds(annotation)
    try:
        checked = TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return
    assert low is not None and high is not None
    assert low <= checked <= high, key


def test_check_config_refuses_an_infinite_cool_down(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[brand]\nname = "Acme Air"\nterms = ["acme air"]\n[alerts]\ncooldown_minutes = inf\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "crisistui", "check-config", str(config)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "alerts.cooldown_minutes" in result.stderr


@pytest.mark.parametrize("term", ["   ", "acme\x00air", "#", "\u200b"])
def test_a_term_that_can_match_nothing_is_refused(tmp_path: Path, term: str) -> None:
    """`terms = ["   "]` passed, then a `filter = "terms"` source dropped every item."""
    from crisistui.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"brand\.terms"):
        parse_config(
            {"brand": {"name": "Acme Air", "terms": ["acme air", term]}}, tmp_path / "c.toml"
        )


def test_persian_and_emoji_terms_keep_their_joiners(tmp_path: Path) -> None:
    from crisistui.config import parse_config

    config = parse_config(
        {"brand": {"name": "X", "terms": ["می\u200cخواهم", "👩\u200d✈️ air"]}}, tmp_path / "c.toml"
    )
    assert len(config.brand.terms) == 2


def test_nan_and_an_unknown_source_type_are_named_as_written(tmp_path: Path) -> None:
    """`interval = nan` was "must be at most 86400.0", and `type = "twitter"` did not say
    which type it was refused."""
    from crisistui.config import ConfigError, parse_config

    data = {
        "brand": {"name": "Acme Air", "terms": ["acme air"]},
        "sources": [
            {"type": "twitter", "name": "x"},
            {"type": "rss", "name": "feed", "url": "https://example.com/f", "interval": math.nan},
        ],
    }
    with pytest.raises(ConfigError) as refused:
        parse_config(data, tmp_path / "c.toml")
    said = str(refused.value)
    assert "sources[0]: unknown source type 'twitter' (expected one of" in said
    assert "sources[1].interval: must be a number, not nan" in said

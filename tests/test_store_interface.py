"""Both backends are the store the rest of crisistui is written against: every method of the
``Store`` interface exists on each, taking the same arguments."""

from __future__ import annotations

import inspect

import pytest

from crisistui.store.interface import Store
from crisistui.store.postgres.store import PostgresStore
from crisistui.store.sqlite.store import SqliteStore


def _members(protocol: type) -> dict[str, object]:
    names = {
        name
        for klass in protocol.__mro__
        if klass not in (object,) and klass.__name__ not in ("Protocol", "Generic")
        for name in vars(klass)
        if not name.startswith("_") or name in ("__aenter__", "__aexit__")
    }
    return {name: getattr(protocol, name) for name in sorted(names)}


def _parameters(function: object) -> list[tuple[str, object, object]]:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize("backend", [SqliteStore, PostgresStore], ids=["sqlite", "postgresql"])
def test_each_backend_has_every_method_of_the_interface_with_its_arguments(backend: type) -> None:
    members = _members(Store)
    assert len(members) > 60, "the interface lost its methods"
    for name, wanted in members.items():
        assert hasattr(backend, name), f"{backend.__name__} lacks {name}"
        found = getattr(backend, name)
        if isinstance(wanted, property) or isinstance(
            inspect.getattr_static(backend, name), property
        ):
            assert isinstance(inspect.getattr_static(backend, name), property), name
            continue
        assert _parameters(found) == _parameters(wanted), f"{backend.__name__}.{name}"
        assert inspect.iscoroutinefunction(found) == inspect.iscoroutinefunction(wanted), name

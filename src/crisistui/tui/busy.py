"""Writes the database refuses (another process holds it; this user may only read it): said
in a toast, never a crash.

The store turns such a write into ``StoreRefused`` (``StoreBusy``, ``StoreReadOnly``); screens
that write through ``Desk.attempt`` or the triage desk already show it like any refusal. The
console's own handlers (ticks, task questions, opening an incident) are wrapped here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from crisistui.store.errors import StoreRefused, StoreUnavailable

NOT_DONE = (StoreRefused, StoreUnavailable)
"""What a console's write can meet and say in a toast: a refusal, or a database out of reach
(a server restarting: the next try has a new session)."""

P = ParamSpec("P")
R = TypeVar("R")


class Notifier(Protocol):
    def notify(self, message: str, **kwargs: Any) -> None: ...


N = TypeVar("N", bound=Notifier)


def say_busy(where: Notifier, busy: StoreRefused | StoreUnavailable) -> None:
    where.notify(str(busy), title="Not done", severity="error", markup=False, timeout=12)


def said_when_busy(
    method: Callable[Concatenate[N, P], Awaitable[R]],
) -> Callable[Concatenate[N, P], Awaitable[R | None]]:
    """The handler, returning None after saying so if the database refused the change."""

    @wraps(method)
    async def guarded(self: N, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return await method(self, *args, **kwargs)
        except NOT_DONE as busy:
            say_busy(self, busy)
            return None

    return guarded

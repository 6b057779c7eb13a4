"""A PostgreSQL URL taken apart by hand: libpq reads forms that ``urllib`` refuses or misreads
(several ``host:port`` pairs for failover, ``[::1]``), and a port that is not a number must be
named in a message, never raise one of its own."""

from __future__ import annotations

import re
from typing import NamedTuple

SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,49}")
"""A schema name written as PostgreSQL folds an unquoted one, so it needs no quoting anywhere
(SQL, ``search_path``, a message) and means the same to ``psql``; at most 50 characters, so
that its change channel (``crisistui.<schema>``) fits PostgreSQL's 63."""


class UrlParts(NamedTuple):
    scheme: str
    """``postgresql`` (empty when the text has no ``://``)."""
    userinfo: str
    """``user`` or ``user:password`` (empty when none)."""
    hosts: list[str]
    """Each ``host[:port]`` of the authority, in order (one empty string when none)."""
    tail: str
    """The path, query and fragment, as written (``/db?sslmode=require``)."""


def split_url(url: str) -> UrlParts:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return UrlParts("", "", [""], url)
    cut = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    userinfo, _, hosts = rest[:cut].rpartition("@")
    return UrlParts(scheme, userinfo, hosts.split(","), rest[cut:])


def bad_port(url: str) -> str | None:
    """The first port of the URL's hosts that is not a number; None when all are (or none
    is given)."""
    for host in split_url(url).hosts:
        after_bracket = host.rpartition("]")[2]  # [::1]:5432: the port follows the bracket
        port = after_bracket.rpartition(":")[2] if ":" in after_bracket else ""
        if port and not port.isdigit():
            return port
    return None


def schema_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a brand's schema; None when nothing is."""
    if not SCHEMA_NAME.fullmatch(name):
        return (
            f"{name!r} is not a schema name: write 1 to 50 lower-case letters, digits and _, "
            "not starting with a digit (e.g. 'acme_air')"
        )
    if name.startswith("pg_") or name == "information_schema":
        return f"{name!r} is a name PostgreSQL keeps for itself: choose another"
    return None

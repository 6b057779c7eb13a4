"""When two mentions are one post: what the store, `import` and `backtest` count once.

A post is known by its source and the id the source gave it. Some sources mint a new id for
the same post on every fetch (a session id or a timestamp in a feed's guid, a request id in an
endpoint's items), and an export may hold a post under two ids: the same words by the same
author at the same second from the same source are the same post too. Counted twice, a
feed polled every minute would show a surge that never happened.
"""

from __future__ import annotations

from collections.abc import Hashable


def id_key(source: str, external_id: str) -> Hashable:
    """The post as its source names it."""
    return ("id", source, external_id)


def words_key(source: str, author: str | None, created_at: int, text: str) -> Hashable:
    """The post by what it says, who said it and when (``created_at`` in epoch seconds, as
    stored), whatever id it came under."""
    return ("words", source, author, created_at, text)

"""What libpq is given to connect: the URL, and a brand's schema on every session's path.

Every connection of a process (the store's, the listener's, the collector lease's) starts with
``search_path`` set to the brand's schema, so every name the store's SQL uses, and every one
its triggers and functions use, is that brand's table and no other brand's. The schema alone
is on the path: a table another program left in ``public`` is never read by mistake.
"""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from crisistui.store.location import StoreLocation


def conninfo(location: StoreLocation) -> str:
    """The connection string for ``location``; a URL's own ``options`` are kept.

    Raises ``psycopg.ProgrammingError`` for a URL libpq cannot read, as connecting would."""
    url = location.url or ""
    if location.schema is None:
        return url
    options = str(conninfo_to_dict(url).get("options") or "")
    return make_conninfo(url, options=f"{options} -c search_path={location.schema}".strip())

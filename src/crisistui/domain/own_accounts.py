"""The brand's own accounts: their posts are the response, not the crisis.

An apology from an 850k-follower brand account reads as negative to a sentiment model; counted
as a loud negative voice it would hold the gauge up exactly while the team answers. Accounts
are matched exactly as authors appear (case and a leading ``@`` aside), so an impostor such as
``@AcmeAir_Support`` or ``acmeair@other.social`` is still a voice like any other.

On Mastodon an account is ``@user@instance``: the instance is part of who it is (anybody can
register ``AcmeAir`` on another server), so a configured ``@AcmeAir`` never matches
``@AcmeAir@social.example.net``; list that form. The Mastodon source names every author
so, an account of the polled server too. A profile address copied from a browser
(``https://social.example.net/@AcmeAir``, ``https://bsky.app/profile/acmeair.bsky.social``)
is read as the handle it shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MASTODON_PROFILE = re.compile(r"https?://(?P<host>[^/@\s]+)/@(?P<user>[^/@\s]+)/?", re.I)
_BLUESKY_PROFILE = re.compile(r"https?://bsky\.app/profile/(?P<handle>[^/\s]+)/?", re.I)


def account_key(author: str) -> str:
    """The form an author and a configured account are compared in (the store compares
    ``lower(ltrim(trim(author), '@'))`` to it, so the two must stay the same)."""
    return author.strip().lstrip("@").casefold()


def configured_key(account: str) -> str:
    """A configured account in the form authors are compared in; a profile address becomes
    the handle it shows (``https://social.example.net/@AcmeAir``: ``acmeair@social.example.net``).
    """
    text = account.strip()
    if mastodon := _MASTODON_PROFILE.fullmatch(text):
        text = f"{mastodon['user']}@{mastodon['host']}"
    elif bluesky := _BLUESKY_PROFILE.fullmatch(text):
        text = bluesky["handle"]
    return account_key(text)


class OwnAccounts:
    """A set of accounts, asked about authors as the sources record them."""

    def __init__(self, accounts: Iterable[str] = ()) -> None:
        self.keys = frozenset(configured_key(a) for a in accounts if configured_key(a))

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __contains__(self, author: object) -> bool:
        return isinstance(author, str) and account_key(author) in self.keys

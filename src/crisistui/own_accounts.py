"""The brand's own accounts: their posts are the response, not the crisis.

An apology from an 850k-follower brand account reads as negative to a sentiment model; counted
as a loud negative voice it would hold the gauge up exactly while the team answers. Accounts
are matched exactly as authors appear (case and a leading ``@`` aside), so an impostor such as
``@AcmeAir_Support`` or ``acmeair@other.social`` is still a voice like any other.
"""

from __future__ import annotations

from collections.abc import Iterable


def account_key(author: str) -> str:
    """The form an author and a configured account are compared in."""
    return author.strip().lstrip("@").casefold()


class OwnAccounts:
    """A set of accounts, asked about authors as the sources record them."""

    def __init__(self, accounts: Iterable[str] = ()) -> None:
        self.keys = frozenset(account_key(a) for a in accounts if account_key(a))

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __contains__(self, author: object) -> bool:
        return isinstance(author, str) and account_key(author) in self.keys

"""What names a thing rather than saying anything of it, in every language: @handles, links
and bare web addresses. "@united" is an airline, not praise; "Pyszne.pl" is a food-delivery
site, not "delicious"; "Booking.com" books nothing. What ends the sentence after one is kept:
"is it down, @AcmeAir?" still asks."""

from __future__ import annotations

import re

_ENDS = r"(?=[.,!?;:…。，！？؟、)\"'»”’]*(?:\s|$))"
_DOMAINS = (
    "com|net|org|io|app|info|biz|shop|store|online|"
    "vn|ph|ru|ir|cn|mx|cl|br|pt|fr|ch|nl|pl|tr|th|jp|kr|tw|hk|pk|ae|uk|nz|dk|fi|gr|ua|kz|cz"
)
"""Endings of web addresses that are no word of a language the lexicons read: "no", "it",
"de", "in", "sa", "ng", "ke", "za", "il", "me" are, and "terrible.no refund" typed without a
space keeps its word."""
HANDLES_AND_LINKS = re.compile(
    r"@\w+(?:[.@-]\w+)*"
    r"|(?:https?://|www\.)\S*?"
    + _ENDS
    + r"|(?<![\w@.])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"\.(?:co\.[a-z]{2}|(?:" + _DOMAINS + r")(?:\.[a-z]{2})?)(?:/\S*?)?" + _ENDS,
    re.IGNORECASE,
)
"""An @handle, a link, or a web address written bare ("Pyszne.pl", "booking.com/help")."""


def without_handles(text: str) -> str:
    """``text`` with its handles, links and web addresses blanked."""
    if "@" not in text and "." not in text and "/" not in text:
        return text
    return HANDLES_AND_LINKS.sub(" ", text)

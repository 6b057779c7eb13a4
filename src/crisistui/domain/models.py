"""Domain records that flow from sources through the pipeline into the store.

They are plain frozen dataclasses so every layer (and every test) can build them without the
store or the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Any


@dataclass(frozen=True, slots=True)
class RawItem:
    """One item as a source fetched it: text may still hold HTML and entities."""

    source: str
    external_id: str
    text: str
    created_at: datetime
    author: str | None = None
    author_followers: int | None = None
    url: str | None = None
    lang: str | None = None
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None


class Sentiment(StrEnum):
    """Label from the compound score and the language's thresholds; ``UNSCORED`` for a
    language no analyser reads (counted in volume, left out of sentiment shares)."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"
    UNSCORED = "unscored"


@dataclass(frozen=True, slots=True)
class Mention:
    """A normalised, matched and scored item; ``id`` is set once the store has it."""

    source: str
    external_id: str
    text: str
    created_at: datetime
    subject: str
    is_competitor: bool
    sentiment: float
    label: Sentiment
    reach: int
    fingerprint: str
    author: str | None = None
    author_followers: int | None = None
    url: str | None = None
    lang: str | None = None
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    id: int | None = None
    lang_confidence: float | None = None
    """How sure the language is: 1.0 when the source tagged it or its script decided, the
    detector's probability otherwise, None for mentions stored before languages were kept."""
    triggers: tuple[tuple[str, str], ...] = ()
    """(crisis type, term) pairs of the trigger terms found in the text at ingestion."""
    analytics: tuple[str, str | None, str | None, str, str | None] | None = field(
        default=None, compare=False, repr=False
    )
    """What the pipeline worked out for the store's ``words`` and ``domain`` columns, in the
    process that scored the mention (a worker, on a long import): (text, lang, url) it was
    worked out from, the words as JSON, the domain. Used only while the mention still holds
    that text, language and link; not part of the mention's identity."""

    @property
    def engagement(self) -> int:
        """Likes, reposts and replies added up (unknown counts as zero)."""
        return (self.likes or 0) + (self.reposts or 0) + (self.replies or 0)

    def __reduce__(self) -> tuple[type[Mention], tuple[Any, ...]]:
        """Pickled as its fields in order: mentions cross from an import's worker processes
        by the thousand, and the dataclass's own state, read and set again field by field
        in Python, cost more than the rest of their pickling."""
        return (Mention, _MENTION_FIELDS(self))


_MENTION_FIELDS = attrgetter(*(f.name for f in fields(Mention)))


class SourceState(StrEnum):
    STARTING = "starting"
    OK = "ok"
    FAILING = "failing"
    FINISHED = "finished"


OVERDUE_AFTER = timedelta(minutes=5)
"""How late another collector's poll of a source may be before the source is shown as stale
(a poll of several pages from a slow server under a flood can take minutes)."""


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """What the sources view shows about one source."""

    name: str
    kind: str
    state: SourceState = SourceState.STARTING
    last_ok: datetime | None = None
    last_error: str | None = None
    """Why the last failed poll failed. Kept after the source recovers, as history beside
    ``last_error_at``: it is the current problem only while ``state`` is FAILING."""
    last_error_at: datetime | None = None
    next_poll: datetime | None = None
    fetched_last_poll: int = 0
    new_last_poll: int = 0
    new_total: int = 0
    failures: int = 0
    note: str | None = None
    """What the last successful poll left out and why ("6 of 9 items skipped: no usable
    time (...)"), one bounded plain line; None when nothing was, and after a failed poll."""
    etag: str | None = None
    last_modified: str | None = None
    """The validators of the last response a source read whole (``ETag``, ``Last-Modified``):
    the next run's first request asks "changed since?" with them, as later polls of one run
    do, so `collect --once` from cron does not fetch an unchanged feed every time."""

    def overdue(self, now: datetime) -> bool:
        """A poll was due minutes ago and none was recorded: whoever collected has stopped
        (killed, its machine gone), and what the source last said is no longer news."""
        return (
            self.state is not SourceState.FINISHED
            and self.next_poll is not None
            and now - self.next_poll > OVERDUE_AFTER
        )

    @property
    def current_error(self) -> str | None:
        """The last error while the source is failing; None once a poll has succeeded."""
        return self.last_error if self.state is SourceState.FAILING else None

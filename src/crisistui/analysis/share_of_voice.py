"""Share of voice over a period: each subject's share of all mentions and of all negative
mentions, and its net sentiment, from the per-minute rollups.

The console and the wall (the last hour), the report (the incident's window) and
`status --json` all measure it here, so they say the same thing. Pure: no store, no I/O.

- The base of both shares is every subject's mentions: the brand, the competitors, and any
  other subject the rollups still hold (a competitor since removed from the config), as
  ``crisistui chart sov`` counts them.
- Net sentiment is the mean compound score of the subject's *scored* mentions: a mention in a
  language no analyser reads counts in the shares, never in the net (nor as neutral).
- No voice is not a 0 % share: with no mention at all in the period the shares are None, and
  so is the share of negative mentions when nobody was negative.
- Rollups are per minute, so a period is whole minutes: its start moves back and its end up
  to a minute boundary, as ``Store.rollups`` reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from crisistui.domain.records import Rollup
from crisistui.domain.time import from_epoch, to_epoch


@dataclass(frozen=True, slots=True)
class SubjectShare:
    """One subject's mentions in the period and its shares of everyone's."""

    subject: str
    mentions: int
    positive: int
    negative: int
    unscored: int
    sentiment_sum: float
    share: float | None
    """Of all mentions of the period (0–1); None when nobody spoke."""
    negative_share: float | None
    """Of all negative mentions of the period (0–1); None when none was negative."""

    @property
    def scored(self) -> int:
        return self.mentions - self.unscored

    @property
    def net(self) -> float | None:
        """Mean compound score (−1 to 1) of the scored mentions; None when none was scored."""
        return self.sentiment_sum / self.scored if self.scored else None

    def as_dict(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "mentions": self.mentions,
            "share": _rounded(self.share, 4),
            "negative": self.negative,
            "negative_share": _rounded(self.negative_share, 4),
            "positive": self.positive,
            "unscored": self.unscored,
            "net_sentiment": _rounded(self.net, 3),
        }


@dataclass(frozen=True, slots=True)
class ShareOfVoice:
    """Every subject's share over [since, until), named subjects first in the order given
    (the brand, then the competitors), then any other subject the rollups held, by name."""

    since: datetime
    until: datetime
    subjects: tuple[SubjectShare, ...]

    @property
    def mentions(self) -> int:
        """All mentions of the period, of every subject: the base of the shares."""
        return sum(s.mentions for s in self.subjects)

    @property
    def negative(self) -> int:
        return sum(s.negative for s in self.subjects)

    def of(self, subject: str) -> SubjectShare | None:
        return next((s for s in self.subjects if s.subject == subject), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.since.isoformat(),
            "to": self.until.isoformat(),
            "mentions": self.mentions,
            "negative": self.negative,
            "subjects": [s.as_dict() for s in self.subjects],
        }


def last_hour(now: datetime) -> tuple[datetime, datetime]:
    """What every "last hour" counts (the trends pane, the share board, the wall, `status`):
    the 60 complete minutes before ``now``'s minute. The minute under way is left out: its
    few seconds of mentions would read as volume collapsing."""
    end = to_epoch(now) // 60 * 60
    return from_epoch(end - 3600), from_epoch(end)


def measure_share(
    rollups: Iterable[Rollup], subjects: Sequence[str], since: datetime, until: datetime
) -> ShareOfVoice:
    """Share of voice over the whole minutes of [since, until); rollups outside are left out,
    so a caller may pass a wider read. Subjects named are listed (at zero when silent)."""
    first, end = to_epoch(since) // 60, -(-to_epoch(until) // 60)
    end = max(end, first)
    counts: dict[str, list[float]] = {s: [0, 0, 0, 0, 0.0] for s in subjects}
    for r in rollups:
        if not first <= r.minute < end:
            continue
        row = counts.get(r.subject)
        if row is None:
            row = counts[r.subject] = [0, 0, 0, 0, 0.0]
        row[0] += r.volume
        row[1] += r.positive
        row[2] += r.negative
        row[3] += r.unscored
        row[4] += r.sentiment_sum
    named = list(dict.fromkeys(subjects))
    order = [*named, *sorted(s for s in counts if s not in named)]
    total = sum(counts[s][0] for s in order)
    negative = sum(counts[s][2] for s in order)
    shares = tuple(
        SubjectShare(
            subject,
            int(volume),
            int(positive),
            int(negatives),
            int(unscored),
            sentiment,
            volume / total if total else None,
            negatives / negative if negative else None,
        )
        for subject in order
        for volume, positive, negatives, unscored, sentiment in [counts[subject]]
    )
    return ShareOfVoice(from_epoch(first * 60), from_epoch(end * 60), shares)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)

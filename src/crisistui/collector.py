"""Runs the sources: one task per source, each re-arming its own timer after a poll ends.

Two polls of one source never overlap, a failing source backs off on its own, and a slow one
never delays the others. Results go to the store in one batch per poll; the caller hears about
it through small callbacks, never through the rows themselves.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from crisistui.arrival import StampedPosts
from crisistui.domain.clock import Clock
from crisistui.domain.models import Mention, RawItem, SourceHealth, SourceState
from crisistui.domain.numbers import wait_in_words
from crisistui.domain.records import IngestResult
from crisistui.domain.repeats import words_key
from crisistui.domain.text import sanitize
from crisistui.domain.time import to_epoch
from crisistui.pipeline import Pipeline
from crisistui.pipeline.process import stored_key
from crisistui.sources.base import Resumable, Revalidating, Source, SourceError
from crisistui.store import Store, StoreBusy, StoreError

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600.0
MAX_REASON_CHARS = 500
SCORING_CHUNK = 1_000
"""Items scored at a time (about 0.1 s): a flooding source's poll of 60,000 held every other
source's poll for seconds while it was scored whole."""
MAX_UNSTORED = 50_000
"""Mentions kept per source while the database refuses writes (the newest, a few MB)."""


ONCE_SLACK = 0.25
"""The share of a source's interval by which `collect --once` may poll it before its backoff
ends: cron runs every interval, and a backoff of one interval plus jitter, counted from a
moment a few seconds into the last run, made every next run skip the source after a single
failure."""


def plain_reason(text: str) -> str:
    """A reason or note for people: one plain line of at most ``MAX_REASON_CHARS``.

    Services' and feeds' own words end up in them; `collect` prints them, consoles show them.
    """
    text = sanitize(text[: MAX_REASON_CHARS * 4])
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 1] + "…"
    return text


def poll_note(source: Source) -> str | None:
    """What the source's last poll left out and why (``note`` on the JSON and RSS sources),
    made plain and bounded; None when it says nothing."""
    note = getattr(source, "note", None)
    if not isinstance(note, str):
        return None
    return plain_reason(note) or None


@dataclass(frozen=True, slots=True)
class Unstored:
    """Mentions collected but never stored, per source, when the collector stops."""

    by_source: dict[str, int]
    reason: str | None = None
    """The database's last refusal ("database or disk is full"), if one is known."""
    unscored: dict[str, int] = field(default_factory=dict)
    """Items fetched but never scored, per source: stopped at once (``stop_scoring``) in the
    middle of a flood's poll."""

    @property
    def total(self) -> int:
        return sum(self.by_source.values())

    def said(self) -> str | None:
        """The one line a stopping collector prints about them; None when all were stored."""
        parts: list[str] = []
        if self.total:
            why = f" ({self.reason})" if self.reason else ""
            many = "collected mention" if self.total == 1 else "collected mentions"
            parts.append(f"{self.total} {many} not stored{why}: {_per_source(self.by_source)}")
        if left := sum(self.unscored.values()):
            many = "fetched item" if left == 1 else "fetched items"
            parts.append(
                f"{left} {many} not scored nor stored (stopped at once): "
                f"{_per_source(self.unscored)}"
            )
        if not parts:
            return None
        return (
            "; ".join(parts)
            + "; a restarted collector gets again only what the sources still serve"
        )


def _with_wait(note: str | None, source: Source) -> str | None:
    """A poll's note, saying also why the next poll waits longer than the source's interval:
    a service whose rate limit is used up until its reset (a 30-second source shown "ok,
    next in 59m" with nothing to say why)."""
    wait = source.hold_off
    if wait is None or wait <= source.interval:
        return note
    said = _quota_used_up(wait)
    return f"{note}; {said}" if note else said


def _quota_used_up(seconds: float) -> str:
    """What a poll says of a service whose quota is used up for ``seconds`` more."""
    resets = wait_in_words(seconds)
    return f"the service's rate limit is used up: next poll when it resets, in {resets}"


def _with_held(note: str | None, held: int) -> str | None:
    """A poll's note, saying also that mentions an earlier poll could not store went in with
    this one's: its new ones may then outnumber what it fetched ("13 new / 4 fetched")."""
    if not held:
        return note
    said = f"{held} held from an earlier poll included"
    return f"{note}; {said}" if note else said


def _with_nobody(note: str | None, named_nobody: int, fetched: int) -> str | None:
    """A poll's note, saying also how many of its new items were left out for naming no
    brand or competitor term (``filter = "terms"``): otherwise "3 new / 40 fetched" leaves
    a team wondering where the other 37 went."""
    if not named_nobody:
        return note
    said = f"{named_nobody} of {fetched} named no brand or competitor term, left out"
    return f"{note}; {said}" if note else said


def _with_repeats(note: str | None, repeated: int) -> str | None:
    """A poll's note, saying also how many items repeated an id given earlier in the same
    response (stored once): "1 new / 5 fetched" from a feed that lists one post five times."""
    if not repeated:
        return note
    said = f"{repeated} repeated an id given earlier in the same response"
    return f"{note}; {said}" if note else said


def _per_source(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """One poll of one source."""

    health: SourceHealth
    new: int
    last_id: int
    error: str | None = None
    waiting: bool = False
    """Not polled: an earlier run's failures back it off until ``health.next_poll``."""


def backoff_delay(interval: float, failures: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, never shorter than what the service asked for.

    Capped at MAX_BACKOFF_SECONDS (after jitter, and a longer Retry-After too) so a source is
    never silent for more than an hour, but never below the source's own interval.
    """
    delay = interval * (2 ** min(failures, 12)) * random.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return max(min(delay, MAX_BACKOFF_SECONDS), interval)


@dataclass
class Collector:
    """Polls sources into the store."""

    sources: Sequence[Source]
    pipeline: Pipeline
    store: Store
    clock: Clock
    client: httpx.AsyncClient
    on_poll: Callable[[PollOutcome], None] | None = None
    health: dict[str, SourceHealth] = field(default_factory=dict)
    unstored: dict[str, list[Mention]] = field(default_factory=dict)
    """Mentions a poll could not store (the database busy past its timeout), kept for the
    source's next poll: the source has already moved past them (ETag, since-id, seen ids) and
    would never send them again."""
    dropped: dict[str, int] = field(default_factory=dict)
    """Mentions let go per source because more than ``MAX_UNSTORED`` were held."""
    unscored: dict[str, int] = field(default_factory=dict)
    """Items of a poll under way left unscored per source, once told to stop at once."""
    _scoring: asyncio.Lock = field(default_factory=asyncio.Lock, init=False, repr=False)
    """One chunk of a poll's items is scored at a time (the pipeline is one object, in one
    thread); polls take turns between chunks."""
    _progress: dict[str, tuple[int, int]] = field(default_factory=dict, init=False, repr=False)
    _stamped: StampedPosts = field(default_factory=StampedPosts, init=False, repr=False)
    _backed_off: dict[str, datetime] = field(default_factory=dict, init=False, repr=False)
    """Sources an earlier run backed off, and until when (``poll_all_once`` waits for it)."""
    _rate_limited: set[str] = field(default_factory=set, init=False, repr=False)
    """Those of them whose last poll succeeded and whose service said its quota was used up."""
    _stop_scoring: bool = field(default=False, init=False, repr=False)
    _resumed: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        for source in self.sources:
            self.health[source.name] = SourceHealth(source.name, source.kind)

    def _hold(
        self, name: str, earlier: list[Mention], new: list[Mention], *, bounded: bool = True
    ) -> None:
        """Keep mentions the database refused for the next poll, the newest if too many (the
        others are counted, to be named when the collector stops). A poll cut short by the
        collector stopping holds them all (``bounded=False``): its last act stores them at
        once, so there is no memory to bound and nothing to let go. ``earlier``: held from
        earlier polls; ``new``: this poll's, less those already held (``_merged``)."""
        mentions = _merged(earlier, new)
        if not mentions:
            return
        if not bounded:
            self.unstored[name] = mentions
            return
        over = len(mentions) - MAX_UNSTORED
        if over > 0:
            self.dropped[name] = self.dropped.get(name, 0) + over
            log.warning("source %s: %d mentions held too long were dropped", name, over)
        self.unstored[name] = mentions[-MAX_UNSTORED:]

    async def store_held(self) -> Unstored:
        """The last act before stopping: one more try at storing what the database refused,
        then how many mentions of each source were not stored, and why. Never silent: the
        sources have moved past these items and will not send them again."""
        reason: str | None = None
        held = [mention for mentions in self.unstored.values() for mention in mentions]
        try:  # in one transaction: a busy database is waited for once, not once per source
            if held:  # each source's held list is merged poll by poll (``_merged``)
                await self.store.add_mentions(held, self.clock.now(), one_poll=True)
                self.unstored.clear()
        except Exception as exc:  # still full, busy or closing: count them instead
            said = exc.reason if isinstance(exc, StoreError) else str(exc)
            reason = sanitize(said) or type(exc).__name__
        lost = Counter(self.dropped)
        lost.update({name: len(held) for name, held in self.unstored.items()})
        return Unstored(dict(lost), reason, dict(self.unscored))

    def left_to_score(self) -> int:
        """Items the long polls under way have still to score: what a stopping collector
        waits for before it can store them (a flood's poll of 100,000 takes a minute)."""
        return sum(fetched - scored for scored, fetched in self.long_polls().values())

    def long_polls(self) -> dict[str, tuple[int, int]]:
        """Sources whose poll is being scored and is longer than a chunk: items scored so
        far, and fetched (the header shows them: a flood's first poll takes a while)."""
        return {
            name: (scored, fetched)
            for name, (scored, fetched) in self._progress.items()
            if fetched > SCORING_CHUNK
        }

    def stop_scoring(self) -> None:
        """Stop at once rather than score the rest of the polls under way: what they scored is
        stored as usual, and what they did not is counted in ``unscored`` (and said on exit),
        since their sources have moved past it."""
        self._stop_scoring = True

    async def poll_once(self, source: Source) -> PollOutcome:
        """Poll one source, store what is new, update and return its health."""
        before = self.health[source.name]
        now = self.clock.now()
        try:
            items = await source.poll(self.client)
        except SourceError as exc:
            return await self._failed(source, before, exc.reason, exc.retry_after)
        except Exception as exc:  # a bug or surprise in one source must not stop the others
            log.exception("source %s failed", source.name)
            said = f"{type(exc).__name__}: {exc}"
            return await self._failed(source, before, f"unexpected error: {said}", None)
        fetched = len(items)
        repeated = fetched - len({stored_key(item) for item in items})
        mentions = self.unstored.pop(source.name, [])
        held = len(mentions)
        scoring = asyncio.ensure_future(self._score(items, self.clock.now(), source))
        scored = False
        try:
            new, named_nobody = await asyncio.shield(scoring)
            mentions.extend(new)
            scored = True
            result = await self._store_poll(mentions[:held], new, now)
        except asyncio.CancelledError:
            # Stopping mid-poll: the source has moved past these items and will not send
            # them again. Held, they are stored by the collector's last act, or counted.
            if not scored:
                with suppress(Exception):  # a scoring error leaves nothing to hold
                    mentions.extend((await scoring)[0])  # the thread ends what it began
            self._hold(source.name, mentions[:held], mentions[held:], bounded=False)
            raise
        except Exception as exc:  # one bad item or a busy database fails this poll, not the run
            what = "cannot store items"
            if isinstance(exc, StoreError):  # busy, full: the outcome says it, no traceback
                log.info("storing items of source %s failed: %s", source.name, exc)
                self._hold(source.name, mentions[:held], mentions[held:])
                if held := len(self.unstored.get(source.name, ())):
                    what += f" ({held} held for the next poll)"
            else:
                log.exception("storing items of source %s failed", source.name)
            said = exc.reason if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}"
            busy = isinstance(exc, StoreBusy)
            return await self._failed(source, before, f"{what}: {said}", None, busy=busy)
        state = SourceState.FINISHED if source.finished else SourceState.OK
        health = replace(
            before,
            state=state,
            last_ok=now,
            next_poll=None
            if source.finished
            else now + timedelta(seconds=max(source.interval, source.hold_off or 0.0)),
            fetched_last_poll=fetched,
            new_last_poll=result.new,
            new_total=before.new_total + result.new,
            failures=0,
            note=_with_wait(
                _with_held(
                    _with_repeats(_with_nobody(poll_note(source), named_nobody, fetched), repeated),
                    held,
                ),
                source,
            ),
        )
        if isinstance(source, Revalidating):
            etag, last_modified = source.validators()
            health = replace(health, etag=etag, last_modified=last_modified)
        return await self._report(PollOutcome(health, result.new, result.last_id))

    async def _store_poll(
        self, held: list[Mention], new: list[Mention], now: datetime
    ) -> IngestResult:
        """Store what earlier polls left held, then this poll's items as one poll: a
        response's items under distinct ids are distinct posts, even with the same words in
        the same second (a hundred anonymous "is it down?"), while a copy of a held post
        under a new id (a source minting ids per fetch) meets the stored one and is skipped.
        Held items are merged poll by poll as such (``_merged``), so they are stored as one
        poll too."""
        if not held:
            return await self.store.add_mentions(new, now, one_poll=True)
        first = await self.store.add_mentions(held, now, one_poll=True)
        second = await self.store.add_mentions(new, now, one_poll=True)
        return IngestResult(
            first.received + second.received, first.new + second.new, second.last_id
        )

    async def _not_stored(self, items: list[RawItem]) -> list[RawItem]:
        """``items`` without those stored already, which the store would skip after they were
        scored: a window served again whole (a JSON endpoint's, after a restart) is looked up
        by id instead of scored. Unanswered (the database away), every item is scored, and
        the store is asked as usual."""
        keys = [stored_key(item) for item in items]  # as stored: made safe and bounded
        by_source: dict[str, list[str]] = {}
        for source, external_id in keys:
            by_source.setdefault(source, []).append(external_id)
        try:
            stored = {
                (source, external_id)
                for source, ids in by_source.items()
                for external_id in await self.store.stored_ids(source, ids)
            }
        except StoreError:
            return items
        except Exception:  # a surprise in the lookup must not cost the poll: score them all
            log.exception("looking up stored items failed")
            return items
        if not stored:
            return items
        return [item for item, key in zip(items, keys, strict=True) if key not in stored]

    async def _score(
        self, items: list[RawItem], received: datetime, source: Source
    ) -> tuple[list[Mention], int]:
        """The pipeline over a poll's items, in a thread: a flood's scoring (a fraction of a
        millisecond an item, seconds for the first item's language data) never holds the event
        loop that the console's keys and frames and the other sources run on. Also how many
        new items named no subject: a ``filter = "terms"`` source drops them."""
        keep = source.keep_unmatched

        def score(chunk: list[RawItem]) -> list[Mention]:
            dated = (self._stamped.dated(i, received) for i in chunk)
            scored = (self.pipeline.process(item, keep) for item in dated)
            return [mention for mention in scored if mention is not None]

        items = await self._not_stored(items)  # in the shielded task: never lost
        mentions: list[Mention] = []
        name = source.name
        read = 0
        try:
            for first in range(0, len(items), SCORING_CHUNK):
                self._progress[name] = (first, len(items))
                if self._stop_scoring:
                    self.unscored[name] = self.unscored.get(name, 0) + len(items) - first
                    break
                async with self._scoring:  # taken in turn: another source's poll gets in
                    chunk = items[first : first + SCORING_CHUNK]
                    mentions += await asyncio.to_thread(score, chunk)
                    read += len(chunk)
        finally:
            self._progress.pop(name, None)
        return mentions, read - len(mentions)

    async def _failed(
        self,
        source: Source,
        before: SourceHealth,
        reason: str,
        retry_after: float | None,
        *,
        busy: bool = False,
    ) -> PollOutcome:
        """``busy``: the source answered but the database was held by another process past
        its timeout. The source is polled again at its interval, not backed off, with what it
        fetched held: an endpoint serving its newest 50 items moved past the items of the
        polls a backoff skipped, and they were lost. Its health is not written either, which
        would wait for the same lock."""
        now = self.clock.now()
        reason = plain_reason(reason)
        failures = before.failures if busy else before.failures + 1
        delay = (
            source.interval
            if busy
            else backoff_delay(source.interval, before.failures, retry_after)
        )
        health = replace(
            before,
            state=SourceState.FAILING,
            last_error=reason,
            last_error_at=now,
            next_poll=now + timedelta(seconds=delay),
            fetched_last_poll=0,
            new_last_poll=0,
            failures=failures,
            note=None,
        )
        return await self._report(PollOutcome(health, 0, 0, error=reason), record=not busy)

    async def _report(self, outcome: PollOutcome, *, record: bool = True) -> PollOutcome:
        """Record the poll's health and tell ``on_poll``, which hears of the poll even when
        the database cannot take its health (out of reach: the poll's items are held), so a
        collector's output never goes quiet while it keeps polling."""
        self.health[outcome.health.name] = outcome.health
        try:
            if record:
                await self.store.record_health(outcome.health, self.clock.now())
        finally:
            if self.on_poll is not None:
                self.on_poll(outcome)
        return outcome

    def delay_after(self, source: Source, outcome: PollOutcome) -> float:
        """Seconds of wall time until the next poll of ``source``."""
        if outcome.error is None:
            return max(source.interval, source.hold_off or 0.0)
        next_poll = outcome.health.next_poll
        if next_poll is None or outcome.health.last_error_at is None:
            return source.interval
        return (next_poll - outcome.health.last_error_at).total_seconds()

    async def run_source(self, source: Source) -> None:
        """Poll one source until it finishes or the task is cancelled; one an earlier run
        backed off, first when its time comes (a collector taking over, or started again, asked
        a service that had said "wait an hour" at once)."""
        until = self._backed_off.pop(source.name, None)
        if until is not None and (wait := (until - self.clock.now()).total_seconds()) > 0:
            await self._waiting(source, until)
            await asyncio.sleep(wait)
        while True:
            try:
                outcome = await self.poll_once(source)
            except Exception as exc:  # e.g. the heartbeat met a locked or unreachable database
                if isinstance(exc, StoreError):  # said in a line; a surprise with its traceback
                    log.warning("source %s: poll could not be recorded: %s", source.name, exc)
                else:
                    log.exception("source %s: poll could not be recorded", source.name)
                await asyncio.sleep(backoff_delay(source.interval, 1, None))
                continue
            if source.finished:
                return
            await asyncio.sleep(self.delay_after(source, outcome))

    async def resume(self) -> None:
        """Carry on from the health an earlier run recorded (its last success, its failures in
        a row), and tell each source that can read back to where that run stopped (a Mastodon
        timeline) when it last polled it: its first poll then reads the gap rather than the
        newest page only. Once per collector."""
        if self._resumed:
            return
        self._resumed = True
        ours = {s.name: s for s in self.sources}
        for health, _ in await self.store.source_health():
            source = ours.get(health.name)
            if source is None or health.kind != source.kind:
                continue
            # what an earlier run knew goes on: "last ok none recorded, 1 failed poll" of a
            # source that worked an hour ago and has failed forty times since misled
            failing = health.state is SourceState.FAILING
            self.health[health.name] = replace(
                self.health[health.name],
                last_ok=health.last_ok,
                last_error=health.last_error,
                last_error_at=health.last_error_at,
                failures=health.failures if failing else 0,
                etag=health.etag,
                last_modified=health.last_modified,
            )
            if failing and health.next_poll is not None:
                self._backed_off[health.name] = health.next_poll
            elif _held_off(health, source.interval):
                assert health.next_poll is not None
                self._backed_off[health.name] = health.next_poll
                self._rate_limited.add(health.name)
            if isinstance(source, Resumable) and health.last_ok is not None:
                source.resume_after(health.last_ok)
            if isinstance(source, Revalidating):
                source.revalidate_with(health.etag, health.last_modified)

    async def run(self) -> None:
        """Run every source concurrently until cancelled."""
        await self.resume()
        async with asyncio.TaskGroup() as group:
            for source in self.sources:
                group.create_task(self.run_source(source), name=f"source:{source.name}")

    async def poll_all_once(self) -> list[PollOutcome]:
        """Poll every source one time, concurrently (``collect --once`` and tests), but one
        an earlier run backed off (its failures, a service's Retry-After) not before its
        time: `collect --once` from cron every few minutes asked a service that said "wait
        an hour" again every few minutes."""
        await self.resume()
        now = self.clock.now()
        polls = []
        for source in self.sources:
            until = self._backed_off.get(source.name)
            if until is not None and until > now + timedelta(seconds=ONCE_SLACK * source.interval):
                polls.append(self._waiting(source, until))
            else:
                self._backed_off.pop(source.name, None)  # an earlier run's: waited out
                polls.append(self.poll_once(source))
        return list(await asyncio.gather(*polls))

    async def _waiting(self, source: Source, until: datetime) -> PollOutcome:
        if source.name in self._rate_limited:  # it worked: only its quota is used up
            said = _quota_used_up((until - self.clock.now()).total_seconds())
            health = replace(
                self.health[source.name], state=SourceState.OK, next_poll=until, note=said
            )
        else:
            health = replace(
                self.health[source.name], state=SourceState.FAILING, next_poll=until, note=None
            )
        self.health[source.name] = health
        outcome = PollOutcome(health, 0, 0, waiting=True)
        if self.on_poll is not None:
            self.on_poll(outcome)
        return outcome


def _held_off(health: SourceHealth, interval: float) -> bool:
    """Whether an earlier run's last poll succeeded but set its next one past the interval:
    the service said its quota was used up until a reset (``hold_off``), and a ``collect
    --once`` from cron every few minutes must not ask it again before then."""
    if health.state is not SourceState.OK or health.next_poll is None or health.last_ok is None:
        return False
    return (health.next_poll - health.last_ok).total_seconds() > interval + 1.0


def _merged(earlier: list[Mention], new: list[Mention]) -> list[Mention]:
    """Mentions held from earlier polls, then a later poll's that are not among them: by id
    (a source serving its window again each poll would otherwise fill the list with copies
    and push the only copy of older items out) or by their words, author and second under
    another id (a source minting ids per fetch), as the store reads a later poll. A poll's
    own repeats under distinct ids all stay."""
    ids = {mention.external_id for mention in earlier}
    said = {_words(mention) for mention in earlier}
    kept = list(earlier)
    for mention in new:
        if mention.external_id not in ids and _words(mention) not in said:
            ids.add(mention.external_id)
            kept.append(mention)
    return kept


def _words(mention: Mention) -> Hashable:
    return words_key(mention.source, mention.author, to_epoch(mention.created_at), mention.text)

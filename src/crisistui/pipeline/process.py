"""The pipeline: one raw item in, one mention (or nothing) out.

``process`` takes one item (a poll's items arrive one by one); ``process_many`` takes a batch
(an import) and runs each step over the whole batch before the next, and each language's
analyser over that language's mentions together: every step's tables then stay in the
processor's caches, which makes a batch about a fifth cheaper. Both give the same mentions.
Both remember the reading of the last few thousand texts (language, subject, sentiment,
trigger terms): a flood repeats itself word for word, and a copy then only costs its own
details (author, link, time, counts).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload
from urllib.parse import parse_qs, urlsplit

from crisistui.config import Config
from crisistui.domain.languages import iso_code
from crisistui.domain.models import Mention, RawItem, Sentiment
from crisistui.domain.text import (
    MAX_SOURCE_CHARS,
    bounded_id,
    fingerprint,
    fold,
    kept_apart,
    normalise,
)
from crisistui.domain.words import analytics, words_json
from crisistui.pipeline.comparisons import Comparisons
from crisistui.pipeline.language import SOURCE_CONFIDENCE, LanguageGuess, detect, told
from crisistui.pipeline.leaving import Leaving, feared_too, hoped_against, says_too
from crisistui.pipeline.sentiment import Scored, SentimentScorer, label
from crisistui.pipeline.terms import Subject, TermMatcher
from crisistui.pipeline.triggers import TriggerHit, TriggerMatcher

MAX_COUNT = 2 * 10**9
"""More followers than any account has (the largest have under 700 million) and more likes or
shares than any post has had: a count above this is a service's lie, and is read as not
counted rather than as an audience that would raise the gauge by itself (a single post
claiming 10³⁰ followers made the console critical). Below 0 a count is nonsense too
("likes": -1e30 refused a whole poll) and reads as 0."""
MAX_REMEMBERED = 4096
"""Distinct source names and language tags remembered with what they normalise to (a
handful in practice; a hostile feed inventing one per item only costs the memory)."""
READINGS_KEPT = 2048
"""Recent texts whose reading is remembered: a flood repeats itself (reposts, copied
campaign posts, the same complaint word for word), and a text read once need not be read
again. 2,048 posts take about 3.5 MB (with their stored words and fingerprint)."""
READ_ONCE_UP_TO = 500
"""Characters of raw text up to which a reading is remembered: posts, not articles, so the
memory stays bounded whatever a feed sends."""


@dataclass(frozen=True, slots=True)
class _Reading:
    """Everything a mention takes from its text (and its source's language tag) alone."""

    text: str
    folded: str
    subject: Subject | None
    language: LanguageGuess
    scored: Scored
    triggers: tuple[TriggerHit, ...]
    fingerprint: str = ""
    """Worked out once per text for the store ("" for a replay, which stores nothing)."""
    words: str = "[]"
    """Its words as stored (``words_json``), once per text for the store."""


def _bounded(count: int | None) -> int | None:
    return None if count is None or count > MAX_COUNT else max(0, count)


WEB_SCHEMES = ("http://", "https://")


_HOST = re.compile(r"[\w.\-]+|\[[0-9A-Fa-f:.]+\]")
"""A host's name (letters of any script, digits, dots and hyphens) or an IPv6 address."""


def _web_link(url: str) -> str | None:
    """A mention's link only if it is a web address: a stranger's "javascript:", "data:" or
    "file:" link is not kept, to be shown, exported or followed from a report, nor one whose
    host no name can have ("https://ev\"il.example/…" listed a site `ev"il.example`). A
    redirector's link is the article it leads to."""
    host = _web_host(url)
    if host is None:
        return None
    if host.lower() in _REDIRECTORS and (target := _redirect_target(url)) is not None:
        return target if _web_host(target) is not None else None
    return url


def _web_host(url: str) -> str | None:
    """The host of a web address whose host a name can have, or None."""
    if not url[:8].lower().startswith(WEB_SCHEMES):
        return None
    try:
        host = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:  # "http://[::1" and the like
        return None
    name, _, port = host.rpartition(":")
    if not port.isdigit():  # no port ("[::1]" ends in "1]")
        name = host
    return name if _HOST.fullmatch(name) else None


_REDIRECTORS = frozenset(("www.google.com", "google.com", "news.google.com"))
"""Hosts whose /url links only redirect to the article (Google Alerts' every link)."""


def _redirect_target(url: str) -> str | None:
    """The article behind ``https://www.google.com/url?…&url=ARTICLE&…``, or None: the
    redirect counts the click for Google, and the same article from another source was
    another site."""
    parts = urlsplit(url)
    if parts.path != "/url":
        return None
    query = parse_qs(parts.query)
    for key in ("url", "q"):
        for value in query.get(key, ()):
            if value[:8].lower().startswith(WEB_SCHEMES):
                return value
    return None


def _tag_language(tag: str) -> LanguageGuess | None:
    """The language a source's tag names (``identify``'s reading of it), or None."""
    tag = normalise(tag, 35)
    code = iso_code(tag) if tag else None
    return LanguageGuess(code, SOURCE_CONFIDENCE) if code is not None else None


LEFT_FOR_ANOTHER = 0.4
"""The least complaint read in a subject left for another."""


class Pipeline:
    """Normalise, match, detect language and score, as configured."""

    def __init__(
        self, config: Config, *, for_store: bool = True, subject: str | None = None
    ) -> None:
        """``for_store``: also work out what the store keeps beside the scoring (each
        mention's fingerprint, its words and link domain for the analytics); a replay, which
        stores nothing, skips it (its mentions' fingerprints are empty).
        ``subject``: only that subject's mentions come out (the others are not scored): a
        replay of the brand reads nothing else."""
        self.config = config
        self.for_store = for_store
        self.subject = subject
        self.matcher = TermMatcher.build(
            (config.brand.name, config.brand.terms, config.brand.exclude),
            [(c.name, c.terms, c.exclude) for c in config.competitors],
        )
        self.triggers = TriggerMatcher(config.trigger_terms)
        subjects = [(config.brand.name, config.brand.terms)]
        subjects += [(c.name, c.terms) for c in config.competitors]
        self._comparisons = {
            name: Comparisons(terms, [t for other, ts in subjects if other != name for t in ts])
            for name, terms in subjects
        }
        self._leaving = {name: Leaving(terms) for name, terms in subjects}
        self.sentiment = SentimentScorer(config.sentiment, config.name_terms)
        self._tags: dict[str, LanguageGuess | None] = {}
        self._sources: dict[str, str] = {}
        self._readings: dict[tuple[str, str | None], _Reading] = {}

    def process(self, item: RawItem, keep_unmatched: bool = False) -> Mention | None:
        """A scored mention, or None when no term matches and unmatched items are not kept,
        or when it is about another subject than the one this pipeline is for.

        An unmatched item that is kept (search-style sources already matched the query upstream)
        is attributed to the brand.
        """
        reading = self._readings.get((item.text, item.lang))
        if reading is None:
            text = normalise(item.text)
            if not text:
                return None
            folded = fold(text)  # once: matching, trigger terms and the fingerprint all read it
            subject = self.matcher.match(text, folded)
            if not self._wanted(subject, keep_unmatched):
                return None
            unnamed = self.sentiment.without_names(text)
            language = self._language(unnamed, item.lang)
            about, clauses = self._about(text, subject, folded)
            scored = self.sentiment.score_guess(
                unnamed, language, about, about_unnamed=unnamed if about is text else None
            )
            triggers = self._triggers(text, folded, clauses, language.code)
            named = clauses is not text  # another subject is named beside this one
            reading = self._reading(text, folded, subject, language, scored, triggers, named, about)
            self._remember(item, reading)
        elif not self._wanted(reading.subject, keep_unmatched):
            return None
        return self._mention(item, reading)

    @overload
    def process_many(
        self,
        items: Sequence[RawItem],
        keep_unmatched: bool = ...,
        *,
        return_exceptions: Literal[False] = ...,
    ) -> list[Mention | None]: ...

    @overload
    def process_many(
        self, items: Sequence[RawItem], keep_unmatched: bool = ..., *, return_exceptions: bool
    ) -> list[Mention | Exception | None]: ...

    def process_many(
        self,
        items: Sequence[RawItem],
        keep_unmatched: bool = False,
        *,
        return_exceptions: bool = False,
    ) -> list[Mention | None] | list[Mention | Exception | None]:
        """``process`` of each item, in order, a step at a time over the whole batch.

        An item whose processing raises raises as ``process`` would, after the items before it;
        with ``return_exceptions`` its exception takes its place in the list instead, so one
        bad item never costs the others (as ``asyncio.gather`` does)."""
        try:
            return self._by_step(items, keep_unmatched)
        except Exception:
            pass  # told below, item by item, as one at a time would tell it
        if not return_exceptions:
            return [self.process(item, keep_unmatched) for item in items]
        results: list[Mention | Exception | None] = []
        for item in items:
            try:
                results.append(self.process(item, keep_unmatched))
            except Exception as exc:
                results.append(exc)
        return results

    def _by_step(self, items: Sequence[RawItem], keep_unmatched: bool) -> list[Mention | None]:
        results: list[Mention | None] = [None] * len(items)
        wanted = self._wanted
        known = self._readings.get
        copies: dict[tuple[str, str | None], list[int]] = {}  # each text read once, in order
        for i, item in enumerate(items):
            key = (item.text, item.lang)
            reading = known(key)
            if reading is None:
                copies.setdefault(key, []).append(i)
            elif wanted(reading.subject, keep_unmatched):
                results[i] = self._mention(item, reading)
        fresh = [where[0] for where in copies.values()]
        texts = [normalise(items[i].text) for i in fresh]
        folded = [fold(text) for text in texts]
        match = self.matcher.match
        subjects = [match(t, f) if t else None for t, f in zip(texts, folded, strict=True)]
        chosen = [k for k, t in enumerate(texts) if t and wanted(subjects[k], keep_unmatched)]
        unnamed = [self.sentiment.without_names(texts[k]) for k in chosen]
        languages = [self._language(unnamed[j], items[fresh[k]].lang) for j, k in enumerate(chosen)]
        about = self._about
        parts = [about(texts[k], subjects[k], folded[k]) for k in chosen]
        abouts = [said for said, _ in parts]
        by_language: dict[str | None, list[int]] = {}
        for j, language in enumerate(languages):
            by_language.setdefault(language.code, []).append(j)
        scored: list[Scored | None] = [None] * len(chosen)
        score = self.sentiment.score_guess
        for js in by_language.values():
            for j in js:
                whole = abouts[j] is texts[chosen[j]]
                scored[j] = score(
                    unnamed[j], languages[j], abouts[j], about_unnamed=unnamed[j] if whole else None
                )
        triggers = self._triggers
        for j, k in enumerate(chosen):
            found = scored[j]
            assert found is not None
            reading = self._reading(
                texts[k],
                folded[k],
                subjects[k],
                languages[j],
                found,
                triggers(texts[k], folded[k], parts[j][1], languages[j].code),
                parts[j][1] is not texts[k],
                abouts[j],
            )
            item = items[fresh[k]]
            self._remember(item, reading)
            for i in copies[(item.text, item.lang)]:
                results[i] = self._mention(items[i], reading)
        return results

    def _reading(
        self,
        text: str,
        folded: str,
        subject: Subject | None,
        language: LanguageGuess,
        scored: Scored,
        triggers: tuple[TriggerHit, ...],
        rivals_named: bool,
        said: str,
    ) -> _Reading:
        """The reading of a text, with what the store keeps of it when it is for the store:
        its copies then cost only their own details. ``rivals_named``: another subject is
        named in it too (``TermMatcher.about`` split its clauses); ``said``: what it says of
        its subject (``_about``)."""
        scored = self._left(text, folded, subject, language, scored, rivals_named, said)
        if not self.for_store:
            return _Reading(text, folded, subject, language, scored, triggers)
        fingerprinted = fingerprint(text, folded)
        words = words_json(text, language.code, folded)
        return _Reading(text, folded, subject, language, scored, triggers, fingerprinted, words)

    def _left(
        self,
        text: str,
        folded: str,
        subject: Subject | None,
        language: LanguageGuess,
        scored: Scored,
        rivals_named: bool,
        said: str,
    ) -> Scored:
        """A subject left for another ("switched from Acme Air to Zephyr, so happy"): a
        customer lost, read as a complaint of at least ``LEFT_FOR_ANOTHER`` however warm the
        words for the one chosen; for the one chosen, a customer gained, praise of at least
        as much however bitter the words for the one left. A trouble hoped away beside a
        rival's ("ojalá Acme no tenga una caída como Zephyr"), or feared too, is a worry:
        neutral (``_worried``)."""
        if subject is None or scored.label is Sentiment.UNSCORED:
            return scored
        if self._leaving[subject.name].left(text):
            value = -max(abs(scored.score), LEFT_FOR_ANOTHER)
        elif (
            rivals_named
            and scored.score < LEFT_FOR_ANOTHER
            and any(
                leaving.left(text)
                for name, leaving in self._leaving.items()
                if name != subject.name
            )
        ):
            # the one chosen: "Wechsel von Stromwerk Nord zu Feldbahn beantragt. Reicht mir mit
            # den Störungen." complains of the one left and gains this one a customer
            value = LEFT_FOR_ANOTHER
        elif scored.score < 0.0 and self._worried(said, folded, subject, language.code):
            value = 0.0
        else:
            return scored
        return Scored(value, label(value, *self.sentiment.thresholds(language.code)))

    def _worried(self, said: str, folded: str, subject: Subject, lang: str | None) -> bool:
        """A trouble hoped away beside another's ("hoffentlich kein Ausfall wie bei Stromwerk
        Nord", "ojalá … no se caiga también"), or feared "too" ("wenn jetzt auch Funkstern
        ausfällt…", "こもれび珈琲まで落ちたら…"): a worry, not a complaint."""
        if hoped_against(said):
            return says_too(said) or self.matcher.names_another(folded, subject)
        return feared_too(said, lang)

    def _remember(self, item: RawItem, reading: _Reading) -> None:
        """Keep the reading of a post-sized text for its next copy, forgetting the oldest."""
        if len(item.text) > READ_ONCE_UP_TO:
            return
        readings = self._readings
        if len(readings) >= READINGS_KEPT:
            with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                del readings[next(iter(readings))]  # (a thread forgetting it first is fine)
        readings[(item.text, item.lang)] = reading

    @property
    def options(self) -> dict[str, Any]:
        """What this pipeline was built with beside its config: a worker builds its own alike."""
        return {"for_store": self.for_store, "subject": self.subject}

    def _about(self, text: str, subject: Subject | None, folded: str) -> tuple[str, str]:
        """What ``text`` says about ``subject``, to score, and its clauses about it, to find
        trigger terms in (both ``TermMatcher.about``); a text comparing it with what it names
        first is scored whole with the comparison turned round ("Zephyr is better than Acme":
        Acme is worse), which the clauses are not to be split from."""
        clauses = self.matcher.about(text, subject, folded)
        if subject is None:
            return clauses, clauses
        turned = self._comparisons[subject.name].turned(text, folded)
        said = turned if turned != text else clauses
        return self._leaving[subject.name].unjoined(said), clauses

    def _triggers(
        self, text: str, folded: str, clauses: str, language: str | None
    ) -> tuple[TriggerHit, ...]:
        """The trigger terms of the clauses about the mention's subject: a rival's outage
        named beside the brand ("Globex is down again, glad I fly Acme") is no outage term of
        the brand's, though the post may still read as negative (an angry emoji at its end)."""
        if clauses is text:
            return self.triggers.find(text, folded, language)
        return self.triggers.find(clauses, fold(clauses), language)

    def _wanted(self, subject: Subject | None, keep_unmatched: bool) -> bool:
        """Whether a text about ``subject`` (None: no term matched) comes out as a mention."""
        if subject is None:
            return keep_unmatched and self.subject in (None, self.config.brand.name)
        return self.subject is None or subject.name == self.subject

    def _mention(self, item: RawItem, reading: _Reading) -> Mention:
        text, subject, language = reading.text, reading.subject, reading.language
        likes, reposts, replies = (_bounded(n) for n in (item.likes, item.reposts, item.replies))
        author_followers = _bounded(item.author_followers)
        followers = author_followers or 0  # (bounded: never below 0)
        engagement = (likes or 0) + (reposts or 0) + (replies or 0)
        author = normalise(item.author, 200) if item.author else None
        url = _web_link(normalise(item.url, 2000)) if item.url else None
        return Mention(
            source=self._source(item.source),
            external_id=bounded_id(item.external_id),
            text=text,
            created_at=item.created_at,
            subject=subject.name if subject else self.config.brand.name,
            is_competitor=subject.is_competitor if subject else False,
            sentiment=reading.scored.score,
            label=reading.scored.label,
            reach=followers + engagement,
            fingerprint=reading.fingerprint,
            author=author or None,
            author_followers=author_followers,
            url=url,
            lang=language.code,
            lang_confidence=language.confidence,
            likes=likes,
            reposts=reposts,
            replies=replies,
            triggers=reading.triggers,
            analytics=(
                analytics(text, language.code, url, words=reading.words) if self.for_store else None
            ),
        )

    def _language(self, text: str, tag: str | None) -> LanguageGuess:
        """The source's tag when it names a language (as ``identify`` reads it), else what
        the text says without the names it is about; a source sends the same few tags all
        day, so each is read once."""
        if tag:
            if tag in self._tags:
                known = self._tags[tag]
            else:
                if len(self._tags) >= MAX_REMEMBERED:
                    self._tags.clear()
                known = self._tags[tag] = _tag_language(tag)
            if known is not None:
                return told(known, text)
        return detect(text)

    def _source(self, name: str) -> str:
        """The source's name made safe and bounded, worked out once per distinct name."""
        known = self._sources.get(name)
        if known is None:
            if len(self._sources) >= MAX_REMEMBERED:
                self._sources.clear()
            known = self._sources[name] = stored_source(name)
        return known


def stored_source(name: str) -> str:
    """A source's name as its mentions are stored: made safe and bounded. A name cut short or
    that loses a control or invisible character keeps a hash of the whole, as an id does
    (``kept_apart``): cleaned bare, an imported "imp-\x1b[31mred" became "imp-red", and shared
    its posts' ids with a real source of that name, whose copies they would then be taken for."""
    kept = kept_apart(name, MAX_SOURCE_CHARS, 4)
    return f"unnamed{kept}" if kept.startswith("#") else kept or "unnamed"


def stored_key(item: RawItem) -> tuple[str, str]:
    """The (source, external id) ``item`` is stored under, which the store's unique index
    holds: the collector looks items up by it before scoring them."""
    return stored_source(item.source), bounded_id(item.external_id)

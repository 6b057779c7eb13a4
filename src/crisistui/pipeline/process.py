"""The pipeline: one raw item in, one mention (or nothing) out.

``process`` takes one item (a poll's items arrive one by one); ``process_many`` takes a batch
(an import) and runs each step over the whole batch before the next, and each language's
analyser over that language's mentions together: every step's tables then stay in the
processor's caches, which makes a batch about a fifth cheaper. Both give the same mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, overload

from crisistui.config import Config
from crisistui.domain.languages import iso_code
from crisistui.domain.models import Mention, RawItem
from crisistui.domain.text import (
    MAX_SOURCE_CHARS,
    bounded_id,
    fingerprint,
    fold,
    normalise,
    plain_field,
)
from crisistui.domain.words import analytics
from crisistui.pipeline.language import SOURCE_CONFIDENCE, LanguageGuess, detect
from crisistui.pipeline.sentiment import Scored, SentimentScorer
from crisistui.pipeline.terms import Subject, TermMatcher
from crisistui.pipeline.triggers import TriggerHit, TriggerMatcher

MAX_COUNT = 10**12
"""Counts above this are a service's nonsense; SQLite integers stop at 2**63, and reach and
rollups add counts up. Below 0 they are nonsense too ("likes": -1e30 refused a whole poll)."""
MAX_REMEMBERED = 4096
"""Distinct source names and language tags remembered with what they normalise to (a
handful in practice; a hostile feed inventing one per item only costs the memory)."""


def _bounded(count: int | None) -> int | None:
    return None if count is None else max(0, min(count, MAX_COUNT))


WEB_SCHEMES = ("http://", "https://")


def _web_link(url: str) -> str | None:
    """A mention's link only if it is a web address: a stranger's "javascript:", "data:" or
    "file:" link is not kept, to be shown, exported or followed from a report."""
    return url if url[:8].lower().startswith(WEB_SCHEMES) else None


def _tag_language(tag: str) -> LanguageGuess | None:
    """The language a source's tag names (``identify``'s reading of it), or None."""
    tag = normalise(tag, 35)
    code = iso_code(tag) if tag else None
    return LanguageGuess(code, SOURCE_CONFIDENCE) if code is not None else None


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
        names = [*config.brand.terms, *(t for c in config.competitors for t in c.terms)]
        self.sentiment = SentimentScorer(config.sentiment, names)
        self._tags: dict[str, LanguageGuess | None] = {}
        self._sources: dict[str, str] = {}

    def process(self, item: RawItem, keep_unmatched: bool = False) -> Mention | None:
        """A scored mention, or None when no term matches and unmatched items are not kept,
        or when it is about another subject than the one this pipeline is for.

        An unmatched item that is kept (search-style sources already matched the query upstream)
        is attributed to the brand.
        """
        text = normalise(item.text)
        if not text:
            return None
        folded = fold(text)  # once: matching, trigger terms and the fingerprint all read it
        subject = self.matcher.match(text, folded)
        if not self._wanted(subject, keep_unmatched):
            return None
        language = self._language(text, item.lang)
        about = self.matcher.about(text, subject, folded)
        scored = self.sentiment.score_guess(text, language, about)
        triggers = self.triggers.find(text, folded)
        return self._mention(item, text, folded, subject, language, scored, triggers)

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
        texts = [normalise(item.text) for item in items]
        folded = [fold(text) for text in texts]
        match = self.matcher.match
        subjects = [match(t, f) if t else None for t, f in zip(texts, folded, strict=True)]
        wanted = self._wanted
        chosen = [i for i, t in enumerate(texts) if t and wanted(subjects[i], keep_unmatched)]
        languages = [self._language(texts[i], items[i].lang) for i in chosen]
        about = self.matcher.about
        abouts = [about(texts[i], subjects[i], folded[i]) for i in chosen]
        by_language: dict[str | None, list[int]] = {}
        for k, language in enumerate(languages):
            by_language.setdefault(language.code, []).append(k)
        scored: list[Scored | None] = [None] * len(chosen)
        score = self.sentiment.score_guess
        for ks in by_language.values():
            for k in ks:
                scored[k] = score(texts[chosen[k]], languages[k], abouts[k])
        find = self.triggers.find
        triggers = [find(texts[i], folded[i]) for i in chosen]
        results: list[Mention | None] = [None] * len(items)
        for k, i in enumerate(chosen):
            found = scored[k]
            assert found is not None
            results[i] = self._mention(
                items[i], texts[i], folded[i], subjects[i], languages[k], found, triggers[k]
            )
        return results

    @property
    def options(self) -> dict[str, Any]:
        """What this pipeline was built with beside its config: a worker builds its own alike."""
        return {"for_store": self.for_store, "subject": self.subject}

    def _wanted(self, subject: Subject | None, keep_unmatched: bool) -> bool:
        """Whether a text about ``subject`` (None: no term matched) comes out as a mention."""
        if subject is None:
            return keep_unmatched and self.subject in (None, self.config.brand.name)
        return self.subject is None or subject.name == self.subject

    def _mention(
        self,
        item: RawItem,
        text: str,
        folded: str,
        subject: Subject | None,
        language: LanguageGuess,
        scored: Scored,
        triggers: tuple[TriggerHit, ...],
    ) -> Mention:
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
            sentiment=scored.score,
            label=scored.label,
            reach=followers + engagement,
            fingerprint=fingerprint(text, folded) if self.for_store else "",
            author=author or None,
            author_followers=author_followers,
            url=url,
            lang=language.code,
            lang_confidence=language.confidence,
            likes=likes,
            reposts=reposts,
            replies=replies,
            triggers=triggers,
            analytics=analytics(text, language.code, url, folded) if self.for_store else None,
        )

    def _language(self, text: str, tag: str | None) -> LanguageGuess:
        """The source's tag when it names a language (as ``identify`` reads it), else what
        the text says; a source sends the same few tags all day, so each is read once."""
        if tag:
            if tag in self._tags:
                known = self._tags[tag]
            else:
                if len(self._tags) >= MAX_REMEMBERED:
                    self._tags.clear()
                known = self._tags[tag] = _tag_language(tag)
            if known is not None:
                return known
        return detect(text)

    def _source(self, name: str) -> str:
        """The source's name made safe and bounded, worked out once per distinct name."""
        known = self._sources.get(name)
        if known is None:
            if len(self._sources) >= MAX_REMEMBERED:
                self._sources.clear()
            known = self._sources[name] = plain_field(name, MAX_SOURCE_CHARS) or "unnamed"
        return known

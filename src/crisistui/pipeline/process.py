"""The pipeline: one raw item in, one mention (or nothing) out."""

from __future__ import annotations

from crisistui.config import Config
from crisistui.models import Mention, RawItem
from crisistui.pipeline.language import identify
from crisistui.pipeline.normalise import (
    MAX_SOURCE_CHARS,
    bounded_id,
    fingerprint,
    normalise,
    plain_field,
)
from crisistui.pipeline.sentiment import SentimentScorer
from crisistui.pipeline.terms import TermMatcher
from crisistui.pipeline.triggers import TriggerMatcher

MAX_COUNT = 10**12
"""Counts above this are a service's nonsense; SQLite integers stop at 2**63, and reach and
rollups add counts up."""


def _bounded(count: int | None) -> int | None:
    return None if count is None else min(count, MAX_COUNT)


class Pipeline:
    """Normalise, match, detect language and score, as configured."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.matcher = TermMatcher.build(
            (config.brand.name, config.brand.terms, config.brand.exclude),
            [(c.name, c.terms, c.exclude) for c in config.competitors],
        )
        self.triggers = TriggerMatcher(config.trigger_terms)
        names = [*config.brand.terms, *(t for c in config.competitors for t in c.terms)]
        self.sentiment = SentimentScorer(config.sentiment, names)

    def process(self, item: RawItem, keep_unmatched: bool = False) -> Mention | None:
        """A scored mention, or None when no term matches and unmatched items are not kept.

        An unmatched item that is kept (search-style sources already matched the query upstream)
        is attributed to the brand.
        """
        text = normalise(item.text)
        if not text:
            return None
        subject = self.matcher.match(text)
        if subject is None and not keep_unmatched:
            return None
        tag = normalise(item.lang, 35) if item.lang else None
        language = identify(text, tag)
        scored = self.sentiment.score(self.matcher.about(text, subject), language.code)
        likes, reposts, replies = (_bounded(n) for n in (item.likes, item.reposts, item.replies))
        author_followers = _bounded(item.author_followers)
        followers = max(author_followers or 0, 0)
        engagement = sum(max(n or 0, 0) for n in (likes, reposts, replies))
        author = normalise(item.author, 200) if item.author else None
        return Mention(
            source=plain_field(item.source, MAX_SOURCE_CHARS) or "unnamed",
            external_id=bounded_id(item.external_id),
            text=text,
            created_at=item.created_at,
            subject=subject.name if subject else self.config.brand.name,
            is_competitor=subject.is_competitor if subject else False,
            sentiment=scored.score,
            label=scored.label,
            reach=followers + engagement,
            fingerprint=fingerprint(text),
            author=author or None,
            author_followers=author_followers,
            url=normalise(item.url, 2000) if item.url else None,
            lang=language.code,
            lang_confidence=language.confidence,
            likes=likes,
            reposts=reposts,
            replies=replies,
            triggers=self.triggers.find(text),
        )

"""The pipeline: one raw item in, one mention (or nothing) out."""

from __future__ import annotations

from crisistui.config import Config
from crisistui.models import Mention, RawItem
from crisistui.pipeline import language, sentiment
from crisistui.pipeline.normalise import encodable, fingerprint, normalise
from crisistui.pipeline.terms import TermMatcher
from crisistui.pipeline.triggers import TriggerMatcher


class Pipeline:
    """Normalise, match, detect language and score, as configured."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.matcher = TermMatcher.build(
            (config.brand.name, config.brand.terms, config.brand.exclude),
            [(c.name, c.terms, c.exclude) for c in config.competitors],
        )
        self.triggers = TriggerMatcher(config.trigger_terms)

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
        compound = sentiment.score(text)
        thresholds = self.config.sentiment
        followers = max(item.author_followers or 0, 0)
        engagement = sum(max(n or 0, 0) for n in (item.likes, item.reposts, item.replies))
        author = normalise(item.author, 200) if item.author else None
        lang = normalise(item.lang, 35) if item.lang else None
        return Mention(
            source=item.source,
            external_id=encodable(item.external_id),
            text=text,
            created_at=item.created_at,
            subject=subject.name if subject else self.config.brand.name,
            is_competitor=subject.is_competitor if subject else False,
            sentiment=compound,
            label=sentiment.label(compound, thresholds.positive, thresholds.negative),
            reach=followers + engagement,
            fingerprint=fingerprint(text),
            author=author or None,
            author_followers=item.author_followers,
            url=normalise(item.url, 2000) if item.url else None,
            lang=lang or language.detect(text),
            likes=item.likes,
            reposts=item.reposts,
            replies=item.replies,
            triggers=self.triggers.find(text),
        )

"""A replay walks a history in time order as it reads it (an hour behind its newest line), so
the walk shares the time the pipeline's workers take; any other order is walked again once
every line is in. Either way every tick says what a walk after the last line said."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bench import timelines

from crisistui.analysis import backtest
from crisistui.analysis.backtest import BacktestResult, replay
from crisistui.analysis.severity import Assessment, Level
from crisistui.config import SeverityConfig
from crisistui.domain.models import Mention, Sentiment
from tests.ticks import recorded_ticks


def _walked(mentions: Iterator[Mention] | list[Mention]) -> tuple[BacktestResult, list[Assessment]]:
    """The replay's result and every tick's assessment, in the order the ticks came."""
    with recorded_ticks() as seen:
        result = replay(mentions, timelines.SUBJECT, SeverityConfig())
    return result, seen


def _last_walk(found: tuple[BacktestResult, list[Assessment]]) -> list[Assessment]:
    """The ticks of the walk that counted: a walk started again repeats its first minutes."""
    result, seen = found
    return seen[len(seen) - sum(result.minutes_at.values()) :]


@pytest.fixture(scope="module")
def storm() -> list[Mention]:
    mentions = timelines.generate("news", 30.0, 0).mentions
    return sorted(mentions, key=lambda m: m.created_at)


def _after_the_last_line(mentions: list[Mention]) -> tuple[BacktestResult, list[Assessment]]:
    """The walk as it was before: every line read first, then every minute ticked."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backtest, "ORDER_SLACK_MINUTES", 10**9)  # never walks while reading
        return _walked(mentions)


def test_a_history_in_time_order_is_walked_while_it_is_read(storm: list[Mention]) -> None:
    ticks_before_the_last_line: list[int] = []

    def read() -> Iterator[Mention]:
        yield from storm[:-1]
        ticks_before_the_last_line.append(len(counted))
        yield storm[-1]

    with recorded_ticks() as counted:
        result = replay(read(), timelines.SUBJECT, SeverityConfig())
    walked_early = ticks_before_the_last_line[0]
    assert walked_early > 0.8 * len(counted)  # all but the last hour and the window after it
    assert len(counted) == sum(result.minutes_at.values())  # and never walked twice
    assert counted == _after_the_last_line(storm)[1]
    assert any(a.level >= Level.HIGH for a in counted)


@pytest.mark.parametrize("order", ["shuffled", "jittered", "a stray line ahead"])
def test_every_order_gives_every_tick_of_a_walk_after_the_last_line(
    storm: list[Mention], order: str
) -> None:
    rng = random.Random(7)
    lines = list(storm)
    if order == "shuffled":
        rng.shuffle(lines)
    elif order == "jittered":  # each line up to 50 minutes late: walked as it is read
        lines.sort(key=lambda m: m.created_at + timedelta(minutes=rng.uniform(0, 50)))
    else:  # one line from three days on, read in the middle
        stray = replace(
            lines[-1], external_id="stray", created_at=lines[-1].created_at + timedelta(days=3)
        )
        lines.insert(len(lines) // 2, stray)
    expected_result, expected = _after_the_last_line(lines)
    found_result, found = _walked(lines)

    assert _last_walk((found_result, found)) == expected
    assert found_result.changes == expected_result.changes
    assert found_result.minutes_at == expected_result.minutes_at
    assert found_result.max_score == expected_result.max_score
    assert found_result.final == expected_result.final
    if order == "jittered":
        assert len(found) == len(expected)  # an hour's slack: never walked again


SUBJECT = "Acme Air"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SCAM = "Acme Air is a total scam, they stole my money, do not buy"


def _post(n: int, minute: int, text: str = "Flying Acme Air today", **fields: Any) -> Mention:
    negative = fields.pop("negative", False)
    return Mention(
        source="x",
        external_id=f"p{n}",
        text=text,
        created_at=T0 + timedelta(minutes=minute),
        subject=SUBJECT,
        is_competitor=False,
        sentiment=-0.8 if negative else 0.0,
        label=Sentiment.NEGATIVE if negative else Sentiment.NEUTRAL,
        reach=10,
        fingerprint=f"f{n}",
        author=fields.pop("author", f"@a{n}"),
        **fields,
    )


def _levels(mentions: list[Mention]) -> tuple[Any, ...]:
    result = replay(mentions, SUBJECT, SeverityConfig())
    changes = [(c.at, c.assessment.level, c.assessment.crisis_type) for c in result.changes]
    return changes, dict(result.minutes_at), result.max_score, result.campaign_minutes


def test_a_walk_started_again_after_one_minute_counts_that_minute_copies_afresh() -> None:
    """Twelve accounts post one text in a minute, the twelfth read after a line an hour on
    (which had walked that first minute): the campaign is still twelve accounts."""
    posts = [_post(n, 0, SCAM, negative=True, author=f"@bot{n}") for n in range(11)]
    posts += [_post(11, 60), _post(12, 0, SCAM, negative=True, author="@bot11")]
    posts += [_post(13 + k, 61 + 3 * k) for k in range(30)]
    in_time_order = sorted(posts, key=lambda m: m.created_at)

    found = _levels(posts)
    assert found == _levels(in_time_order)
    assert found[3] > 0  # the campaign was seen


def test_misinformation_is_read_inside_the_window_whatever_the_order() -> None:
    """A copy that speaks of misinformation hours after the campaign does not make it one
    (as the live read of the window): the same in time order and out of it."""
    posts = [_post(n, 0, SCAM, negative=True, author=f"@bot{n}") for n in range(25)]
    posts += [_post(100 + k, 1 + 5 * k) for k in range(40)]
    late = (("misinformation", "hoax"),)
    posts.append(_post(200, 200, SCAM, negative=True, author="@late", triggers=late))
    shuffled = list(posts)
    random.Random(3).shuffle(shuffled)

    found = _levels(posts)
    assert found == _levels(shuffled)
    assert found[3] > 0
    assert "misinformation" not in {kind for _, _, kind in found[0]}


def test_a_crisis_type_named_while_the_level_holds_is_counted_in_minutes() -> None:
    """An outage, then a rumour that it was a breach, the level critical throughout: the
    backtest named only the type at the level's rise (the outage) and hid the minutes the
    console spent proposing the data-breach playbook."""
    start = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    mentions: list[Mention] = []

    def post(at: datetime, label: Sentiment, terms: tuple[tuple[str, str], ...] = ()) -> None:
        n = len(mentions)
        mentions.append(
            Mention(
                source="x", external_id=str(n), text=f"post {n}", created_at=at,
                subject=timelines.SUBJECT, is_competitor=False,
                sentiment=-0.6 if label is Sentiment.NEGATIVE else 0.0, label=label,
                reach=100, fingerprint=str(n), author=f"@a{n}", triggers=terms,
            )
        )  # fmt: skip

    for minute in range(0, 24 * 60, 6):  # a calm day
        post(start + timedelta(minutes=minute), Sentiment.NEUTRAL)
    onset = start + timedelta(hours=24)
    for minute in range(60):
        kind = ("service-outage", "is down") if minute < 25 else ("data-breach", "hacked")
        for second in range(0, 60, 8):
            post(onset + timedelta(minutes=minute, seconds=second), Sentiment.NEGATIVE, (kind,))
    result = replay(mentions, timelines.SUBJECT, SeverityConfig())
    assert list(result.type_minutes) == ["service-outage", "data-breach"]
    assert result.type_minutes["data-breach"] >= 10
    raised = sum(n for level, n in result.minutes_at.items() if level > Level.NORMAL)
    assert sum(result.type_minutes.values()) <= raised

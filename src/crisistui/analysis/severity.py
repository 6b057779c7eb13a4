"""Severity engine: are there more negative mentions than this hour's norm explains?

It reads per-minute rollups only, so a tick costs the same with a thousand or a million stored
mentions, and it keeps a compact per-minute memory of the last days (``baseline.History``), so
a warm tick reads only the last minutes. Several windows (5 minutes to 3 hours) are compared
against a baseline that leaves out the last hours, knows the time of day, and reaches back
until it holds enough negatives; the strongest window wins. A window counts only when its
negatives beat both the norm for this hour and what the rest of the conversation predicts,
so a launch that lifts every kind of mention is not a crisis. A loud negative account can lift
the level by itself, and so can many accounts pasting one text (``campaign``). Its output
carries the drivers behind the score, in words, because nobody acts on a number they cannot
explain.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from crisistui.analysis.baseline import DAY, History
from crisistui.analysis.campaign import Campaign, CopyWindow, campaign_type, find_campaign
from crisistui.analysis.cold_start import read_cold_start
from crisistui.analysis.drivers import Learning, ScoredWindow, drivers_in_words
from crisistui.analysis.evidence import evidence, nb_shape
from crisistui.analysis.languages import WINDOW_MINUTES as LANGUAGE_WINDOW
from crisistui.analysis.languages import LanguageMemory, LanguageSurge
from crisistui.analysis.levels import THRESHOLDS, Level, level_for
from crisistui.analysis.recovery import PassedStorms, held_score, step
from crisistui.analysis.triggers import (
    TermMemory,
    TermSurge,
    WindowFrame,
    by_crisis_type,
    distinct_surges,
)
from crisistui.analysis.voices import (
    EVERYDAY_TYPES,
    UNSURE_SCORE,
    VOICE_MEMORY_MINUTES,
    LoudVoices,
    NegativeVoice,
)
from crisistui.config import SeverityConfig
from crisistui.domain.copies import UNHEARD
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup
from crisistui.domain.time import from_epoch, to_epoch

REREAD_MINUTES = 60
"""A warm tick re-reads this many minutes, so late-arriving mentions are counted."""
FREEZE_MAX_MINUTES = 12 * 60
"""Baselines stay frozen at most this long: a lasting change becomes the new norm."""
MIN_BASELINE_MINUTES = 30
"""A norm shorter than this is no norm; while history is short, gaps shrink to allow it."""
INFLUENCER_TYPE = "influencer-backlash"
"""The likely crisis type when a loud voice drives the score and no trigger term does."""
TERM_SCORE_CAP = THRESHOLDS[Level.HIGH]
"""Trigger terms alone reach high at most, and only with evidence past ``critical_at``."""
CORROBORATING_TERM_EVIDENCE = 5.0
"""A term surge this strong (1 in 100,000, whatever the preset) corroborates a rise in
negatives."""
CORROBORATION = 0.75
"""Share of the weaker score that corroborating terms and counts add (a quarter otherwise)."""
DOMINANT_SHARE = 0.25
"""A crisis type whose terms are in this share of a window's negatives dominates it."""
FEW_TERMS = 2
"""Negatives holding a crisis type's terms that name the type once the negatives as a whole
are up, though the type's terms do not surge by themselves."""
LOOKS_MINUTES = 15
"""A window shorter than this is looked at more often over the same stretch of time (a 5-minute
window makes three fresh bets where a 15-minute one makes one), so chance alone passes a
threshold more often in it: it needs ``log10(LOOKS_MINUTES / span)`` more evidence."""
SHORT_GAP_MINUTES = 15
"""Short windows need only a short gap (a slow rise is the long windows' job) and are more
accurate with a recent norm; each window's gap is three times its length, within
[SHORT_GAP_MINUTES, baseline_gap_minutes]."""


KEEP_TYPE_SHARE = 0.5
"""An episode's crisis type gives way to another only when the other's terms are more than
twice as many in the window (``SeverityEngine._kept_type``)."""
HANDFUL_SCORE = 50.0
"""The most a handful of complaints scores when an everyday crisis type's words surge with
them (6 "no reply" posts in 5 minutes, 9 "out of order"): elevated, short of high. Counted
each alone and corroborated by their own words, such a clump went from normal to critical in
one tick in an outside team's calm weeks."""


CLUMPED_NEGATIVES = 2.0
"""Expected negatives a quarter hour up to which everyday clumps count in full. A clump is an
event (an app glitch, a rainy evening, one rude courier's customers) that adds a handful of
complaints whatever the brand's size: in a quiet hour it is most of the negatives, in a busy
one it is lost among them. Measured on an outside team's calm weeks and the multilingual
storms: at 2, 0.43 false alarms a calm week and a median delay of 10 minutes; at 1.5, 0.56
and 10; at 2.5 or 3, 0.43 and 11; clumping in full at any rate, 0.37 and 12.5."""


def clump_size(clumping: float, expected: float, span: int) -> float:
    """How many complaints the count test takes as one, in a window of ``span`` minutes that
    expects ``expected`` negatives: ``clumping`` while the clumps' handful is most of what is
    expected, shrinking towards one as everyday negatives outnumber it (the clumps' extra
    variance stays that of ``CLUMPED_NEGATIVES`` a quarter hour)."""
    if clumping <= 1.0 or expected <= 0.0:
        return max(clumping, 1.0)
    clumped = CLUMPED_NEGATIVES * span / LOOKS_MINUTES
    return 1.0 + (clumping - 1.0) * min(expected, clumped) / expected


@dataclass(frozen=True, slots=True)
class Assessment:
    """The engine's verdict at one moment; the counts are those of the strongest window."""

    at: datetime
    score: float
    """Within the level's band: while the level is held up, where the held level starts."""
    level: Level
    raw_level: Level
    drivers: tuple[str, ...]
    raw_score: float = 0.0
    """The score measured now, which ``raw_level`` reads; below ``score`` while cooling down."""
    window_volume: int = 0
    window_negative: int = 0
    expected_negative: float = 0.0
    sample_ok: bool = False
    window_minutes: int = 0
    evidence: float = 0.0
    """-log10 of the chance of the window's negatives under the baseline (the weaker test)."""
    crisis_type: str | None = None
    """The likely crisis type from the drivers, or None without evidence."""
    trigger_terms: tuple[tuple[str, str, int], ...] = ()
    """(crisis type, term, negatives) in the window, most frequent first."""
    language_surges: tuple[LanguageSurge, ...] = ()
    """Languages whose volume surges against their own norm, strongest first."""
    campaign: Campaign | None = None
    """Many accounts posting one text in the last minutes (from ``assess``'s ``copies``)."""

    @property
    def holding(self) -> str | None:
        """'holding: cooling down, now normal 3' while the level is held above what the
        score now reads (it falls one level at a time, after a calm period): every surface
        that shows the held level says so, in these words."""
        if self.raw_level >= self.level:
            return None
        return f"holding: cooling down, now {self.raw_level.label} {self.raw_score:.0f}"


def _minute(moment: datetime) -> int:
    return to_epoch(moment) // 60


@dataclass
class SeverityEngine:
    """Scores one subject; keeps the level state that gives hysteresis, and its history."""

    subject: str
    settings: SeverityConfig
    reread_minutes: int = REREAD_MINUTES
    """0 for a replay of final data: nothing arrives late there."""
    level: Level = Level.NORMAL
    _calm_since: datetime | None = field(default=None, repr=False)
    _alert_since: int | None = field(default=None, repr=False)
    """While the level is above normal, every window's norm ends ``baseline_gap_minutes``
    before the rise: a slow build-up that just tipped the level is then measured against the
    calm before it, and a long crisis does not become its own norm and hide itself."""
    _held_type: str | None = field(default=None, repr=False)
    """The crisis type last named while the level was above normal: a level held up while
    cooling down stands for that crisis when the quieter minutes name none."""
    _paged_type: str | None = field(default=None, repr=False)
    """The crisis type last named at high or above in this episode (``_kept_type``)."""
    _last_minute: int | None = field(default=None, repr=False)
    _voices: LoudVoices = field(default_factory=LoudVoices, repr=False)
    _terms: TermMemory = field(default_factory=TermMemory, repr=False)
    _languages: LanguageMemory = field(default_factory=LanguageMemory, repr=False)
    _passed: PassedStorms = field(default_factory=PassedStorms, repr=False)
    _echoes: dict[int, int] = field(default_factory=dict, repr=False)
    """Retweeted complaints of the minutes that held any, to say them beside the counts."""

    _history: History = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._history = History(self.settings.history_days * DAY)

    # -- what to read ----------------------------------------------------------------------

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        """The rollup range this tick needs: the whole history on the first tick (or after a
        gap), afterwards only the minutes since the last tick plus a re-read margin."""
        minute = _minute(now)
        last = self._last_minute
        if last is None or minute < last or minute - last > DAY:
            first = minute - self.settings.history_days * DAY
        else:
            first = last - self.reread_minutes
        return from_epoch(first * 60), from_epoch((minute + 1) * 60)

    @property
    def risen_at(self) -> datetime | None:
        """The tick at which the level last left normal, as this engine ticked it (a warmed
        engine: within the hours it replayed); None while normal. A console opened, or a
        database imported, after the rise dates the alert by it, not by its first look."""
        if self._alert_since is None:
            return None
        return from_epoch(self._alert_since * 60 + 59)

    def voices_since(self, now: datetime) -> datetime:
        """Where callers should start looking for loud negative voices."""
        return now - timedelta(minutes=VOICE_MEMORY_MINUTES)

    # -- the tick --------------------------------------------------------------------------

    def assess(
        self,
        rollups: Sequence[Rollup],
        now: datetime,
        voices: Sequence[NegativeVoice] = (),
        triggers: Sequence[TriggerRollup] = (),
        languages: Sequence[LanguageRollup] = (),
        copies: CopyWindow | None = None,
    ) -> Assessment:
        """Learn the rollups given (trigger and language rollups of the same range included),
        score the windows ending at ``now`` and move the level with hysteresis."""
        cfg = self.settings
        minute = _minute(now)
        history, terms = self._history, self._terms
        for r in rollups:
            if r.subject == self.subject and r.minute <= minute:
                # the share test compares negatives with the other *scored* mentions; a
                # retweet of a complaint is its echo, a fraction of a complaint of its own
                unheard = r.echoes * UNHEARD
                volume, negative = r.volume - r.unscored - unheard, r.negative - unheard
                history.put(r.minute, volume, negative, r.negative_reach)
                if r.echoes:
                    self._echoes[r.minute] = r.echoes
                elif self._echoes:
                    self._echoes.pop(r.minute, None)  # a later read replaces the minute
                terms.put_scanned(r.minute, r.scanned_negative)
        terms.put_terms(triggers, self.subject, minute)
        for g in languages:
            if g.subject == self.subject and g.minute <= minute:
                self._languages.put(g.lang, g.minute, g.volume, g.negative, g.unscored)
        self._last_minute = minute if self._last_minute is None else max(minute, self._last_minute)
        origin = history.origin
        history.trim(minute)
        if history.origin != origin and history.origin is not None:
            kept = history.origin
            self._echoes = {m: n for m, n in self._echoes.items() if m >= kept}
            terms.forget_before(history.origin)
            self._languages.forget_before(history.origin)
        windows = cfg.windows
        history.refresh_profile(minute + 1 - windows[-1] - cfg.baseline_gap_minutes)
        self._voices.remember(voices, minute)

        sample_ok = self._sample_ok(minute + 1 - windows[0])
        scored = [w for w in (self._score(m, minute) for m in windows) if w is not None]
        best = max(scored, key=lambda w: w.strength, default=None)
        best = best if best is not None and best.strength > 0.0 else None
        count_score = self._score_for(best.strength) if best else 0.0
        cold = None if sample_ok else self._cold_start(minute)
        if cold is not None:
            count_score = max(count_score, cold[0])
        profiled = history.profiled  # the brand's everyday voices and words are known
        voice_score, loud = (
            self._voices.score(
                self.settings,
                history.usual_reach,
                known_norm=profiled,
                loudest_reach=history.loudest_reach,
            )
            if sample_ok
            else (0.0, [])
        )
        surges = self._term_surges(scored, minute) if sample_ok else []
        term_score = self._term_score(surges[0].strength) if surges else 0.0
        if surges and not profiled and surges[0].crisis_type in EVERYDAY_TYPES:
            term_score = min(term_score, UNSURE_SCORE)  # "refund" may be any day's word here
        term_evidence = surges[0].strength if surges else 0.0
        # a handful of complaints sharing an everyday type's words ("no reply", "out of
        # order") is a gripe cluster: it stays a handful, whatever its words
        handful = (
            bool(surges)
            and surges[0].crisis_type in EVERYDAY_TYPES
            and (best is None or best.handful)
        )
        if term_evidence >= self.settings.elevated_at and scored and not handful:
            # A handful of complaints that share a crisis type's terms, which surge with them
            # ("tẩy chay" in 5 of 8 negatives, never seen before), is no ordinary handful, nor
            # a clump of everyday ones: each counts alone.
            single = [w for w in (self._score(m, minute, 1.0) for m in windows) if w is not None]
            alone = max((replace(w, cap=math.inf) for w in single), key=lambda w: w.strength)
            if alone.strength > 0.0:
                best = alone
                count_score = max(count_score, self._score_for(best.strength))
        spoken = self._language_surges(minute) if sample_ok else []
        unscored = [s for s in spoken if s.is_unscored]
        language_score = self._term_score(unscored[0].strength) if unscored else 0.0
        campaign = find_campaign(copies)
        pushed = campaign.score if campaign else 0.0
        parts = (count_score, voice_score, term_score, term_evidence, language_score, pushed)
        combined = self._combine(*parts)
        if handful:
            combined = min(combined, max(HANDFUL_SCORE, voice_score, language_score, pushed))
        score = round(min(combined, 100.0), 1)  # the level is the score's

        rising = [s for s in surges if self._term_score(s.strength) > 0.0]
        learning = None
        first = self._history.first
        if not sample_ok and cold is None and first is not None:
            # the norm is the history before the shortest window, as ``_sample_ok`` counts it:
            # counted to now, "35 of 35 min" showed while the norm still lacked mentions
            have, _ = self._history.sums(first, minute + 1 - windows[0])
            learning = Learning(round(have), minute + 1 - first, MIN_BASELINE_MINUTES + windows[0])
        told = distinct_surges(rising)
        named = self._words_behind(told[:2], minute)
        mostly_in = (
            self._languages.mostly_in(minute + 1 - best.minutes, minute + 1, best.negative)
            if best is not None and best.count_evidence >= cfg.elevated_at
            else None
        )
        drivers = drivers_in_words(best, loud, told, self.settings, learning, named, mostly_in)
        if cold is not None:
            drivers.insert(0, cold[1])
        if campaign:  # first when it drives the score: it says the storm is not organic
            drivers.insert(0 if pushed >= count_score else 1, campaign.in_words())
        told_spoken = [
            s
            for s in spoken[:2]
            if s.strength >= self.settings.elevated_at and (s.is_unscored or score > 0.0)
        ]
        # a storm mostly in a language of its own says so second, where a narrow screen
        # still shows it ("139 mentions in Vietnamese in 15 min, 135× usual; 85% negative");
        # a language beside a storm in the usual one comes last
        mostly = [s for s in told_spoken if best is None or 2 * s.negative >= best.negative]
        second = min(1, len(drivers))
        drivers[second:second] = [s.in_words() for s in mostly]
        drivers += [s.in_words() for s in told_spoken if s not in mostly]
        raw = level_for(score)
        was_normal = self.level == Level.NORMAL
        # a pause in a storm is not its end: high holds longer (``high_calm_minutes``), so a
        # level that would fall to elevated and rise again does not page the team each time
        # (a rival's outage and a price rise each rose to high up to five times in a few hours
        # in an outside team's calm weeks: 2.2 false alarms a calm week at 10 minutes, 2.0 at
        # 30, 1.4 at 60)
        held = cfg.calm_minutes
        if self.level == Level.HIGH:
            held = max(held, cfg.high_calm_minutes)
        calm = timedelta(minutes=held)
        self.level, self._calm_since = step(self.level, raw, self._calm_since, now, calm)
        self._freeze(was_normal, minute)
        shown = best or self._plain_window(windows[0], minute)
        in_window = terms.in_window(minute + 1 - shown.minutes, minute + 1)
        kind = self._crisis_type(
            score, shown, rising, in_window, voice_score, count_score, loud, minute
        )
        if kind is None and self.level > raw:
            kind = self._held_type
        elif kind is not None:
            kind = self._kept_type(kind, in_window)
        if self.level == Level.NORMAL:
            self._held_type, self._paged_type = None, None
        elif kind is not None:
            self._held_type = kind
            if self.level >= Level.HIGH:
                self._paged_type = kind
        ranked = sorted(in_window.items(), key=lambda item: (-item[1], item[0]))
        return Assessment(
            at=now,
            score=held_score(score, self.level),
            raw_score=score,
            level=self.level,
            raw_level=raw,
            drivers=tuple(drivers),
            window_volume=shown.volume,
            window_negative=shown.negative,
            expected_negative=round(shown.expected, 2),
            sample_ok=sample_ok,
            window_minutes=shown.minutes,
            evidence=round(best.strength, 2) if best else 0.0,
            crisis_type=campaign_type(campaign, kind),
            trigger_terms=tuple((k, t, n) for (k, t), n in ranked[:8]),
            language_surges=tuple(spoken),
            campaign=campaign,
        )

    def _score(self, span: int, minute: int, clump: float | None = None) -> ScoredWindow | None:
        """Both tests for the window of ``span`` minutes ending at ``minute``, or None when the
        window or its baseline holds too little to judge. The count test counts negatives in
        clumps of ``clump`` (``clumping`` unless given)."""
        cfg, history = self.settings, self._history
        if history.first is None:
            return None
        start = minute + 1 - span
        volume, negative = history.sums(start, minute + 1)
        if negative < cfg.min_window_negative or start < history.first:
            return None
        if self._passed.hold(history, start, minute + 1, cfg.windows):
            return None  # the storm it holds is over; the shorter windows speak for now
        # The baseline ends before the window and leaves out the recent hours, unless the
        # history is still too short to afford the gap.
        gap = min(cfg.baseline_gap_minutes, max(3 * span, SHORT_GAP_MINUTES))
        end = min(start, minute + 1 - gap)
        since = self._alert_since
        if since is not None and minute - since <= FREEZE_MAX_MINUTES:
            end = min(end, since + 1 - cfg.baseline_gap_minutes)
        end = max(end, min(start, history.first + MIN_BASELINE_MINUTES))
        base = history.baseline(
            end, cfg.baseline_minutes, cfg.history_days * DAY, cfg.baseline_negatives
        )
        if (
            base is None
            or base.end - base.start < MIN_BASELINE_MINUTES
            or base.volume < cfg.min_baseline_mentions
        ):
            return None
        rate = (base.negative + 0.5) / max(base.exposure, 1.0)
        expected = rate * history.exposure(start, minute + 1)
        # complaints come in clumps: counted in clumps, ten in a quiet quarter hour are not
        # ten independent surprises (variance clumping × mean, plus the rate's wobble)
        clump = clump_size(cfg.clumping, expected, span) if clump is None else clump
        count_ev = evidence(
            negative / clump, expected / clump, nb_shape(base.negative, cfg.dispersion)
        )
        count_ev = max(count_ev - math.log10(max(LOOKS_MINUTES / span, 1.0)), 0.0)
        # What the rest of the conversation predicts: a launch lifts it, a crisis does not.
        others = volume - negative
        usual_share = (base.share_negative + 0.5) / (base.share_volume + 1.0)
        ratio = (base.share_negative + 0.5) / (base.share_volume - base.share_negative + 0.5)
        shape = 1.0 / (1.0 / nb_shape(base.share_negative, cfg.dispersion) + 1.0 / (others + 1.0))
        share_ev = evidence(negative, max(others, 1) * ratio, shape) if count_ev else 0.0
        # The share test rules out a rarer cause (a launch or a story lifting every kind of
        # mention, a few hours a week), and a handful of other mentions predicts little: once
        # the counts alone are past high, it needs only the evidence of elevated. Before a day
        # of history gives the norm its time-of-day profile, that lifts a window to elevated
        # at most: the day's own rhythm passes the counts then too (a first morning against
        # the night before, whose share of negatives is a guess from few).
        allowance = cfg.high_at - cfg.elevated_at if count_ev >= cfg.high_at else 0.0
        ceiling = math.inf if history.profiled else (cfg.elevated_at + cfg.high_at) / 2
        # a handful of complaints is no crisis, however rare, nor a rainy evening's doubling,
        # however certain: either is elevated at most
        few = negative < cfg.min_high_negative or negative < cfg.min_high_ratio * expected
        said_volume, said_negative, echoes = self._in_words(start, minute + 1, volume, negative)
        return ScoredWindow(
            span,
            said_volume,
            said_negative,
            expected,
            usual_share,
            count_ev,
            share_ev,
            base.start,
            base.end,
            ratio,
            nb_shape(base.share_negative, cfg.dispersion),
            allowance,
            ceiling,
            (cfg.elevated_at + cfg.high_at) / 2 if few else math.inf,
            echoes,
            negative < cfg.min_high_negative,
        )

    def _in_words(
        self, start: int, end: int, volume: float, negative: float
    ) -> tuple[int, int, int]:
        """The mentions and negatives of minutes [start, end) as they are (whole, retweets
        too), from the tests' counts (``volume``, ``negative``: a retweet a quarter), and the
        retweets among them."""
        echoes = self._echoes
        found = sum(echoes.get(m, 0) for m in range(start, end)) if echoes else 0
        unheard = found * UNHEARD
        return round(volume + unheard), round(negative + unheard), found

    def _language_surges(self, minute: int) -> list[LanguageSurge]:
        """Languages surging against their own norm, which ends before an alert began, as the
        negative-volume windows' does."""
        cfg, since = self.settings, self._alert_since
        frozen = since is not None and minute - since <= FREEZE_MAX_MINUTES
        gap = min(cfg.baseline_gap_minutes, max(3 * LANGUAGE_WINDOW, SHORT_GAP_MINUTES))
        end = since + 1 - cfg.baseline_gap_minutes if frozen and since is not None else None
        days = cfg.history_days * DAY
        return self._languages.surges(minute, self._history.first, gap, days, cfg.dispersion, end)

    @staticmethod
    def _combine(
        count_score: float,
        voice_score: float,
        term_score: float,
        term_evidence: float,
        language_score: float = 0.0,
        campaign_score: float = 0.0,
    ) -> float:
        """The largest score plus a quarter of the others; but when a crisis type's terms
        surge (with ``CORROBORATING_TERM_EVIDENCE``) while the negatives are up too, the two
        corroborate and the weaker adds ``CORROBORATION`` of its score."""
        parts = sorted((count_score, voice_score, term_score, language_score, campaign_score))[::-1]
        score = parts[0] + sum(parts[1:]) / 4.0
        if term_evidence >= CORROBORATING_TERM_EVIDENCE and count_score > 0.0:
            low, high = sorted((count_score, term_score))
            score = max(score, high + CORROBORATION * low + voice_score / 4.0)
        return score

    def _cold_start(self, minute: int) -> tuple[float, str] | None:
        """Before any norm exists, the share of negatives so far (``cold_start``): high at
        most, since a brand's own usual share is unknown."""
        cold = read_cold_start(self._history, minute, self.settings.dispersion)
        if cold is None or cold.evidence < self.settings.elevated_at:
            return None
        return min(self._score_for(cold.evidence), THRESHOLDS[Level.HIGH]), cold.driver

    def _sample_ok(self, before: int) -> bool:
        """Enough history before the shortest window to judge anything at all."""
        first = self._history.first
        if first is None or before - first < MIN_BASELINE_MINUTES:
            return False
        volume, _ = self._history.sums(first, before)
        return volume >= self.settings.min_baseline_mentions

    def _plain_window(self, span: int, minute: int) -> ScoredWindow:
        start = minute + 1 - span
        volume, negative, echoes = self._in_words(
            start, minute + 1, *self._history.sums(start, minute + 1)
        )
        return ScoredWindow(span, volume, negative, 0.0, 0.0, 0.0, 0.0, echoes=echoes)

    def _score_for(self, strength: float) -> float:
        """Evidence to score, linear between the configured level thresholds."""
        cfg = self.settings
        knots = [
            (cfg.elevated_at / 2.0, 0.0),
            (cfg.elevated_at, THRESHOLDS[Level.ELEVATED]),
            (cfg.high_at, THRESHOLDS[Level.HIGH]),
            (cfg.critical_at, THRESHOLDS[Level.CRITICAL]),
            (cfg.critical_at * 1.5, 100.0),
        ]
        if strength <= knots[0][0]:
            return 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(knots):
            if strength <= x1:
                return y0 + (y1 - y0) * (strength - x0) / (x1 - x0)
        return 100.0

    # -- trigger terms ---------------------------------------------------------------------

    def _term_surges(self, scored: list[ScoredWindow], minute: int) -> list[TermSurge]:
        frames = [
            WindowFrame(
                w.minutes,
                minute + 1 - w.minutes,
                minute + 1,
                w.base_start,
                w.base_end,
                w.expected,
                w.usual_ratio,
                w.ratio_shape,
            )
            for w in scored
        ]
        # assess reads the strongest's strength and the surges past elevated_at, no others,
        # and nothing of a strongest that neither lifts the counts nor corroborates them
        elevated = self.settings.elevated_at
        least = min(elevated, CORROBORATING_TERM_EVIDENCE)
        return self._terms.surges(frames, self.settings.dispersion, elevated, least)

    def _words_behind(
        self, rising: list[TermSurge], minute: int
    ) -> dict[str, list[tuple[str, int]]]:
        """Each crisis type surging as a whole: its two words found most in the surge's window,
        but not one that is a driver of its own."""
        own = {s.term for s in rising if s.term}
        start = minute + 1
        return {
            s.crisis_type: self._terms.top_terms(s.crisis_type, start - s.minutes, start, own)
            for s in rising
            if not s.term
        }

    def _term_score(self, strength: float) -> float:
        """Modest on purpose: a term's surge is elevated from ``high_at`` and high only from
        ``critical_at``; it mostly adds to the other signals and names the crisis."""
        cfg = self.settings
        if strength <= cfg.elevated_at:
            return 0.0
        elevated = THRESHOLDS[Level.ELEVATED]
        if strength <= cfg.high_at:
            return elevated * (strength - cfg.elevated_at) / (cfg.high_at - cfg.elevated_at)
        if strength <= cfg.critical_at:
            step = (strength - cfg.high_at) / (cfg.critical_at - cfg.high_at)
            return elevated + (TERM_SCORE_CAP - elevated) * step
        return TERM_SCORE_CAP

    def _crisis_type(
        self,
        score: float,
        shown: ScoredWindow,
        rising: list[TermSurge],
        in_window: dict[tuple[str, str], int],
        voice_score: float,
        count_score: float,
        loud: list[tuple[str, int]],
        minute: int,
    ) -> str | None:
        """With some evidence (a level above normal, or a surging term): the type whose terms
        dominate the window's negatives; failing that, the type of the surging terms; failing
        that, when a loud voice drives the score, the type of the voice's own terms (a news
        outlet writing about a breach), or ``influencer-backlash`` if its mention holds none;
        failing that, the type whose terms in the window's few negatives most exceed their
        usual share. None without evidence."""
        if score < THRESHOLDS[Level.ELEVATED] and not rising:
            return None
        totals = by_crisis_type(in_window)
        if totals:
            kind = max(totals, key=lambda k: (totals[k], k))
            floor = max(self.settings.min_window_negative, DOMINANT_SHARE * shown.negative)
            if totals[kind] >= floor:
                return kind
        if rising:
            totals = by_crisis_type(
                {(s.crisis_type, s.term): s.negative for s in rising if not s.term}
                or {(s.crisis_type, s.term): s.negative for s in rising}
            )
            return max(totals, key=lambda kind: (totals[kind], kind))
        if voice_score > 0.0 and voice_score >= count_score:
            voiced: dict[str, int] = {}
            for author, _size in loud:
                for kind in {kind for kind, _term in self._voices.terms_of(author)}:
                    voiced[kind] = voiced.get(kind, 0) + 1
            if not voiced:
                # a big account's everyday gripe (elevated) is no backlash: none named
                return INFLUENCER_TYPE if voice_score >= THRESHOLDS[Level.HIGH] else None
            return max(voiced, key=lambda k: (voiced[k], totals.get(k, 0), k))
        return self._few_terms_type(shown, totals, minute)

    def _kept_type(self, kind: str, in_window: dict[tuple[str, str], int]) -> str:
        """The type an episode was named by at high stays while its terms still hold at least
        ``KEEP_TYPE_SHARE`` of the newly leading type's: a boycott over an offensive ad is
        not renamed a community manager's misstep as it cools down and "insult" outlasts
        "boycott" by a post, but a complaint that turns into a breach is renamed."""
        held = self._paged_type
        if held is None or held == kind:
            return kind
        totals = by_crisis_type(in_window)
        kept = totals.get(held, 0)
        return held if kept and kept >= KEEP_TYPE_SHARE * totals.get(kind, 0) else kind

    def _few_terms_type(
        self, shown: ScoredWindow, totals: dict[str, int], minute: int
    ) -> str | None:
        """The type whose terms are in at least ``FEW_TERMS`` of the window's negatives and
        most exceed what the type's usual share of the expected negatives explains: below the
        count a term needs to surge, but named once the negatives as a whole are up."""
        end = shown.base_end or minute + 1 - shown.minutes
        excess = {
            kind: count - shown.expected * self._terms.usual_share(kind, end)
            for kind, count in totals.items()
            if count >= FEW_TERMS
        }
        excess = {kind: value for kind, value in excess.items() if value > 0.0}
        if not excess:
            return None
        return max(excess, key=lambda k: (excess[k], totals[k], k))

    # -- level memory ----------------------------------------------------------------------

    def _freeze(self, was_normal: bool, minute: int) -> None:
        """Note when the level left normal; forget it once back to normal."""
        if self.level == Level.NORMAL:
            self._alert_since = None
        elif was_normal:
            self._alert_since = minute

"""Turning values into safe, short text for the console.

Everything a stranger wrote goes through ``plain`` so it is a Rich ``Text`` without markup
parsing, and without any control characters that slipped past the pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from rich.text import Text

from crisistui.domain.languages import language_name
from crisistui.domain.models import Mention, Sentiment
from crisistui.domain.records import Incident, Triage
from crisistui.domain.text import sanitize, sanitize_lines
from crisistui.tui.cells import newer_than_terminals

SENTIMENT_STYLE: dict[Sentiment, str] = {
    Sentiment.NEGATIVE: "red",
    Sentiment.POSITIVE: "green",
    Sentiment.NEUTRAL: "",
    Sentiment.UNSCORED: "italic",
}
SENTIMENT_MARK: dict[Sentiment, str] = {
    Sentiment.NEGATIVE: "−",
    Sentiment.POSITIVE: "+",
    Sentiment.NEUTRAL: "·",
    Sentiment.UNSCORED: "∅",
}
"""``∅``: written in a language no analyser reads; never shown as neutral."""
TRIAGE_MARK: dict[str, str] = {
    "acknowledged": "✓",
    "replied": "↩",
    "dismissed": "✗",
    "assigned": "@",
}
"""One character per triage state, for lists; a blank means nobody has handled the mention."""


_WIDTH_DISPUTED = re.compile(
    "[\ufe0e\ufe0f\u200d\u3164\uffa0\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f]"
)
"""Characters that change an emoji's width only in terminals that join them: variation
selectors, the zero-width joiner, skin-tone modifiers and tag characters. Rich joins them (so
``✈️`` measures 2 cells) while tmux and many terminals draw ``✈`` in 1, which leaves a stray
``…`` and misaligned columns. And the Hangul fillers, blank letters (a "name" of nothing) that
Rich measures 0 cells and glibc 2 or 1."""

_TYPED_DISPUTED = re.compile(
    "[\ufe0e\ufe0f\u3164\uffa0\U0001f3fb-\U0001f3ff\U000e0000-\U000e007f]"
    "|(?<=[\u2600-\u27bf\U0001f000-\U0001faff])\u200d|\u200d(?=[\u2600-\u27bf\U0001f000-\U0001faff])"
)
"""``_WIDTH_DISPUTED`` but for a joiner between letters: Indic scripts and Persian type one
inside words; between emoji it only joins them."""


def typed_form(text: str) -> str:
    """What someone typed, as an input line shows it in the cells Rich measures: "👍🏽" as
    "👍" (Rich counted four cells, tmux drew two, and the line's border moved)."""
    return text if text.isascii() else _TYPED_DISPUTED.sub("", text)


UNKNOWN_GLYPH = "\ufffd"
"""What a character terminals may not know is shown as: one cell everywhere."""


class _KnownToTerminals(dict[int, int | None]):
    """``str.translate`` table: a code point terminals may not know (unassigned in this
    Python's Unicode, or wide only since ``cells.TERMINAL_UNICODE``) becomes ``UNKNOWN_GLYPH``.
    tmux 3.3a on glibc 2.36 drops 🫨 (Unicode 15) altogether where Rich counts two cells, and
    the border came that much to the left. Each code point is looked up once."""

    def __missing__(self, code: int) -> int | None:
        unknown = unicodedata.category(chr(code)) == "Cn" or newer_than_terminals(code)
        kept = ord(UNKNOWN_GLYPH) if unknown else code
        self[code] = kept
        return kept


_KNOWN = _KnownToTerminals()


def steady_width(text: str) -> str:
    """``text`` without the characters terminals disagree about, so every terminal draws it
    in the cells Rich measures (``✈️`` becomes ``✈``, a family emoji its people side by side,
    an emoji newer than the terminal ``\ufffd``). Spacing marks (the vowel signs of Indic,
    Khmer and Myanmar text) stay: ``tui.cells`` has Rich count them as terminals draw them."""
    text = _WIDTH_DISPUTED.sub("", text)
    return text if text.isascii() else text.translate(_KNOWN)


def plain(value: str | None, style: str = "") -> Text:
    """Untrusted text as literal, single-line Rich text, as wide as every terminal draws it."""
    return Text(steady_width(sanitize(value or "")), style=style, no_wrap=True, end="")


def prose(value: str | None, style: str = "") -> Text:
    """Text people wrote in lines (statements, lessons, hints), literal and without escapes."""
    return Text(steady_width(sanitize_lines(value or "")), style=style)


def language(mention: Mention) -> str:
    """ "Vietnamese (vi)", and how it is known: the source's tag or the script ("certain"),
    or how sure the identifier is ("98% sure"; under half: "best guess (47% sure)")."""
    from crisistui.pipeline.language import READ_ANOTHER_BELOW

    if not mention.lang:
        return "unknown"
    words = f"{language_name(mention.lang)} ({mention.lang})"
    confidence = mention.lang_confidence
    if confidence is None:
        return words
    if confidence >= 1.0:
        return f"{words}, certain (the source's tag or the script)"
    if confidence >= READ_ANOTHER_BELOW:
        return f"{words}, {confidence:.0%} sure"
    return f"{words}, best guess ({confidence:.0%} sure)"


def sentiment(mention: Mention) -> str:
    """The label and score, or why there is no score; and when a mention of a language no
    analyser reads was scored, that it was read in a language an analyser reads (a close
    relative, or for an unsure guess a likelier one: ``SentimentScorer.score_guess``)."""
    if mention.label is Sentiment.UNSCORED:
        return "unscored (no analyser reads this language)"
    said = f"{mention.label.value} ({mention.sentiment:+.3f})"
    if (how := _read_as(mention)) is not None:
        said += f", {how}"
    return said


def _read_as(mention: Mention) -> str | None:
    """How a scored mention of a language no analyser reads was read, or None."""
    from crisistui.pipeline.language import READ_ANOTHER_BELOW, SISTER_READS
    from crisistui.pipeline.sentiment.lexicon import shipped_languages

    lang, confidence = mention.lang, mention.lang_confidence
    if lang is None or lang == "en" or lang in shipped_languages():
        return None
    sister = SISTER_READS.get(lang)
    unsure = confidence is not None and confidence < READ_ANOTHER_BELOW
    if sister is not None and not unsure:  # read by its relative alone
        return f"read as {language_name(sister)}, a close relative"
    if sister is not None or unsure:  # its relative, or else the likeliest language
        return "read in a likely language an analyser reads"
    return None


def age(then: datetime, now: datetime) -> str:
    """Compact age: '45s', '12m', '3h', '2d'."""
    seconds = max(int((now - then).total_seconds()), 0)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def about(mention: Mention, width: int = 60) -> Text:
    """A mention in one short line (id, author, text), for prompts and headings."""
    line = plain(f"#{mention.id} {mention.author or '?'}: {mention.text}")
    line.truncate(width, overflow="ellipsis")
    return line


def describe_triage(triage: Triage | None) -> Text:
    """What was done with a mention, by whom and when, in one line."""
    if triage is None:
        return Text("Not triaged yet")
    line = Text(f"{TRIAGE_MARK.get(triage.state, '?')} {triage.state.capitalize()} by ")
    line.append_text(plain(triage.updated_by))
    line.append(f" at {triage.updated_at.astimezone():%H:%M}")
    if triage.assignee:
        line.append(" · to ").append_text(plain(triage.assignee))
    if triage.tags:
        line.append(" · tags ").append_text(plain(", ".join(triage.tags)))
    if triage.template_id:
        line.append(" · answer ").append_text(plain(triage.template_id))
    if triage.incident_id:
        line.append(f" · incident #{triage.incident_id}")
    return line


def incident_heading(incident: Incident, drill_style: str = "bold reverse") -> Text:
    """'#12 Title', marked as a drill where it is one (the title was typed by a person)."""
    line = Text()
    if incident.is_drill:
        line.append(" DRILL ", style=drill_style)
        line.append(" ")
    line.append(f"#{incident.id} ", style="bold")
    line.append_text(plain(incident.title, style="bold"))
    return line

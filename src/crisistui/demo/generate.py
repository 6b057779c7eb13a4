"""Deterministic generator of the built-in "Acme Air outage" demo scenario.

Why: the demo, drills and tests need a realistic crisis feed that works offline and is the same
on every machine, so it is generated from a fixed seed and shipped as ``scenario.jsonl``.
Regenerate it with ``python -m crisistui.demo.generate`` after changing this file.

Timeline (scenario seconds, 0 = start of live play; negative = backfilled history): calm until
the outage at 1500 s, influencer at ~2700 s, news from ~3600 s, boycott hashtag and a rumour at
~4500-6000 s, the brand's response at 6600 s, recovery until ~9600 s, end at 10800 s.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from collections.abc import Callable
from pathlib import Path

from crisistui.demo.templates import (
    BOYCOTT,
    COMPLAINTS,
    DEBUNKS,
    FOREIGN,
    GRIPES,
    INFLUENCER_POSTS,
    NEUTRAL,
    NEWS,
    POSITIVE,
    QUESTIONS,
    RECOVERY,
    REPLIES,
    RIVAL_CALM,
    RIVAL_SWITCH,
    RUMOURS,
    STATEMENTS,
)

Rate = Callable[[float], float]
Account = tuple[str, int]  # (author, followers)

BACKFILL_START, END, STEP = -7200.0, 10800.0, 10.0
INFLUENCER_AT, RESPONSE_AT = 2700.0, 6600.0

NON_ENGLISH_SHARE = 0.11
# calm posts: a draw below GRIPE_SHARE is a gripe, below POSITIVE_UPTO positive, else neutral
GRIPE_SHARE, POSITIVE_UPTO = 0.12, 0.62

# source name -> (id prefix, weight among social posts)
SOURCES: dict[str, tuple[str, float]] = {
    "demo-x": ("x", 0.56),
    "demo-mastodon": ("md", 0.15),
    "demo-reddit": ("rd", 0.15),
    "demo-forum": ("fo", 0.14),
    "demo-news": ("nw", 0.0),
}
KEYS = ("offset_s", "source", "id", "text", "author", "author_followers", "url", "lang")
ENGAGEMENT = ("likes", "reposts", "replies")
BRAND_NAMES = ("Acme Air",) * 6 + ("@AcmeAir",) * 3 + ("ACME AIR",)
SUFFIXES = ("",) * 8 + (" #AcmeAir", " #AcmeAir", " #travel", " ✈️")
COMPLAINT_SUFFIXES = (*SUFFIXES, " #fail", " #AcmeAirDown", " 😤")
# no MAD or MIA: VADER reads them as "mad" and "missing in action"
AIRPORTS = ("LHR", "CDG", "JFK", "SFO", "ORD", "DEN", "AMS", "FRA", "BER", "BCN", "LIS", "DUB")
AIRPORTS += ("BOS", "SEA", "ATL", "PHX", "YYZ", "NRT", "MUC", "ZRH", "LAX", "EWR", "MAN", "FCO")
CITIES = ("London", "Paris", "New York", "Lisbon", "Denver", "Chicago", "Madrid", "Dublin")
CITIES += ("Boston", "Seattle", "Miami", "Toronto", "Tokyo", "Munich", "Rome", "Barcelona")
HANDLE_HEADS = ("sky", "travel", "jet", "nomad", "coffee", "city", "sunny", "mike", "anna", "raj")
HANDLE_HEADS += ("lena", "tom", "kai", "mia", "sam", "noor", "li", "omar", "eva", "leo", "zoe")
HANDLE_TAILS = ("walker", "lover", "fan", "life", "girl", "guy", "dad", "mum", "runs", "codes")
HANDLE_TAILS += ("bytes", "miles", "trips", "eats", "writes", "flies", "hops", "bakes", "reads")
MID_TAILS = ("news", "daily", "travels", "tv", "blog")
OUTLET_REACH = {"The Daily Ledger": 1_800_000, "Travel Wire": 420_000, "Metro Courier": 260_000}
OUTLET_REACH |= {"Aviation Brief": 130_000, "Business Gazette": 950_000}
LARGE_ACCOUNTS: tuple[Account, ...] = (("@worldtravelhub", 2_100_000), ("@dealsonwings", 1_350_000))
LARGE_ACCOUNTS += (("@thepointsnerd", 1_050_000),)
BRAND_ACCOUNT: Account = ("@AcmeAir", 850_000)
INFLUENCER: Account = ("@jetsetjules", 1_200_000)
LANG_WEIGHTS = {"fr": 22, "es": 22, "de": 18, "ja": 12, "zh": 10, "ar": 8, "he": 8}
BRAND_RE = re.compile(r"(?<![\w@#])(?:[@#]?acmeair|acme air)(?!\w)")
RIVAL_RE = re.compile(r"(?<![\w@#])(?:zephyr airlines|[@#]zephyrair)(?!\w)")

POOLS = {"complaint": COMPLAINTS, "question": QUESTIONS, "reply": REPLIES, "boycott": BOYCOTT}
POOLS |= {"rumour": RUMOURS, "debunk": DEBUNKS, "recovery": RECOVERY, "rival": RIVAL_CALM}
POOLS |= {"switch": RIVAL_SWITCH}


def _interp(points: tuple[tuple[float, float], ...], t: float) -> float:
    """Piecewise-linear rate, so each stream's shape reads as a table of (time, rate)."""
    for (t0, r0), (t1, r1) in itertools.pairwise(points):
        if t0 <= t < t1:
            return r0 + (r1 - r0) * (t - t0) / (t1 - t0)
    return 0.0


def _complaint_rate(t: float) -> float:
    """Outage complaints per minute: fast ramp from 1500 s, plateau, decay after the response."""
    if t >= RESPONSE_AT:
        return 22.0 * math.exp(-(t - RESPONSE_AT) / 600.0)
    return _interp(((1500, 0), (2100, 18), (3600, 40), (5400, 40), (6600, 22)), t)


def _decay(start: float, peak: float, tau: float) -> Rate:
    """Make a burst at ``start`` that fades with time constant ``tau`` seconds."""
    return lambda t: peak * math.exp(-(t - start) / tau) if t >= start else 0.0


# stream kind -> (virality relative to a calm post, mentions per scenario minute)
STREAMS: dict[str, tuple[float, Rate]] = {
    "calm": (0.5, lambda t: 3.5),
    "rival": (0.5, lambda t: 1.1),
    "complaint": (1.0, _complaint_rate),
    "question": (0.4, lambda t: 0.07 * _complaint_rate(t)),
    "reply": (1.5, _decay(INFLUENCER_AT, 7.0, 500.0)),
    "boycott": (2.0, lambda t: _interp(((4500, 0), (4900, 9), (5600, 9), (6300, 1), (6600, 0)), t)),
    "rumour": (3.0, lambda t: _interp(((4800, 0), (5100, 4), (5700, 2), (6300, 0)), t)),
    "debunk": (1.2, lambda t: _interp(((5100, 0), (5500, 3), (6600, 2), (7200, 0)), t)),
    "switch": (0.6, lambda t: _interp(((2700, 0), (3600, 1.5), (6600, 1.5), (7800, 0)), t)),
    "recovery": (0.8, _decay(6900.0, 3.0, 1800.0)),
}


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's Poisson sampler; lam per 10 s step stays small, so the loop is short."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _arrivals(rng: random.Random, rate: Rate) -> list[float]:
    """Non-homogeneous Poisson arrivals over the whole scenario, so volume looks organic."""
    times: list[float] = []
    t = BACKFILL_START
    while t < END:
        times.extend(t + rng.random() * STEP for _ in range(_poisson(rng, rate(t) * STEP / 60)))
        t += STEP
    return times


def _authors(rng: random.Random) -> tuple[list[Account], list[Account]]:
    """Small (10-2,000 followers) and mid (10k-100k) accounts, so reach varies as in real feeds."""
    names = [h + t for h in HANDLE_HEADS for t in HANDLE_TAILS]
    small: dict[str, int] = {}  # one follower count per handle, even if a name repeats
    for name in names * 4:
        handle = f"@{name}{rng.randint(1, 999) if rng.random() < 0.6 else ''}"
        small[handle] = int(10 * 200 ** rng.random())
    mid = [(f"@{n}_{rng.choice(MID_TAILS)}", rng.randint(10_000, 100_000)) for n in names[::7]]
    return sorted(small.items()), mid


def _slots(rng: random.Random) -> dict[str, str]:
    """Fresh slot values per post, so the same template rarely reads the same twice."""
    hour, minute = rng.randint(5, 22), rng.randrange(0, 60, 5)
    clock = f"{hour % 12 or 12}:{minute:02d}{'am' if hour < 12 else 'pm'}"
    return {
        "b": rng.choice(BRAND_NAMES),
        "h": BRAND_ACCOUNT[0],
        "flight": f"AC{rng.choice(('', ' '))}{rng.randint(100, 2999)}",
        "zflight": f"ZP {rng.randint(100, 999)}",
        "airport": rng.choice(AIRPORTS),
        "airport2": rng.choice(AIRPORTS),
        "city": rng.choice(CITIES),
        "hours": str(rng.randint(2, 6)),
        "minutes": str(rng.randrange(20, 185, 5)),
        "amount": f"{rng.choice('$€£')}{rng.randint(89, 890)}",
        "time": rng.choice((f"{hour}:{minute:02d}", clock)),
        "gate": f"{rng.choice('ABCDE')}{rng.randint(1, 40)}",
        "seat": f"{rng.randint(3, 38)}{rng.choice('ABCDEF')}",
        "desk": str(rng.randint(1, 60)),
        "outlet": rng.choice(list(OUTLET_REACH)),
    }


def _text(rng: random.Random, kind: str, foreign: dict[str, list[str]]) -> tuple[str, str]:
    """Pick the language and template of one post of the given kind; return (text, lang)."""
    slots = _slots(rng)
    draw = rng.random() if kind == "calm" else 0.0
    if kind in ("calm", "complaint") and rng.random() < NON_ENGLISH_SHARE:
        lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
        pool = foreign[f"{lang}|{'neg' if draw < GRIPE_SHARE else 'calm'}"]
        return rng.choice(pool).format_map(slots), lang
    if kind == "calm":
        pool = GRIPES if draw < GRIPE_SHARE else POSITIVE if draw < POSITIVE_UPTO else NEUTRAL
    else:
        pool = POOLS[kind]
    text = rng.choice(pool).format_map(slots)
    if kind in ("complaint", "calm", "recovery") and "#" not in text:
        text += rng.choice(COMPLAINT_SUFFIXES if kind == "complaint" else SUFFIXES)
    return text, "en"


def _engagement(rng: random.Random, followers: int, virality: float) -> dict[str, int]:
    """Likes, reposts and replies roughly proportional to reach, with log-normal noise."""
    likes = int(followers * 0.004 * virality * rng.lognormvariate(0, 0.8)) + rng.randint(0, 3)
    return {
        "likes": likes,
        "reposts": int(likes * rng.uniform(0.08, 0.35)),
        "replies": int(likes * rng.uniform(0.03, 0.2)) + rng.randint(0, 2),
    }


def _row(t: float, source: str, text: str, account: Account, lang: str = "en") -> dict:
    """Start one mention; its id and url follow later from the sorted order."""
    author, followers = account
    return {
        "offset_s": t,
        "source": source,
        "text": text,
        "author": author,
        "author_followers": followers,
        "lang": lang,
    }


def _social(
    rng: random.Random,
    t: float,
    kind: str,
    authors: tuple[list[Account], list[Account]],
    foreign: dict[str, list[str]],
) -> dict:
    """Draw one social-media post: source, author, text and engagement."""
    small, mid = authors
    names = [s for s, (_, weight) in SOURCES.items() if weight]
    source = rng.choices(names, weights=[SOURCES[s][1] for s in names])[0]
    roll = rng.random()
    if roll < 0.004 and kind != "calm":
        account = rng.choice(LARGE_ACCOUNTS)
    else:
        account = rng.choice(mid if roll < 0.07 else small)
    text, lang = _text(rng, kind, foreign)
    virality = STREAMS[kind][0]
    return _row(t, source, text, account, lang) | _engagement(rng, account[1], virality)


def _scripted(rng: random.Random) -> list[tuple[str, dict]]:
    """Build the fixed story beats: influencer posts, news pickups, the brand's statements."""
    rows: list[tuple[str, dict]] = []
    for i, template in enumerate(INFLUENCER_POSTS, start=1):
        text = template.format_map(_slots(rng) | {"hours": "3", "airport": "JFK"})
        row = _row(INFLUENCER_AT + 240 * (i - 1), "demo-x", text, INFLUENCER)
        row |= {"likes": 48_200 // i, "reposts": 15_300 // i, "replies": 4_100 // i}
        rows.append(("influencer", row))
    for entry in NEWS:
        t, outlet, text = entry.split("|", 2)
        account = (outlet, OUTLET_REACH[outlet])
        row = _row(float(t), "demo-news", text.format_map(_slots(rng)), account)
        rows.append(("news", row))
    for entry in STATEMENTS:
        t, source, text = entry.split("|", 2)
        row = _row(float(t), source, text, BRAND_ACCOUNT)
        rows.append(("statement", row | _engagement(rng, BRAND_ACCOUNT[1], 1.5)))
    return rows


def _slug(text: str) -> str:
    """URL-safe ASCII slug for news links."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _url(row: dict) -> str:
    """Link on a reserved example domain, shaped like the source's real permalinks."""
    handle, ident = row["author"].lstrip("@").split("@")[0], row["id"]
    headline = row["text"].split(" — ")[0]
    return {
        "demo-x": f"https://x.example.com/{handle}/status/{ident}",
        "demo-mastodon": f"https://social.example.net/@{handle}/{ident}",
        "demo-reddit": f"https://reddit.example.org/r/travel/comments/{ident}/",
        "demo-forum": f"https://forum.example.org/t/{ident}",
        "demo-news": f"https://news.example.com/{_slug(row['author'])}/{ident}-{_slug(headline)}",
    }[row["source"]]


def build_rows(seed: int = 7) -> list[tuple[str, dict]]:
    """Build all mentions with their story kind (for checks), sorted, with ids and urls."""
    rng = random.Random(seed)
    foreign: dict[str, list[str]] = {}
    for entry in FOREIGN:
        lang, polarity, text = entry.split("|", 2)
        foreign.setdefault(f"{lang}|{polarity}", []).append(text)
    authors = _authors(rng)
    rows = _scripted(rng)
    for kind, (_, rate) in STREAMS.items():
        rows += [(kind, _social(rng, t, kind, authors, foreign)) for t in _arrivals(rng, rate)]
    rows.sort(key=lambda kind_row: kind_row[1]["offset_s"])
    counters = dict.fromkeys(SOURCES, 0)
    out: list[tuple[str, dict]] = []
    for kind, row in rows:
        counters[row["source"]] += 1
        row["offset_s"] = round(row["offset_s"], 1)
        row["id"] = f"{SOURCES[row['source']][0]}{counters[row['source']]:06d}"
        if row["source"] == "demo-mastodon" and row["author"].count("@") == 1:
            row["author"] += "@social.example.net"
        row["url"] = _url(row)
        lowered = row["text"].lower()
        if not (BRAND_RE.search(lowered) or RIVAL_RE.search(lowered)) or len(row["text"]) >= 400:
            raise ValueError(f"template yields an unmatchable or overlong text: {row['text']!r}")
        out.append((kind, {key: row[key] for key in KEYS + ENGAGEMENT if key in row}))
    return out


def build_scenario(seed: int = 7) -> list[dict]:
    """Return the scenario as JSON-ready dicts sorted by offset_s; same seed, same output."""
    return [row for _, row in build_rows(seed)]


def dumps(rows: list[dict]) -> str:
    """Render JSON Lines exactly as shipped, so tests can compare the file byte for byte."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main() -> None:
    """Regenerate scenario.jsonl next to this module and say what was written."""
    path = Path(__file__).with_name("scenario.jsonl")
    rows = build_scenario()
    path.write_text(dumps(rows), encoding="utf-8", newline="\n")
    print(f"wrote {path} ({len(rows)} lines, {path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""Deterministic generator of the built-in scenarios, one per playbook's crisis type.

Why: the demo, drills and tests need realistic crisis feeds that work offline and are the same
on every machine, so they are generated from a fixed seed and shipped with the package: the
"Acme Air outage" demo as ``scenario.jsonl``, every other story as
``scenarios/<playbook-id>.jsonl`` and a story whose crisis breaks out in another language as
``scenarios/<playbook-id>.<lang>.jsonl``. Regenerate them with ``python -m crisistui.demo.generate``
after changing this file, a story or the templates.

Every scenario runs from -7200 s (backfilled calm history) to 10800 s: calm until the crisis
starts at 1500 s, then the story's own arc (a loud voice, news pickups, side waves), the
brand's response and the recovery. The outage demo, for instance: influencer at ~2700 s, news
from ~3600 s, boycott hashtag and a rumour at ~4500-6000 s, the brand's response at 6600 s,
recovery until ~9600 s.
"""

from __future__ import annotations

import json
import math
import random
import re
import unicodedata
from pathlib import Path

from crisistui.demo import scenario_resource
from crisistui.demo.stories import STORIES, VARIANTS
from crisistui.demo.stories.service_outage import STORY as OUTAGE
from crisistui.demo.story import END, Account, Rate, Story
from crisistui.demo.templates import (
    GRIPES,
    NEUTRAL,
    POSITIVE,
    RIVAL_CALM,
    RIVAL_SWITCH,
)

BACKFILL_START, STEP = -7200.0, 10.0

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
LANG_WEIGHTS = {"fr": 22, "es": 22, "de": 18, "ja": 12, "zh": 10, "ar": 8, "he": 8}
BRAND_RE = re.compile(r"(?<![\w@#])(?:[@#]?acmeair|acme air)(?!\w)")
RIVAL_RE = re.compile(r"(?<![\w@#])(?:zephyr airlines|[@#]zephyrair)(?!\w)")
SHARED_POOLS = {"rival": RIVAL_CALM, "switch": RIVAL_SWITCH}
LANG_PREFIX = re.compile(r"([a-z]{2,3})\|")


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


def _slots(rng: random.Random, story: Story) -> dict[str, str]:
    """Fresh slot values per post, so the same template rarely reads the same twice."""
    hour, minute = rng.randint(5, 22), rng.randrange(0, 60, 5)
    clock = f"{hour % 12 or 12}:{minute:02d}{'am' if hour < 12 else 'pm'}"
    slots = {
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
    return slots | story.extra_slots(rng) if story.extra_slots else slots


def _in_lang(text: str, default: str) -> tuple[str, str]:
    """A story's text and its language: the code before a leading bar, else ``default``."""
    tagged = LANG_PREFIX.match(text)
    return (text[tagged.end() :], tagged[1]) if tagged else (text, default)


def _foreign_pools(story: Story) -> dict[str, list[str]]:
    """``lang|neg`` (the crisis), ``lang|gripe`` and ``lang|calm`` (the history) -> templates."""
    pools: dict[str, list[str]] = {}
    for entries, polarity in ((story.foreign, "neg"), (story.foreign_gripes, "gripe")):
        for entry in entries:
            lang, _, text = entry.split("|", 2)
            pools.setdefault(f"{lang}|{polarity}", []).append(text)
    for entry in story.foreign_calm:
        lang, _, text = entry.split("|", 2)
        pools.setdefault(f"{lang}|calm", []).append(text)
    return pools


def _text(
    rng: random.Random, kind: str, foreign: dict[str, list[str]], story: Story
) -> tuple[str, str]:
    """Pick the language and template of one post of the given kind; return (text, lang)."""
    slots = _slots(rng, story)
    draw = rng.random() if kind == "calm" else 0.0
    if kind in ("calm", "complaint") and rng.random() < NON_ENGLISH_SHARE:
        weights = story.lang_weights or LANG_WEIGHTS
        lang = rng.choices(list(weights), weights=list(weights.values()))[0]
        polarity = "neg" if kind == "complaint" else "gripe" if draw < GRIPE_SHARE else "calm"
        return rng.choice(foreign[f"{lang}|{polarity}"]).format_map(slots), lang
    own = () if kind == "calm" else story.pools.get(kind, ())
    if kind == "calm":
        pool = GRIPES if draw < GRIPE_SHARE else POSITIVE if draw < POSITIVE_UPTO else NEUTRAL
    else:
        pool = own or SHARED_POOLS[kind]
    # The shared voices write English; the story's own, its language unless a text says.
    template, lang = _in_lang(rng.choice(pool), story.lang if own else "en")
    text = template.format_map(slots)
    if kind in ("complaint", "calm", "recovery") and "#" not in text:
        text += rng.choice((*SUFFIXES, *story.tags) if kind == "complaint" else SUFFIXES)
    return text, lang


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
    story: Story,
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
    text, lang = _text(rng, kind, foreign, story)
    virality = story.streams[kind][0]
    return _row(t, source, text, account, lang) | _engagement(rng, account[1], virality)


def _scripted(rng: random.Random, story: Story) -> list[tuple[str, dict]]:
    """Build the fixed story beats: the loud voice's posts, news pickups, the brand's
    statements."""
    rows: list[tuple[str, dict]] = []
    likes, reposts, replies = story.loud_engagement
    for i, post in enumerate(story.loud_posts, start=1):
        template, lang = _in_lang(post, story.lang)
        text = template.format_map(_slots(rng, story) | dict(story.loud_slots))
        row = _row(story.loud_at + 240 * (i - 1), "demo-x", text, story.loud_voice, lang)
        row |= {"likes": likes // i, "reposts": reposts // i, "replies": replies // i}
        rows.append(("influencer", row))
    reach = OUTLET_REACH | dict(story.outlets)
    for entry in story.news:
        t, outlet, headline = entry.split("|", 2)
        text, lang = _in_lang(headline, story.lang)
        account = (outlet, reach[outlet])
        row = _row(float(t), "demo-news", text.format_map(_slots(rng, story)), account, lang)
        rows.append(("news", row))
    for entry in story.statements:
        t, source, statement = entry.split("|", 2)
        text, lang = _in_lang(statement, story.lang)
        row = _row(float(t), source, text, BRAND_ACCOUNT, lang)
        rows.append(("statement", row | _engagement(rng, BRAND_ACCOUNT[1], 1.5)))
    return rows


def _slug(text: str) -> str:
    """URL-safe ASCII slug for news links, accents dropped as news sites do
    (``tẩy chay`` -> ``tay-chay``)."""
    letters = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    bare = "".join(c for c in letters if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")[:60]


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


def build_rows(seed: int = 7, story: Story = OUTAGE) -> list[tuple[str, dict]]:
    """Build all mentions with their story kind (for checks), sorted, with ids and urls."""
    rng = random.Random(seed)
    foreign = _foreign_pools(story)
    authors = _authors(rng)
    rows = _scripted(rng, story)
    for kind, (_, rate) in story.streams.items():
        times = _arrivals(rng, rate)
        rows += [(kind, _social(rng, t, kind, authors, foreign, story)) for t in times]
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


def build_scenario(seed: int = 7, story: Story = OUTAGE) -> list[dict]:
    """Return a scenario (the outage demo unless a story is given) as JSON-ready dicts sorted
    by offset_s; same seed, same output."""
    return [row for _, row in build_rows(seed, story)]


def dumps(rows: list[dict]) -> str:
    """Render JSON Lines exactly as shipped, so tests can compare the file byte for byte."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def scenario_path(story: Story) -> Path:
    """Where the package ships the story's scenario."""
    return Path(__file__).parent.joinpath(*scenario_resource(story.id, story.lang).split("/"))


def main() -> None:
    """Regenerate every built-in scenario next to this module and say what was written."""
    for story in (*STORIES.values(), *VARIANTS.values()):
        path = scenario_path(story)
        path.parent.mkdir(exist_ok=True)
        rows = build_scenario(story=story)
        path.write_text(dumps(rows), encoding="utf-8", newline="\n")
        print(f"wrote {path} ({len(rows)} lines, {path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

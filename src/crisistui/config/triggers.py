"""The `[triggers]` table: words that say what kind of crisis a negative mention is about.

Each crisis type (a playbook's crisis type, e.g. ``service-outage``) has a list of terms in
several languages. Terms match like brand terms: case- and accent-insensitively, as whole
words or phrases, and inside text written without spaces; a term ending in ``*`` also matches
longer words that start with it (``#boycott*`` matches ``#BoycottAcmeAir``). A type named in
the config file replaces that type's built-in list (an empty list turns the type off); types
not named keep their built-in lists, so a team only writes down what it wants different.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

CRISIS_TYPE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_CRISIS_TYPE = re.compile(CRISIS_TYPE_PATTERN)
MAX_TERMS_PER_TYPE = 200
MAX_TERM_CHARS = 80

DEFAULT_TRIGGERS: dict[str, tuple[str, ...]] = {
    "boycott": (
        "boycott*",
        "#boycott*",
        "cancel my account",
        "boycotter",
        "boycottez",
        "boicot",
        "boicotear",
        "boykott",
        "boykottieren",
    ),
    "customer-service": (
        "refund",
        "customer service",
        "customer support",
        "on hold",
        "no response",
        "nobody answers",
        "charged twice",
        "compensation",
        "money back",
        "scam",
        "remboursement",
        "service client",
        "reembolso",
        "atención al cliente",
        "Erstattung",
        "Rückerstattung",
        "Kundenservice",
    ),
    "data-breach": (
        "breach",
        "data breach",
        "hacked",
        "leak",
        "data leak",
        "leaked",
        "ransomware",
        "fuite de données",
        "piratage",
        "filtración",
        "hackeo",
        "Datenleck",
        "Datenpanne",
        "gehackt",
    ),
    "product-recall": (
        "recall",
        "recalled",
        "defect",
        "defective",
        "faulty",
        "unsafe",
        "rappel",
        "défectueux",
        "retirada",
        "defectuoso",
        "Rückruf",
        "defekt",
    ),
    "service-outage": (
        "outage",
        "is down",
        "not working",
        "doesn't work",
        "can't log in",
        "crashed",
        "crashes",
        "broken",
        "error",
        "offline",
        "app down",
        "down again",
        "are down",
        "panne",
        "en panne",
        "caída",
        "no funciona",
        "Ausfall",
        "Störung",
        "funktioniert nicht",
    ),
    "misinformation": (
        "fake",
        "hoax",
        "fake news",
        "rumour",
        "rumor",
        "debunked",
        "intox",
        "fausse information",
        "bulo",
        "noticia falsa",
        "Falschmeldung",
        "Gerücht",
    ),
    "executive-misconduct": (
        "lawsuit",
        "scandal",
        "harassment",
        "fraud",
        "corruption",
        "arrested",
        "scandale",
        "harcèlement",
        "escándalo",
        "acoso",
        "fraude",
        "Skandal",
        "Belästigung",
        "Betrug",
    ),
    "community-manager-misstep": (
        "tone deaf",
        "tone-deaf",
        "offensive",
        "insensitive",
        "delete this",
        "deleted tweet",
        "racist",
        "sexist",
        "choquant",
        "ofensivo",
        "geschmacklos",
    ),
    "influencer-backlash": (
        "influencer",
        "sponsored",
        "#ad",
        "partnership",
        "influenceur",
        "patrocinado",
    ),
}
"""Built-in terms per crisis type; every type is a crisis type of a shipped playbook."""


def check_triggers(value: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Validate a `[triggers]` table: crisis type ids as keys, non-blank terms as values;
    duplicates (ignoring case) are dropped. Raises ValueError naming the bad key."""
    checked: dict[str, list[str]] = {}
    for kind, terms in value.items():
        if not _CRISIS_TYPE.match(kind):
            raise ValueError(
                f"{kind!r}: a crisis type id is lowercase letters, digits, '-' and '_'"
            )
        if len(terms) > MAX_TERMS_PER_TYPE:
            raise ValueError(f"{kind}: at most {MAX_TERMS_PER_TYPE} terms")
        seen: set[str] = set()
        kept: list[str] = []
        for index, term in enumerate(terms):
            clean = " ".join(term.split())
            if not clean:
                raise ValueError(f"{kind}[{index}]: a term cannot be blank")
            if len(clean) > MAX_TERM_CHARS:
                raise ValueError(f"{kind}[{index}]: a term is at most {MAX_TERM_CHARS} characters")
            if clean.casefold() not in seen:
                seen.add(clean.casefold())
                kept.append(clean)
        checked[kind] = kept
    return checked


def effective_triggers(configured: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """The built-in lists with the configured types replacing theirs; empty types dropped."""
    merged = {kind: tuple(terms) for kind, terms in DEFAULT_TRIGGERS.items()}
    merged.update((kind, tuple(terms)) for kind, terms in configured.items())
    return {kind: terms for kind, terms in merged.items() if terms}

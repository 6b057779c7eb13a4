"""The `[triggers]` table: words that say what kind of crisis a negative mention is about.

Each crisis type (a playbook's crisis type, e.g. ``service-outage``) has a list of terms in
the languages people post in: English, French, Spanish, Portuguese, German, Italian, Dutch,
Polish, Turkish, Russian, Vietnamese, Tagalog, Indonesian, Hindi (Devanagari and romanized),
Arabic, Persian, Hebrew, Thai, Chinese (simplified and traditional), Japanese and Korean.
Terms match like brand terms: case- and accent-insensitively, as whole words or phrases, and
inside text written without spaces; a term ending in ``*`` also matches longer words that
start with it (``#boycott*`` matches ``#BoycottAcmeAir``); the lists are in ``triggers.toml``
beside this module. A type named in the config file
replaces that type's built-in list (an empty list turns the type off); types not named keep
their built-in lists, so a team only writes down what it wants different.

Folding drops accents and word edges are only Latin letters and digits, so each term here was
chosen to match nothing else once folded: Vietnamese "bê bối" (scandal) is left out because it
folds like "bể bơi" (swimming pool), and a Cyrillic, Arabic, Hebrew, Devanagari, Thai or CJK
term matches inside longer words, so it must not be part of a common unrelated word ("иск" is
in "поиск", "שקר" in "שקרה").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

CRISIS_TYPE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_CRISIS_TYPE = re.compile(CRISIS_TYPE_PATTERN)
MAX_TERMS_PER_TYPE = 400
"""A configured type replaces its built-in list, so a team extending one copies it: the
limit leaves room above the longest built-in list (about 200 terms)."""
MAX_TERM_CHARS = 80

BUILT_IN = Path(__file__).with_name("triggers.toml")
"""The built-in lists: data, one list per crisis type with its languages in comments."""


def _built_in() -> dict[str, tuple[str, ...]]:
    with BUILT_IN.open("rb") as handle:
        return {kind: tuple(terms) for kind, terms in tomllib.load(handle).items()}


DEFAULT_TRIGGERS: dict[str, tuple[str, ...]] = _built_in()
"""Built-in terms per crisis type; every type is a crisis type of a shipped playbook."""


def check_triggers(value: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Validate a `[triggers]` table: crisis type ids as keys, non-blank terms as values;
    duplicates (ignoring case) are dropped. Raises ValueError naming every bad key and term,
    one per line."""
    checked: dict[str, list[str]] = {}
    problems: list[str] = []
    for kind, terms in value.items():
        name = kind  # a bad id is quoted, so a line break or an escape in it is shown, not run
        if not _CRISIS_TYPE.match(kind):
            name = repr(kind)
            problems.append(f"{name}: a crisis type id is lowercase letters, digits, '-' and '_'")
        if len(terms) > MAX_TERMS_PER_TYPE:
            problems.append(f"{name}: at most {MAX_TERMS_PER_TYPE} terms")
        seen: set[str] = set()
        kept: list[str] = []
        for index, term in enumerate(terms):
            clean = " ".join(term.split())
            if not clean:
                problems.append(f"{name}[{index}]: a term cannot be blank")
            elif len(clean) > MAX_TERM_CHARS:
                problems.append(f"{name}[{index}]: a term is at most {MAX_TERM_CHARS} characters")
            elif clean.casefold() not in seen:
                seen.add(clean.casefold())
                kept.append(clean)
        checked[kind] = kept
    if problems:
        raise ValueError("\n".join(problems))
    return checked


def effective_triggers(configured: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """The built-in lists with the configured types replacing theirs; empty types dropped."""
    merged = {kind: tuple(terms) for kind, terms in DEFAULT_TRIGGERS.items()}
    merged.update((kind, tuple(terms)) for kind, terms in configured.items())
    return {kind: terms for kind, terms in merged.items() if terms}

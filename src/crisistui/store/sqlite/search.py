"""The feed's filter on SQLite: FTS5 (``mention_text``, schema 7; texts in their search form
from schema 15, ``domain.search_text``) for words and authors,
and columns written ``+m.x`` so SQLite keeps to the time index on a walk (the walk itself is
``tables.search``)."""

from __future__ import annotations

from crisistui.domain.feed_query import FeedQuery, Phrase
from crisistui.domain.search_text import search_form
from crisistui.store.tables.search import Searching, TextMatch, column_conditions

_MATCHING = "SELECT rowid FROM mention_text WHERE mention_text MATCH ?"


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_phrase(phrase: Phrase) -> str:
    return _fts_string(search_form(phrase.text)) + (" *" if phrase.prefix else "")


def match_expression(query: FeedQuery) -> str | None:
    """The full-text expression for the query's words and authors, or None if it has none."""
    parts = []
    indexed = [p for p in query.phrases if not p.spaceless]
    if indexed:
        parts.append("text : (" + " ".join(_fts_phrase(p) for p in indexed) + ")")
    if query.authors:
        parts.append("(" + " OR ".join(f"author : {_fts_string(a)}" for a in query.authors) + ")")
    return " AND ".join(parts) or None


class SearchTables(Searching):
    """The feed's filter on SQLite."""

    _by_time = "INDEXED BY mentions_created"
    _no_index = "NOT INDEXED"
    _plus = "+"

    async def _text_match(self, query: FeedQuery) -> TextMatch | None:
        expression = match_expression(query)
        if expression is None:
            return None
        return TextMatch(_MATCHING, (expression,), "rowid")

    def _column_conditions(self, query: FeedQuery) -> tuple[list[str], list[object]]:
        return column_conditions(query, plus="+", nocase="{} = ? COLLATE NOCASE")

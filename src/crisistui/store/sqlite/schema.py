"""Schema migrations, applied in order; ``PRAGMA user_version`` records how far a file is."""

from __future__ import annotations

from crisistui.domain.copies import RETWEET_SQL
from crisistui.domain.search_text import SEARCH_FORMS, changed_characters

MIGRATIONS: list[str] = [
    # 1: mentions with per-minute rollups kept current by a trigger, checklist state, timeline.
    """
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        ingested_at INTEGER NOT NULL,
        subject TEXT NOT NULL,
        is_competitor INTEGER NOT NULL,
        text TEXT NOT NULL,
        author TEXT,
        author_followers INTEGER,
        url TEXT,
        lang TEXT,
        likes INTEGER,
        reposts INTEGER,
        replies INTEGER,
        sentiment REAL NOT NULL,
        label TEXT NOT NULL CHECK (label IN ('positive', 'neutral', 'negative')),
        reach INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        UNIQUE (source, external_id)
    );
    CREATE INDEX mentions_created ON mentions (created_at);
    CREATE INDEX mentions_fingerprint ON mentions (fingerprint);

    CREATE TABLE rollups (
        subject TEXT NOT NULL,
        minute INTEGER NOT NULL,
        volume INTEGER NOT NULL,
        positive INTEGER NOT NULL,
        negative INTEGER NOT NULL,
        neutral INTEGER NOT NULL,
        sentiment_sum REAL NOT NULL,
        reach_sum INTEGER NOT NULL,
        negative_reach INTEGER NOT NULL,
        PRIMARY KEY (subject, minute)
    ) WITHOUT ROWID;

    CREATE TRIGGER mentions_rollup AFTER INSERT ON mentions BEGIN
        INSERT INTO rollups (subject, minute, volume, positive, negative, neutral,
                             sentiment_sum, reach_sum, negative_reach)
        VALUES (NEW.subject, NEW.created_at / 60, 1,
                NEW.label = 'positive', NEW.label = 'negative', NEW.label = 'neutral',
                NEW.sentiment, NEW.reach,
                CASE WHEN NEW.label = 'negative' THEN NEW.reach ELSE 0 END)
        ON CONFLICT (subject, minute) DO UPDATE SET
            volume = volume + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            neutral = neutral + excluded.neutral,
            sentiment_sum = sentiment_sum + excluded.sentiment_sum,
            reach_sum = reach_sum + excluded.reach_sum,
            negative_reach = negative_reach + excluded.negative_reach;
    END;

    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        crisis_type TEXT NOT NULL,
        playbook TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'investigating',
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL,
        resolved_at INTEGER,
        is_drill INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE task_states (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        task_id TEXT NOT NULL,
        done INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, task_id)
    ) WITHOUT ROWID;

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        incident_id INTEGER REFERENCES incidents (id),
        summary TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_incident ON events (incident_id, at);

    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN
        SELECT RAISE(ABORT, 'timeline events are never edited');
    END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN
        SELECT RAISE(ABORT, 'timeline events are never deleted');
    END;
    """,
    # 2: the collector's heartbeat: health of every source, for consoles that only read and
    # for `crisistui status`.
    """
    CREATE TABLE source_health (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        last_ok INTEGER,
        last_error TEXT,
        last_error_at INTEGER,
        next_poll INTEGER,
        fetched_last_poll INTEGER NOT NULL,
        new_last_poll INTEGER NOT NULL,
        new_total INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # 3: the response workflow: severity, lessons, milestones, roles, task extras (assignee,
    # notes, ad-hoc tasks), statements with approval, and mention triage. Every change to these
    # also goes on the (append-only) timeline, in the same transaction.
    """
    ALTER TABLE incidents ADD COLUMN severity TEXT
        CHECK (severity IS NULL OR severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4'));
    ALTER TABLE incidents ADD COLUMN lessons TEXT NOT NULL DEFAULT '';
    CREATE INDEX incidents_open ON incidents (resolved_at, id);

    CREATE TABLE milestones (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        name TEXT NOT NULL CHECK (name IN ('detected', 'acknowledged', 'first_public_response',
                                           'mitigated', 'resolved')),
        at INTEGER NOT NULL,
        set_at INTEGER NOT NULL,
        set_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, name)
    ) WITHOUT ROWID;

    CREATE TABLE roles (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        role TEXT NOT NULL,
        person TEXT NOT NULL,
        assigned_at INTEGER NOT NULL,
        assigned_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, role)
    ) WITHOUT ROWID;

    CREATE TABLE task_assignees (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        task_id TEXT NOT NULL,
        assignee TEXT NOT NULL,
        assigned_at INTEGER NOT NULL,
        assigned_by TEXT NOT NULL,
        PRIMARY KEY (incident_id, task_id)
    ) WITHOUT ROWID;

    CREATE TABLE task_notes (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        task_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX task_notes_task ON task_notes (incident_id, task_id, id);

    CREATE TABLE adhoc_tasks (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        title TEXT NOT NULL,
        phase TEXT NOT NULL,
        role TEXT NOT NULL,
        mandatory INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE INDEX adhoc_tasks_incident ON adhoc_tasks (incident_id, id);

    CREATE TABLE statements (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        template_id TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'draft'
            CHECK (state IN ('draft', 'approval_requested', 'approved', 'published')),
        channel TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        approver TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        approved_at INTEGER,
        published_at INTEGER
    );
    CREATE INDEX statements_incident ON statements (incident_id, id);

    CREATE TABLE mention_triage (
        mention_id INTEGER PRIMARY KEY REFERENCES mentions (id),
        incident_id INTEGER REFERENCES incidents (id),
        state TEXT NOT NULL
            CHECK (state IN ('acknowledged', 'replied', 'dismissed', 'assigned')),
        assignee TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        template_id TEXT,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL
    );
    CREATE INDEX mention_triage_incident ON mention_triage (incident_id);
    """,
    # 4: rollups of every subject for a time range (charts, the engine) without a full scan.
    """
    CREATE INDEX rollups_minute ON rollups (minute);
    """,
    # 5: trigger terms. Each mention keeps the (crisis type, term) pairs found in it (NULL for
    # mentions stored before terms were matched), per-minute trigger rollups are kept by a
    # trigger like the others, and the rollups count the negatives that were scanned for terms,
    # so a term's usual share is learned only from minutes where terms were looked for.
    """
    ALTER TABLE mentions ADD COLUMN triggers TEXT;
    ALTER TABLE rollups ADD COLUMN scanned_negative INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE trigger_rollups (
        minute INTEGER NOT NULL,
        subject TEXT NOT NULL,
        crisis_type TEXT NOT NULL,
        term TEXT NOT NULL,
        volume INTEGER NOT NULL,
        negative INTEGER NOT NULL,
        PRIMARY KEY (minute, subject, crisis_type, term)
    ) WITHOUT ROWID;

    DROP TRIGGER mentions_rollup;
    CREATE TRIGGER mentions_rollup AFTER INSERT ON mentions BEGIN
        INSERT INTO rollups (subject, minute, volume, positive, negative, neutral,
                             sentiment_sum, reach_sum, negative_reach, scanned_negative)
        VALUES (NEW.subject, NEW.created_at / 60, 1,
                NEW.label = 'positive', NEW.label = 'negative', NEW.label = 'neutral',
                NEW.sentiment, NEW.reach,
                CASE WHEN NEW.label = 'negative' THEN NEW.reach ELSE 0 END,
                NEW.label = 'negative' AND NEW.triggers IS NOT NULL)
        ON CONFLICT (subject, minute) DO UPDATE SET
            volume = volume + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            neutral = neutral + excluded.neutral,
            sentiment_sum = sentiment_sum + excluded.sentiment_sum,
            reach_sum = reach_sum + excluded.reach_sum,
            negative_reach = negative_reach + excluded.negative_reach,
            scanned_negative = scanned_negative + excluded.scanned_negative;
    END;

    CREATE TRIGGER mentions_trigger_rollup AFTER INSERT ON mentions
    WHEN NEW.triggers IS NOT NULL AND NEW.triggers <> '[]' BEGIN
        INSERT INTO trigger_rollups (minute, subject, crisis_type, term, volume, negative)
        SELECT NEW.created_at / 60, NEW.subject, json_extract(value, '$[0]'),
               json_extract(value, '$[1]'), 1, NEW.label = 'negative'
        FROM json_each(NEW.triggers) WHERE true
        ON CONFLICT (minute, subject, crisis_type, term) DO UPDATE SET
            volume = volume + 1,
            negative = negative + excluded.negative;
    END;
    """,
    # 6: facts about the file itself; "purpose" = "drill" marks a rehearsal database, where
    # every incident is a drill whichever console opens it.
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 7: a full-text index of mention texts and authors, so the feed's filter finds words and
    # people over the whole history without reading it. It holds no copy (the mentions table is
    # its content), folds case and accents, and is filled from the mentions already stored; the
    # triggers keep it in step with every later change.
    """
    CREATE VIRTUAL TABLE mention_text USING fts5(
        text, author, content = 'mentions', content_rowid = 'id', columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO mention_text (mention_text) VALUES ('rebuild');

    CREATE TRIGGER mentions_text_insert AFTER INSERT ON mentions BEGIN
        INSERT INTO mention_text (rowid, text, author) VALUES (NEW.id, NEW.text, NEW.author);
    END;
    CREATE TRIGGER mentions_text_delete AFTER DELETE ON mentions BEGIN
        INSERT INTO mention_text (mention_text, rowid, text, author)
        VALUES ('delete', OLD.id, OLD.text, OLD.author);
    END;
    CREATE TRIGGER mentions_text_update AFTER UPDATE OF text, author ON mentions BEGIN
        INSERT INTO mention_text (mention_text, rowid, text, author)
        VALUES ('delete', OLD.id, OLD.text, OLD.author);
        INSERT INTO mention_text (rowid, text, author) VALUES (NEW.id, NEW.text, NEW.author);
    END;
    """,
    # 8: when anything last arrived (`status` says a silent database is stale) without reading
    # every mention: the newest ingest time is the last entry of this index.
    """
    CREATE INDEX mentions_ingested ON mentions (ingested_at);
    """,
    # 9: languages. A mention in a language no analyser reads is 'unscored' (counted, never
    # passed off as neutral); the language's confidence is kept; rollups count the unscored,
    # and per-language rollups let the engine and the why screen see a surge in any language.
    # The label's CHECK is widened in place (SQLite's documented writable_schema procedure for
    # relaxing a constraint: no row changes, so no table rebuild on a million mentions).
    # Language codes stored before are mapped to ISO 639-1 as new ones are.
    """
    PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = replace(sql,
        'CHECK (label IN (''positive'', ''neutral'', ''negative''))',
        'CHECK (label IN (''positive'', ''neutral'', ''negative'', ''unscored''))')
    WHERE type = 'table' AND name = 'mentions';
    PRAGMA schema_version = next;
    PRAGMA writable_schema = OFF;

    ALTER TABLE mentions ADD COLUMN lang_confidence REAL;
    UPDATE mentions SET lang = CASE
        WHEN lang IN ('arz', 'ary', 'arb', 'apc', 'ajp', 'acm', 'aeb') THEN 'ar'
        WHEN lang IN ('yue', 'wuu', 'cmn', 'lzh', 'hak', 'nan') THEN 'zh'
        WHEN lang IN ('fil', 'tgl') THEN 'tl'
        WHEN lang IN ('pes', 'prs') THEN 'fa'
        WHEN lang = 'uzs' THEN 'uz'
        WHEN lang = 'gug' THEN 'gn'
        WHEN lang = 'hbo' THEN 'he'
        WHEN lang = 'grc' THEN 'el'
        WHEN lang = 'zxx' THEN NULL
        ELSE lower(substr(lang, 1, instr(lang || '-', '-') - 1)) END
    WHERE lang IS NOT NULL AND (length(lang) <> 2 OR lang <> lower(lang));

    ALTER TABLE rollups ADD COLUMN unscored INTEGER NOT NULL DEFAULT 0;
    DROP TRIGGER mentions_rollup;
    CREATE TRIGGER mentions_rollup AFTER INSERT ON mentions BEGIN
        INSERT INTO rollups (subject, minute, volume, positive, negative, neutral,
                             sentiment_sum, reach_sum, negative_reach, scanned_negative,
                             unscored)
        VALUES (NEW.subject, NEW.created_at / 60, 1,
                NEW.label = 'positive', NEW.label = 'negative', NEW.label = 'neutral',
                NEW.sentiment, NEW.reach,
                CASE WHEN NEW.label = 'negative' THEN NEW.reach ELSE 0 END,
                NEW.label = 'negative' AND NEW.triggers IS NOT NULL,
                NEW.label = 'unscored')
        ON CONFLICT (subject, minute) DO UPDATE SET
            volume = volume + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            neutral = neutral + excluded.neutral,
            sentiment_sum = sentiment_sum + excluded.sentiment_sum,
            reach_sum = reach_sum + excluded.reach_sum,
            negative_reach = negative_reach + excluded.negative_reach,
            scanned_negative = scanned_negative + excluded.scanned_negative,
            unscored = unscored + excluded.unscored;
    END;

    CREATE TABLE language_rollups (
        minute INTEGER NOT NULL,
        subject TEXT NOT NULL,
        lang TEXT NOT NULL,
        volume INTEGER NOT NULL,
        positive INTEGER NOT NULL,
        negative INTEGER NOT NULL,
        unscored INTEGER NOT NULL,
        sentiment_sum REAL NOT NULL,
        PRIMARY KEY (minute, subject, lang)
    ) WITHOUT ROWID;
    INSERT INTO language_rollups
        SELECT created_at / 60, subject, coalesce(lang, ''), count(*), sum(label = 'positive'),
               sum(label = 'negative'), 0, sum(sentiment)
        FROM mentions GROUP BY 1, 2, 3;
    CREATE TRIGGER mentions_language_rollup AFTER INSERT ON mentions BEGIN
        INSERT INTO language_rollups (minute, subject, lang, volume, positive, negative,
                                      unscored, sentiment_sum)
        VALUES (NEW.created_at / 60, NEW.subject, coalesce(NEW.lang, ''), 1,
                NEW.label = 'positive', NEW.label = 'negative', NEW.label = 'unscored',
                NEW.sentiment)
        ON CONFLICT (minute, subject, lang) DO UPDATE SET
            volume = volume + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            unscored = unscored + excluded.unscored,
            sentiment_sum = sentiment_sum + excluded.sentiment_sum;
    END;
    """,
    # 10: analytics over any period (the console's analytics view). Each mention keeps the
    # words it is counted under (JSON: hashtags, then content words; ``domain/words.py``) and
    # the domain of its link, both worked out when it is stored; ``facet_hours`` and
    # ``facet_days`` count mentions per source (kind 's'), language ('l', '' unknown), domain
    # ('d'), hashtag ('t') and word ('w') per hour and per day, so a month is read from a few
    # thousand rows; ``author_totals`` holds each author's mentions and reach over the whole
    # history (subject '' for every subject), the bound that lets the top authors of a long
    # period be found without reading it (no index beyond its key: one on the totals would be
    # rewritten by every insert, at three times the cost of reading them all when asked); two
    # covering indexes of the mentions answer per author and per time.
    # Mentions stored before get their words and domain, and these tables their rows, in
    # the same upgrade (``tables/analytics.py``: ``backfill_analytics``).
    """
    ALTER TABLE mentions ADD COLUMN words TEXT;
    ALTER TABLE mentions ADD COLUMN domain TEXT;

    CREATE TABLE facet_hours (
        hour INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        value TEXT NOT NULL,
        volume INTEGER NOT NULL,
        negative INTEGER NOT NULL,
        reach INTEGER NOT NULL,
        PRIMARY KEY (kind, hour, subject, value)
    ) WITHOUT ROWID;
    CREATE TABLE facet_days (
        day INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        value TEXT NOT NULL,
        volume INTEGER NOT NULL,
        negative INTEGER NOT NULL,
        reach INTEGER NOT NULL,
        PRIMARY KEY (kind, day, subject, value)
    ) WITHOUT ROWID;
    CREATE TABLE author_totals (
        subject TEXT NOT NULL,
        author TEXT NOT NULL,
        volume INTEGER NOT NULL,
        reach INTEGER NOT NULL,
        PRIMARY KEY (subject, author)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_author ON mentions (author, created_at, subject, reach);
    CREATE INDEX mentions_time_author ON mentions (created_at, subject, author, reach);

    CREATE TRIGGER mentions_facet_hours AFTER INSERT ON mentions BEGIN
        INSERT INTO facet_hours (hour, kind, subject, value, volume, negative, reach)
        SELECT NEW.created_at / 3600, kind, NEW.subject, value, 1, NEW.label = 'negative',
               NEW.reach
        FROM (SELECT 's' AS kind, NEW.source AS value
              UNION ALL SELECT 'l', coalesce(NEW.lang, '')
              UNION ALL SELECT 'd', NEW.domain WHERE NEW.domain IS NOT NULL
              UNION ALL SELECT CASE WHEN substr(value, 1, 1) = '#' THEN 't' ELSE 'w' END, value
                        FROM json_each(coalesce(NEW.words, '[]')))
        WHERE true
        ON CONFLICT (kind, hour, subject, value) DO UPDATE SET
            volume = volume + 1,
            negative = negative + excluded.negative,
            reach = reach + excluded.reach;
    END;
    CREATE TRIGGER mentions_facet_days AFTER INSERT ON mentions BEGIN
        INSERT INTO facet_days (day, kind, subject, value, volume, negative, reach)
        SELECT NEW.created_at / 86400, kind, NEW.subject, value, 1, NEW.label = 'negative',
               NEW.reach
        FROM (SELECT 's' AS kind, NEW.source AS value
              UNION ALL SELECT 'l', coalesce(NEW.lang, '')
              UNION ALL SELECT 'd', NEW.domain WHERE NEW.domain IS NOT NULL
              UNION ALL SELECT CASE WHEN substr(value, 1, 1) = '#' THEN 't' ELSE 'w' END, value
                        FROM json_each(coalesce(NEW.words, '[]')))
        WHERE true
        ON CONFLICT (kind, day, subject, value) DO UPDATE SET
            volume = volume + 1,
            negative = negative + excluded.negative,
            reach = reach + excluded.reach;
    END;
    CREATE TRIGGER mentions_author_totals AFTER INSERT ON mentions
    WHEN NEW.author IS NOT NULL BEGIN
        INSERT INTO author_totals (subject, author, volume, reach)
        VALUES (NEW.subject, NEW.author, 1, NEW.reach), ('', NEW.author, 1, NEW.reach)
        ON CONFLICT (subject, author) DO UPDATE SET
            volume = volume + 1,
            reach = reach + excluded.reach;
    END;
    """,
    # 11: appended below (``_facet_triggers``), being built from the facet statements.
]

FACET_GRAINS = (("hour", 3600), ("day", 86400))
"""The facet tables' buckets: ``facet_hours`` by hour, ``facet_days`` by day (epoch / seconds)."""
NEW_MENTION = (
    "(SELECT NEW.created_at AS created_at, NEW.subject AS subject, NEW.source AS source, "
    "NEW.lang AS lang, NEW.domain AS domain, NEW.words AS words, NEW.label AS label, "
    "NEW.reach AS reach)"
)
"""The inserted row as a table, so a trigger runs the statement written for ``mentions``."""


def _facet_entries(mentions: str, where: str, seconds: int) -> str:
    """Every facet a mention (``m``) is counted under, one row each (kind, bucket, subject,
    value, negative, reach): its source, its language, its link's domain, each hashtag and
    word."""
    return f"""
        SELECT 's' AS kind, m.created_at / {seconds} AS bucket, m.subject AS subject,
               m.source AS value, m.label = 'negative' AS negative, m.reach AS reach
        FROM {mentions} AS m WHERE {where}
        UNION ALL
        SELECT 'l', m.created_at / {seconds}, m.subject, coalesce(m.lang, ''),
               m.label = 'negative', m.reach FROM {mentions} AS m WHERE {where}
        UNION ALL
        SELECT 'd', m.created_at / {seconds}, m.subject, m.domain, m.label = 'negative', m.reach
        FROM {mentions} AS m WHERE {where} AND m.domain IS NOT NULL
        UNION ALL
        SELECT CASE WHEN substr(w.value, 1, 1) = '#' THEN 't' ELSE 'w' END,
               m.created_at / {seconds}, m.subject, w.value, m.label = 'negative', m.reach
        FROM {mentions} AS m, json_each(coalesce(m.words, '[]')) AS w WHERE {where}"""


_ADD_FACETS = """
    ON CONFLICT (kind, {grain}, subject, value) DO UPDATE SET
        volume = volume + excluded.volume,
        negative = negative + excluded.negative,
        reach = reach + excluded.reach"""


def count_facets(grain: str, seconds: int, mentions: str = "mentions") -> str:
    """Add the facets of ``mentions`` to ``facet_{grain}s``: one upsert per (bucket, facet),
    the same counts as one per mention and facet."""
    return f"""
    INSERT INTO facet_{grain}s (kind, {grain}, subject, value, volume, negative, reach)
    SELECT kind, bucket, subject, value, count(*), sum(negative), sum(reach) FROM (
        {_facet_entries(mentions, "true", seconds)}
    ) AS f GROUP BY kind, bucket, subject, value{_ADD_FACETS.format(grain=grain)}
    """


BACKFILL_FACETS = [count_facets(grain, seconds) for grain, seconds in FACET_GRAINS]
"""Fills the facet tables from the mentions stored before migration 10 (words and domains
first set by ``tables.analytics.backfill_analytics``)."""

BATCH_FACETS = "incoming_facets"
CREATE_BATCH_FACETS = (
    f"CREATE TEMP TABLE IF NOT EXISTS {BATCH_FACETS} "
    "(kind, hour, subject, value, volume, negative, reach)"
)
"""A batch's hourly facet counts, on their way into ``facet_hours`` and ``facet_days``."""
_BATCH_FACETS = [
    f"""
    INSERT INTO temp.{BATCH_FACETS} (kind, hour, subject, value, volume, negative, reach)
    SELECT kind, bucket, subject, value, count(*), sum(negative), sum(reach) FROM (
        {_facet_entries("main.mentions", "m.id > ?1", 3600)}
    ) AS f GROUP BY kind, bucket, subject, value
    """,
    f"""
    INSERT INTO main.facet_hours (kind, hour, subject, value, volume, negative, reach)
    SELECT kind, hour, subject, value, volume, negative, reach FROM temp.{BATCH_FACETS}
    WHERE true{_ADD_FACETS.format(grain="hour")}
    """,
    # a day is 24 whole hours, and truncating twice is truncating once (created_at / 3600 / 24
    # = created_at / 86400 in SQLite's integer division, before 1970 too)
    f"""
    INSERT INTO main.facet_days (kind, day, subject, value, volume, negative, reach)
    SELECT kind, hour / 24, subject, value, sum(volume), sum(negative), sum(reach)
    FROM temp.{BATCH_FACETS} GROUP BY kind, hour / 24, subject, value{
        _ADD_FACETS.format(grain="day")
    }
    """,
    f"DELETE FROM temp.{BATCH_FACETS}",
]


def count_batch_facets(before: int) -> list[tuple[str, tuple[int, ...]]]:
    """How ``add_mentions`` counts the facets of the mentions it added (ids above ``before``):
    grouped by hour once, the days summed from the hours, a row written per (bucket, facet)
    instead of one per mention and facet (a mention has about ten facets)."""
    return [(sql, (before,) if "?1" in sql else ()) for sql in _BATCH_FACETS]


COUNTED_BY_BATCH = "NOT EXISTS (SELECT 1 FROM ingest_batch)"
"""The per-row facet triggers' condition: no batch is counting itself (``ingest_batch``
holds a row only inside ``add_mentions``' own transaction, so no other connection sees one)."""


def _facet_triggers() -> str:
    """Migration 11: ``add_mentions`` counts each batch's facets itself
    (``COUNT_BATCH_FACETS``); the per-row triggers stay, on a condition, for rows any other
    writer inserts (``migrate``, a script), so every count still equals a recount."""
    statements = ["CREATE TABLE ingest_batch (id INTEGER PRIMARY KEY);"]
    for grain, seconds in FACET_GRAINS:
        name = f"mentions_facet_{grain}s"
        statements += [
            f"DROP TRIGGER {name};",
            f"CREATE TRIGGER {name} AFTER INSERT ON mentions WHEN {COUNTED_BY_BATCH} BEGIN"
            f"{count_facets(grain, seconds, NEW_MENTION).rstrip()};\nEND;",
        ]
    return "\n".join(statements)


MIGRATIONS.append(_facet_triggers())
# 12: each hostile mention's copy key (``domain.copies``), so the campaign watch has the
# database group a window by key; the last day's mentions get theirs in the same upgrade
# (``tables.mentions.backfill_copy_keys``).
MIGRATIONS.append("ALTER TABLE mentions ADD COLUMN copy_key TEXT;")
COPY_KEY_MIGRATION = len(MIGRATIONS)
# 13: what a source's last successful poll left out and why (items skipped, and the first
# one's problem), so `status` and a console that only reads show it as the collector does.
MIGRATIONS.append("ALTER TABLE source_health ADD COLUMN note TEXT;")
# 14: the fingerprint index carries the time too, so a batch finds a post it already holds
# under another id (``add_mentions``) with one probe, however many copies a campaign made.
MIGRATIONS.append(
    "DROP INDEX mentions_fingerprint;\n"
    "CREATE INDEX mentions_fingerprint ON mentions (fingerprint, created_at);"
)


SEARCH_FORM_CHUNK = 16
"""Replacements nested in one expression: SQLite's parser takes about 30 at most."""


def _search_form(column: str) -> str:
    """SQL of ``domain.search_text.search_form(column)``, for migration 15's backfill only: a
    ``replace`` for each letter, in nested subqueries of ``SEARCH_FORM_CHUNK`` (about 30 µs a
    text, where the writer's Python takes under one)."""
    inner = f"SELECT {column} AS x"
    for first in range(0, len(SEARCH_FORMS), SEARCH_FORM_CHUNK):
        expression = "x"
        for old, new in SEARCH_FORMS[first : first + SEARCH_FORM_CHUNK]:
            expression = f"replace({expression}, '{old}', '{new}')"
        inner = f"SELECT {expression} AS x FROM ({inner})"
    return f"({inner})"


def _searched_text() -> str:
    """Migration 15: each mention may carry ``search_text``, its text in its search form
    (``domain.search_text``; NULL when that is the text as written, as for most), written by
    the store with the mention; the full-text index holds it instead of the text. The
    mentions already stored get theirs here (those holding an Arabic-script letter or one of
    the Latin letters the form changes), and are taken out of the index as they were written
    and put back in that form. The form's table is frozen here, as it was when this ran."""
    indexed_new = "coalesce(NEW.search_text, NEW.text)"
    indexed_old = "coalesce(OLD.search_text, OLD.text)"
    stale = (
        "NEW.text IS NOT OLD.text AND NEW.search_text IS OLD.search_text "
        "AND NEW.search_text IS NOT NULL"
    )
    others = "".join(c for c in changed_characters() if not 0x0600 <= ord(c) <= 0x06FF)
    candidates = f"text GLOB '*[\u0600-\u06ff{others}]*'"
    return f"""
    ALTER TABLE mentions ADD COLUMN search_text TEXT;
    DROP TRIGGER mentions_text_insert;
    DROP TRIGGER mentions_text_delete;
    DROP TRIGGER mentions_text_update;
    CREATE TRIGGER mentions_text_insert AFTER INSERT ON mentions BEGIN
        INSERT INTO mention_text (rowid, text, author)
        VALUES (NEW.id, {indexed_new}, NEW.author);
    END;
    CREATE TRIGGER mentions_text_delete AFTER DELETE ON mentions BEGIN
        INSERT INTO mention_text (mention_text, rowid, text, author)
        VALUES ('delete', OLD.id, {indexed_old}, OLD.author);
    END;
    CREATE TRIGGER mentions_text_update AFTER UPDATE OF text, author, search_text ON mentions
    BEGIN
        INSERT INTO mention_text (mention_text, rowid, text, author)
        VALUES ('delete', OLD.id, {indexed_old}, OLD.author);
        INSERT INTO mention_text (rowid, text, author)
        VALUES (NEW.id, CASE WHEN {stale} THEN NEW.text ELSE {indexed_new} END, NEW.author);
        -- a text changed by another program without its search form: the form is dropped
        -- (the index now holds the text as written), so what is indexed stays the form or,
        -- without one, the text (triggers do not fire themselves again)
        UPDATE mentions SET search_text = NULL WHERE id = NEW.id AND {stale};
    END;
    UPDATE mentions SET search_text = {_search_form("text")}
    WHERE {candidates} AND {_search_form("text")} <> text;
    """


# 15: the feed filter's index holds each text in its search form: the letters people type
# either way (Turkish ı, Polish ł, German ß, Vietnamese đ, Arabic alef with or without hamza,
# yeh and kaf, Arabic-Indic digits; vowel marks, tatweel and the Persian half-space left out)
# are one, as every typed word is searched.
MIGRATIONS.append(_searched_text())


def _echoes(added: bool = True) -> str:
    """Migration 16: each minute's negatives that are declared reposts (``Rollup.echoes``),
    counted as they are written and, for the mentions stored before, in the same upgrade;
    ``added`` False (18) counts them again, by today's test, in a column already there."""
    echo = RETWEET_SQL.format(text="NEW.text")
    stored = RETWEET_SQL.format(text="text")
    column = (
        "ALTER TABLE rollups ADD COLUMN echoes INTEGER NOT NULL DEFAULT 0;"
        if added
        else "UPDATE rollups SET echoes = 0 WHERE echoes <> 0;"
    )
    return f"""
    {column}
    UPDATE rollups SET echoes = e.n
    FROM (SELECT subject, created_at / 60 AS minute, count(*) AS n FROM mentions
          WHERE label = 'negative' AND {stored} GROUP BY 1, 2) AS e
    WHERE rollups.subject = e.subject AND rollups.minute = e.minute;
    DROP TRIGGER mentions_rollup;
    CREATE TRIGGER mentions_rollup AFTER INSERT ON mentions BEGIN
        INSERT INTO rollups (subject, minute, volume, positive, negative, neutral,
                             sentiment_sum, reach_sum, negative_reach, scanned_negative,
                             unscored, echoes)
        VALUES (NEW.subject, NEW.created_at / 60, 1,
                NEW.label = 'positive', NEW.label = 'negative', NEW.label = 'neutral',
                NEW.sentiment, NEW.reach,
                CASE WHEN NEW.label = 'negative' THEN NEW.reach ELSE 0 END,
                NEW.label = 'negative' AND NEW.triggers IS NOT NULL,
                NEW.label = 'unscored',
                NEW.label = 'negative' AND {echo})
        ON CONFLICT (subject, minute) DO UPDATE SET
            volume = volume + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            neutral = neutral + excluded.neutral,
            sentiment_sum = sentiment_sum + excluded.sentiment_sum,
            reach_sum = reach_sum + excluded.reach_sum,
            negative_reach = negative_reach + excluded.negative_reach,
            scanned_negative = scanned_negative + excluded.scanned_negative,
            unscored = unscored + excluded.unscored,
            echoes = echoes + excluded.echoes;
    END;
    """


def _term_echoes() -> str:
    """Migration 18: Weibo reposts ("…//@someone: …") are echoes too (``is_retweet``), and
    each minute's trigger terms count the negatives that are echoes apart
    (``TriggerRollup.echoes``), so a term a big account's complaint carries does not surge
    with every repost of it; the mentions stored before are counted in the same upgrade."""
    echo = RETWEET_SQL.format(text="NEW.text")
    stored = RETWEET_SQL.format(text="m.text")
    return (
        _echoes(added=False)
        + f"""
    ALTER TABLE trigger_rollups ADD COLUMN echoes INTEGER NOT NULL DEFAULT 0;
    UPDATE trigger_rollups SET echoes = e.n
    FROM (SELECT m.created_at / 60 AS minute, m.subject AS subject,
                 json_extract(hit.value, '$[0]') AS crisis_type,
                 json_extract(hit.value, '$[1]') AS term, count(*) AS n
          FROM mentions AS m, json_each(m.triggers) AS hit
          WHERE m.label = 'negative' AND m.triggers IS NOT NULL AND m.triggers <> '[]'
            AND {stored}
          GROUP BY 1, 2, 3, 4) AS e
    WHERE trigger_rollups.minute = e.minute AND trigger_rollups.subject = e.subject
      AND trigger_rollups.crisis_type = e.crisis_type AND trigger_rollups.term = e.term;
    DROP TRIGGER mentions_trigger_rollup;
    CREATE TRIGGER mentions_trigger_rollup AFTER INSERT ON mentions
    WHEN NEW.triggers IS NOT NULL AND NEW.triggers <> '[]' BEGIN
        INSERT INTO trigger_rollups (minute, subject, crisis_type, term, volume, negative,
                                     echoes)
        SELECT NEW.created_at / 60, NEW.subject, json_extract(value, '$[0]'),
               json_extract(value, '$[1]'), 1, NEW.label = 'negative',
               NEW.label = 'negative' AND {echo}
        FROM json_each(NEW.triggers) WHERE true
        ON CONFLICT (minute, subject, crisis_type, term) DO UPDATE SET
            volume = volume + 1,
            negative = negative + excluded.negative,
            echoes = echoes + excluded.echoes;
    END;
    """
    )


# 16: each minute's negatives that are retweets of another's post, which the severity engine
# takes as echoes of a complaint rather than complaints of their own.
MIGRATIONS.append(_echoes())

# 17: the validators of each source's last response read whole, for a later run's first poll.
MIGRATIONS.append(
    "ALTER TABLE source_health ADD COLUMN etag TEXT;\n"
    "ALTER TABLE source_health ADD COLUMN last_modified TEXT;"
)

# 18: Weibo reposts are echoes too, and each minute's trigger terms count their echoes apart.
MIGRATIONS.append(_term_echoes())

# 19: the search form writes Arabic's ending ة as ه (``domain.search_text``): the mentions that
# hold it get their search form and are indexed in it again (the update trigger of 15 takes
# each out of the index as it was, and puts it back in the new form).
MIGRATIONS.append(
    f"UPDATE mentions SET search_text = {_search_form('text')} WHERE text GLOB '*\u0629*';"
)

ANALYTICS_MIGRATION = 10
"""The migration after which mentions stored before get their words, domain and analytics
rows (a step in Python: the words are worked out as at ingest)."""

SCHEMA_VERSION = len(MIGRATIONS)

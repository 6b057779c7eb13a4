"""The PostgreSQL schema: the SQLite store's final schema (``store/sqlite/schema.py``, every
migration applied) in PostgreSQL's terms, for the PostgreSQL backend.

Tables, columns, keys, constraints and indexes are SQLite's, with the same names and meanings
(an index holds ``id`` where SQLite's holds the rowid implicitly: ``mentions_created`` is on
``(created_at, id)``, the order the feed reads, and carries the columns its filter tests):
times are whole epoch seconds (``bigint``), every integer is a ``bigint`` as in SQLite (flags
such as ``is_competitor`` stay 0/1 integers, so rows convert the same way), ``REAL`` is
``double precision``, JSON kept in a column (``triggers``, ``tags``, ``details``) is ``text``
so that it reads back byte for byte as written, and ids are identity columns. Every text column
is ``COLLATE "C"``: comparisons, ``ORDER BY``, ``MIN``/``MAX`` and ``GROUP BY`` then order by
code point as SQLite's BINARY collation does, whatever the database's own locale, and
``lower()``/``ILIKE`` fold ASCII only, as SQLite's ``lower()``/``LIKE``/``NOCASE`` do (so
SQLite's ``x LIKE ?`` is ``x ILIKE ?`` here, and ``x = ? COLLATE NOCASE`` is
``lower(x) = lower(?)``). The database must be UTF8 (the first migration refuses another).

Kept by the database, in the transaction of the insert, as SQLite's triggers keep them:

- ``rollups``, ``language_rollups`` and ``trigger_rollups``: one statement-level trigger
  (``REFERENCING NEW TABLE``) aggregates each inserted batch per key and writes each key once,
  in key order. The counts are exactly SQLite's, however many writers run at once. So are
  the ``sentiment_sum`` columns, to the last bit, whenever batches commit in id order (always
  with one writer, as in SQLite): SQLite adds one mention at a time in id order, and so does
  this (``sum(x ORDER BY id)`` folds left to right, starting from the stored value), so a
  rollup does not depend on how mentions were batched. Two batches of one minute written at
  once add in the order they reach the row, so that minute's float sum may then differ from a
  recount in id order in its last bits (a float sum depends on its order; only serialising
  every writer would fix it). New keys are inserted (``ON CONFLICT DO NOTHING``, which waits
  for a concurrent batch inserting the same key, then skips it), and the others are then
  locked (``FOR UPDATE``, in key order) and updated from the latest row: a count is never
  lost. Every batch takes its row locks table by table in one order, and in key order within
  a table, so two batches wait for each other but never deadlock on rollups, facets or
  authors. A lock is held until commit, so from schema 3 the trigger builds the batch's
  full-text index (its dearest part, on rows no other batch touches) before it locks any. A
  mention's ``triggers`` is read as SQLite's ``json_each`` does: every element counts, a pair
  listed twice counts twice (the matcher reports each pair once, so this never happens in
  practice), ``NULL`` and ``'[]'`` add nothing.
- ``mention_text``: the full-text index (``fts.py``), one row per mention.
- ``facet_hours``, ``facet_days`` and ``author_totals`` (migration 2, SQLite's 10: the
  analytics): the same statement trigger counts each batch per key and upserts each key once,
  in key order (whole counts, so exactly SQLite's); ``crisistui_facets`` lists what a mention
  is counted under as SQLite's triggers do.
- ``events`` is append-only: an update, delete or truncate raises SQLite's message
  ("timeline events are never edited" / "... never deleted") as an integrity error (SQLSTATE
  23000), as SQLite's ``RAISE(ABORT, ...)`` is a constraint error.

Inserts into ``mentions`` run concurrently (schema 3; schemas 1 and 2 serialised them under
the transaction-level advisory lock ``MENTIONS_LOCK``, held from before the first id was
drawn until commit, so four collectors were no faster than one). Ids are then drawn in one
order and committed in another: a batch that drew ids 1-40 may commit after one that drew
41-80. A reader that asks for "mentions since id N" and moves N past what it saw would see
41-80, move to 80, and never see 1-40. So such readers read only up to the *settled id*
(``SETTLED``: ``crisistui_mentions_settled()``), below which no id can still become visible:

- A writer registers before it draws: the statement trigger ``mentions_in_flight`` (``BEFORE
  INSERT``, per statement, so it runs before the first row's id default is evaluated) takes
  the transaction-level *shared* advisory lock ``IN_FLIGHT_BASE + k``, where k is the next id
  the sequence will give (``crisistui_mentions_next_id()``); every id the writer draws after
  that is ≥ k. Shared locks never wait for each other, so writers do not queue. The lock goes
  at the end of the transaction: after its commit is visible to every new snapshot
  (PostgreSQL removes a transaction from the proc array before it releases its locks, as
  waiting on a transaction's lock relies on), or at rollback.
- A reader reads ``drawn``, the last id the sequence gave (R1), then the lowest k among the
  registrations in ``pg_locks`` (R2), and settles on ``least(drawn, k - 1)``. Then, in a
  later statement (so in a snapshot taken after R2), it reads ids up to that.

Why no id x ≤ settled can become visible after that read: x ≤ drawn, so x was drawn before R1
(the sequence only grows, one id at a time: migration 3 makes its cache 1, so no session holds
ids drawn earlier). Its writer registered some k' ≤ x before drawing x, so before R1. Had that
registration still been held at R2, the lowest k would be ≤ k' ≤ x and settled ≤ x - 1, not
≥ x. So the writer had ended by R2: committed and visible to the read's snapshot, or rolled
back and never visible. The argument needs ids drawn from the sequence (``migrate`` writes its
own ids, into an empty database no one reads yet), a reader on the primary server (a standby's
``pg_locks`` shows none of the primary's writers) and a read in its own statement after the
bound, in autocommit or READ COMMITTED (a REPEATABLE READ snapshot may be older than R2).

``held`` (``SETTLED``'s second column) says whether a registration kept the settled id
below ``drawn``: ids already drawn were not yet settled, and a reader that stopped there looks
again (the store's change marker moves once the settled id does, see ``store.py``), since a
writer's NOTIFY can reach a listener a moment before its lock is released. Registrations hold
no row and write nothing: a registering statement reads one sequence row and takes one lock.

Deduplication: ``ON CONFLICT (source, external_id) DO NOTHING`` alone is correct but draws an
id for every duplicate, leaving gaps where SQLite has none; so the batch keeps the first of
each (source, external_id) within it (``DISTINCT ON``) and skips the stored ones (``WHERE NOT
EXISTS``), draws ids in the batch's order, and keeps ``ON CONFLICT DO NOTHING`` as the guard
against a concurrent batch storing the same post meanwhile (it waits for that batch, then skips
the post and leaves its id unused). One collector holds each source (the lease), so that takes
an import of posts being collected at the same moment. The rows are inserted in key order
(``store.py``), so two batches holding the same posts in different orders wait for each other
in one order rather than deadlock. A transaction that rolls back still uses up its ids (SQLite
would reuse them).

Every commit that changes a table sends ``NOTIFY crisistui`` (``CHANGES_CHANNEL``; from
schema 9 the schema's own channel, ``crisistui.<schema>`` in a brand's schema) with the
table's name, or ``mentions <newest id>`` for new mentions: what SQLite's ``PRAGMA
data_version`` tells a reader. PostgreSQL sends it at commit, once per payload per transaction,
and not at all on rollback.

Full-text search is ``fts.py``'s: ``mention_text (id, text_search, author_search)`` holds
each mention's vectors, built by FTS5's own tokenizer written in SQL.

The rollups and ``mention_text`` are written by triggers: a copy restored with ``pg_restore``
must load without them firing (``--disable-triggers``), or load only the other tables and let
the inserts into ``mentions`` rebuild them.

Schema version: PostgreSQL has no ``user_version``; the one-row table ``crisistui_schema``
holds it. A migrator takes ``MIGRATION_LOCK`` (``LOCK_MIGRATIONS``), reads the version (0 when
``to_regclass('crisistui_schema')`` is NULL), runs ``MIGRATIONS[version:]`` in order and
after each sets the version (``SET_VERSION``), all in one transaction (PostgreSQL's DDL is
transactional, so a failed upgrade leaves nothing half done). Each migration is one script of
several statements: psycopg runs it as one ``execute`` when given no parameters. Needs
PostgreSQL 14 or later (SQL-standard function bodies); tested on 15 and 18.
"""

from __future__ import annotations

from crisistui.domain.copies import RETWEET_SQL
from crisistui.store.postgres.fts import fts_functions, search_form_class, search_form_function

SCHEMA_TABLE = "crisistui_schema"
"""The one-row table that holds the schema version."""
MIGRATION_LOCK = 4_265_723_818_310_420_481
"""Transaction-level advisory lock key held while migrating."""
MENTIONS_LOCK = 4_265_723_818_310_420_482
"""Schemas 1 and 2 only: the advisory lock every insert into ``mentions`` held until commit."""
IN_FLIGHT_TAG = 0x6372
"""The top 16 bits of every in-flight registration's advisory lock key."""
IN_FLIGHT_BASE = IN_FLIGHT_TAG << 48
"""A writer about to draw ids from k on holds the shared advisory lock ``IN_FLIGHT_BASE + k``
until its transaction ends (ids below 2**48)."""
LOCK_MIGRATIONS = f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"
SETTLED = "SELECT settled, held FROM crisistui_mentions_settled()"
"""The settled id (no id at or below it can still become visible) and whether a writer in
flight held it below the last id drawn; read it in a statement of its own, before the read it
bounds."""
READ_VERSION = f"SELECT version FROM {SCHEMA_TABLE}"
"""Only once ``to_regclass('crisistui_schema') IS NOT NULL``; none of our tables means 0."""
SET_VERSION = f"UPDATE {SCHEMA_TABLE} SET version = %s"
CHANGES_CHANNEL = "crisistui"
"""``LISTEN crisistui``: every commit that changes a table sends its name (for new mentions,
``mentions <newest id>``)."""


NOTIFIED_TABLES = (
    "mentions",
    "incidents",
    "task_states",
    "events",
    "source_health",
    "milestones",
    "roles",
    "task_assignees",
    "task_notes",
    "adhoc_tasks",
    "statements",
    "mention_triage",
    "settings",
)
"""Tables whose every change sends a notification (mentions: updates and deletes; an insert
sends ``mentions <newest id>`` from the insert trigger). Rollups and the full-text index only
change with mentions."""


def _notify_triggers() -> str:
    statements = []
    for table in NOTIFIED_TABLES:
        events = "UPDATE OR DELETE" if table == "mentions" else "INSERT OR UPDATE OR DELETE"
        statements.append(
            f"    CREATE TRIGGER {table}_notify AFTER {events} ON {table}\n"
            "        FOR EACH STATEMENT EXECUTE FUNCTION crisistui_notify_change();\n"
        )
    return "".join(statements)


def _text_index(text_vector: str = "crisistui_fts_vector(text)") -> str:
    """The full-text index of a batch: the dearest part of the trigger, and no other batch
    waits for its rows."""
    return f"""
        INSERT INTO mention_text (id, text_search, author_search)
        SELECT id, {text_vector}, crisistui_fts_vector(author) FROM new_rows;

"""


STAGING = "incoming_mentions"
"""A writing session's own table (``TEMP``, emptied at each commit) that a batch is copied
into before the one INSERT into ``mentions``; from migration 8 it also holds each row's words
(``fts.fts_words`` of its text and author), worked out by the writer."""
STAGED_WORDS = "crisistui.staged_words"
"""Set (``SET LOCAL``, to ``on``) by a batch whose rows carry their words in ``STAGING``; any
other insert into ``mentions`` (an older writer, ``migrate``) is indexed by the SQL functions."""


def _staged_text_index(text_vector: str = "crisistui_fts_vector(n.text)") -> str:
    """The full-text index of a batch from its writer's staged words; a row without them by
    ``text_vector`` (from migration 10, of the text in its search form)."""
    return f"""
        IF current_setting('{STAGED_WORDS}', true) = 'on' THEN
            -- the writer's words (a row without them: the functions, as before); to_tsvector
            -- on them is what crisistui_fts_vector gives, at a fraction of its cost
            INSERT INTO mention_text (id, text_search, author_search)
            SELECT n.id,
                   CASE WHEN s.source IS NULL THEN {text_vector}
                        ELSE to_tsvector('simple'::regconfig, s.text_words) END,
                   CASE WHEN s.source IS NULL THEN crisistui_fts_vector(n.author)
                        ELSE to_tsvector('simple'::regconfig, s.author_words) END
            FROM new_rows AS n
            LEFT JOIN (SELECT DISTINCT ON (source, external_id)
                              source, external_id, text_words, author_words
                       FROM {STAGING} ORDER BY source, external_id, seq) AS s
                   ON s.source = n.source AND s.external_id = n.external_id;
        ELSE{_text_index(text_vector.replace("n.text", "text")).rstrip()}
        END IF;

"""


def _mentions_inserted(
    create: str = "CREATE",
    extra: str = "",
    text_first: bool = False,
    staged: bool = False,
    channel: str = f"'{CHANGES_CHANNEL}'",
    searched: bool = False,
    echoes: bool = False,
    term_echoes: bool = False,
) -> str:
    """The statement trigger's function over each inserted batch (``new_rows``): the
    rollups and the full-text index, then ``extra`` statements, then the notification.
    ``text_first`` (schema 3) indexes the text before the first shared row is locked: every
    row lock is held until commit, and batches at once wait for each other's. ``staged``
    (schema 8, with ``text_first``) indexes a batch from the words its writer staged.
    ``searched`` (schema 10) indexes the text in its search form (``domain.search_text``).
    ``echoes`` (schema 11) counts the negatives that are retweets (``Rollup.echoes``);
    ``term_echoes`` (13) those among each trigger term's (``TriggerRollup.echoes``)."""
    form = "crisistui_fts_vector(crisistui_search_form(n.text))" if searched else None
    retweet = RETWEET_SQL.format(text="text")
    retweet_n = RETWEET_SQL.format(text="n.text")
    echo_count = (
        f",\n                   count(*) FILTER (WHERE label = 'negative' AND {retweet}) AS echoes"
        if echoes
        else ""
    )
    echo_column = ", echoes" if echoes else ""
    echo_update = ",\n                echoes = r.echoes + b.echoes" if echoes else ""
    term_echo_column, term_echo_count, term_echo_update = (
        (
            ", echoes",
            f",\n               count(*) FILTER (WHERE n.label = 'negative' AND {retweet_n})",
            ",\n            echoes = r.echoes + excluded.echoes",
        )
        if term_echoes
        else ("", "", "")
    )
    return (
        f"""    {create} FUNCTION crisistui_mentions_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $inserted$
    DECLARE
        made_subjects text[];
        made_minutes bigint[];
        made_langs text[];
        made integer;
        groups integer;
    BEGIN
"""
        + (
            (_staged_text_index(form) if form else _staged_text_index())
            if staged
            else _text_index()
            if text_first
            else ""
        )
        + """
        WITH batch AS (
            SELECT subject, created_at / 60 AS minute, count(*) AS volume,
                   count(*) FILTER (WHERE label = 'positive') AS positive,
                   count(*) FILTER (WHERE label = 'negative') AS negative,
                   count(*) FILTER (WHERE label = 'neutral') AS neutral,
                   sum(sentiment ORDER BY id) AS sentiment_sum,
                   sum(reach)::bigint AS reach_sum,
                   coalesce(sum(reach) FILTER (WHERE label = 'negative'), 0)::bigint
                       AS negative_reach,
                   count(*) FILTER (WHERE label = 'negative' AND triggers IS NOT NULL)
                       AS scanned_negative,
                   count(*) FILTER (WHERE label = 'unscored') AS unscored"""
        + echo_count
        + """
            FROM new_rows GROUP BY subject, created_at / 60
        ), inserted AS (
            INSERT INTO rollups (subject, minute, volume, positive, negative, neutral,
                                 sentiment_sum, reach_sum, negative_reach, scanned_negative,
                                 unscored"""
        + echo_column
        + """)
            SELECT subject, minute, volume, positive, negative, neutral, sentiment_sum,
                   reach_sum, negative_reach, scanned_negative, unscored"""
        + echo_column
        + """
            FROM batch ORDER BY subject, minute
            ON CONFLICT (subject, minute) DO NOTHING
            RETURNING subject, minute
        )
        SELECT array_agg(subject), array_agg(minute), count(*), (SELECT count(*) FROM batch)
        INTO made_subjects, made_minutes, made, groups FROM inserted;

        IF made < groups THEN
            PERFORM 1 FROM rollups r
            WHERE (r.subject, r.minute) IN (SELECT subject, created_at / 60 FROM new_rows)
              AND (r.subject, r.minute) NOT IN (
                  SELECT s, m FROM unnest(made_subjects, made_minutes) AS c(s, m)
                  WHERE s IS NOT NULL)
            ORDER BY r.subject, r.minute
            FOR UPDATE;

            UPDATE rollups r SET
                volume = r.volume + b.volume,
                positive = r.positive + b.positive,
                negative = r.negative + b.negative,
                neutral = r.neutral + b.neutral,
                sentiment_sum = crisistui_fsum(r.sentiment_sum, b.sentiments),
                reach_sum = r.reach_sum + b.reach_sum,
                negative_reach = r.negative_reach + b.negative_reach,
                scanned_negative = r.scanned_negative + b.scanned_negative,
                unscored = r.unscored + b.unscored"""
        + echo_update
        + """
            FROM (
                SELECT subject, created_at / 60 AS minute, count(*) AS volume,
                       count(*) FILTER (WHERE label = 'positive') AS positive,
                       count(*) FILTER (WHERE label = 'negative') AS negative,
                       count(*) FILTER (WHERE label = 'neutral') AS neutral,
                       array_agg(sentiment ORDER BY id) AS sentiments,
                       sum(reach)::bigint AS reach_sum,
                       coalesce(sum(reach) FILTER (WHERE label = 'negative'), 0)::bigint
                           AS negative_reach,
                       count(*) FILTER (WHERE label = 'negative' AND triggers IS NOT NULL)
                           AS scanned_negative,
                       count(*) FILTER (WHERE label = 'unscored') AS unscored"""
        + echo_count
        + """
                FROM new_rows GROUP BY subject, created_at / 60
            ) AS b
            WHERE r.subject = b.subject AND r.minute = b.minute
              AND (b.subject, b.minute) NOT IN (
                  SELECT s, m FROM unnest(made_subjects, made_minutes) AS c(s, m)
                  WHERE s IS NOT NULL);
        END IF;

        WITH batch AS (
            SELECT created_at / 60 AS minute, subject, coalesce(lang, '') AS lang,
                   count(*) AS volume,
                   count(*) FILTER (WHERE label = 'positive') AS positive,
                   count(*) FILTER (WHERE label = 'negative') AS negative,
                   count(*) FILTER (WHERE label = 'unscored') AS unscored,
                   sum(sentiment ORDER BY id) AS sentiment_sum
            FROM new_rows GROUP BY created_at / 60, subject, coalesce(lang, '')
        ), inserted AS (
            INSERT INTO language_rollups (minute, subject, lang, volume, positive, negative,
                                          unscored, sentiment_sum)
            SELECT minute, subject, lang, volume, positive, negative, unscored, sentiment_sum
            FROM batch ORDER BY minute, subject, lang
            ON CONFLICT (minute, subject, lang) DO NOTHING
            RETURNING minute, subject, lang
        )
        SELECT array_agg(subject), array_agg(minute), array_agg(lang), count(*),
               (SELECT count(*) FROM batch)
        INTO made_subjects, made_minutes, made_langs, made, groups FROM inserted;

        IF made < groups THEN
            PERFORM 1 FROM language_rollups r
            WHERE (r.minute, r.subject, r.lang) IN (
                      SELECT created_at / 60, subject, coalesce(lang, '') FROM new_rows)
              AND (r.minute, r.subject, r.lang) NOT IN (
                  SELECT m, s, l FROM unnest(made_minutes, made_subjects, made_langs)
                      AS c(m, s, l)
                  WHERE s IS NOT NULL)
            ORDER BY r.minute, r.subject, r.lang
            FOR UPDATE;

            UPDATE language_rollups r SET
                volume = r.volume + b.volume,
                positive = r.positive + b.positive,
                negative = r.negative + b.negative,
                unscored = r.unscored + b.unscored,
                sentiment_sum = crisistui_fsum(r.sentiment_sum, b.sentiments)
            FROM (
                SELECT created_at / 60 AS minute, subject, coalesce(lang, '') AS lang,
                       count(*) AS volume,
                       count(*) FILTER (WHERE label = 'positive') AS positive,
                       count(*) FILTER (WHERE label = 'negative') AS negative,
                       count(*) FILTER (WHERE label = 'unscored') AS unscored,
                       array_agg(sentiment ORDER BY id) AS sentiments
                FROM new_rows GROUP BY created_at / 60, subject, coalesce(lang, '')
            ) AS b
            WHERE r.minute = b.minute AND r.subject = b.subject AND r.lang = b.lang
              AND (b.minute, b.subject, b.lang) NOT IN (
                  SELECT m, s, l FROM unnest(made_minutes, made_subjects, made_langs)
                      AS c(m, s, l)
                  WHERE s IS NOT NULL);
        END IF;

        -- whole counts only: one ordered upsert is exact
        INSERT INTO trigger_rollups AS r (minute, subject, crisis_type, term, volume, negative"""
        + term_echo_column
        + """)
        SELECT n.created_at / 60, n.subject, hit ->> 0, hit ->> 1, count(*),
               count(*) FILTER (WHERE n.label = 'negative')"""
        + term_echo_count
        + """
        FROM new_rows AS n CROSS JOIN LATERAL json_array_elements(n.triggers::json) AS hit
        WHERE n.triggers IS NOT NULL AND n.triggers <> '[]'
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (minute, subject, crisis_type, term) DO UPDATE SET
            volume = r.volume + excluded.volume,
            negative = r.negative + excluded.negative"""
        + term_echo_update
        + """;
"""
        + ("" if text_first else _text_index())
        + extra
        + _notify_mentions(channel)
    )


def _notify_mentions(channel: str = f"'{CHANGES_CHANNEL}'") -> str:
    """The end of the statement trigger's function: "up to id N" for every console, on the
    channel that the SQL expression ``channel`` names."""
    return (
        " " * 8
        + f"""PERFORM pg_notify({channel}, 'mentions ' || max(id)) FROM new_rows
        HAVING max(id) IS NOT NULL;
        RETURN NULL;
    END
    $inserted$;
"""
    )


def _schema() -> str:
    return (
        """
    DO $check$
    BEGIN
        IF current_setting('server_encoding') <> 'UTF8' THEN
            RAISE EXCEPTION USING MESSAGE =
                'crisistui needs a UTF8 database, not ' || current_setting('server_encoding');
        END IF;
    END
    $check$;

    CREATE TABLE crisistui_schema (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        version integer NOT NULL
    );
    INSERT INTO crisistui_schema (version) VALUES (0);

    -- Left-to-right sum: start, then each value in turn (NULL start: from the first value),
    -- exactly as SQLite adds one mention at a time.
    CREATE FUNCTION crisistui_fsum(start double precision, vals double precision[])
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $fsum$
    SELECT sum(v ORDER BY k) FROM unnest(array_prepend(start, vals)) WITH ORDINALITY AS u(v, k)
    $fsum$;
    """
        + fts_functions()
        + f"""
    CREATE TABLE mentions (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        created_at bigint NOT NULL,
        ingested_at bigint NOT NULL,
        subject text COLLATE "C" NOT NULL,
        is_competitor bigint NOT NULL,
        text text COLLATE "C" NOT NULL,
        author text COLLATE "C",
        author_followers bigint,
        url text COLLATE "C",
        lang text COLLATE "C",
        likes bigint,
        reposts bigint,
        replies bigint,
        sentiment double precision NOT NULL,
        label text COLLATE "C" NOT NULL
            CHECK (label IN ('positive', 'neutral', 'negative', 'unscored')),
        reach bigint NOT NULL,
        fingerprint text COLLATE "C" NOT NULL,
        triggers text COLLATE "C",
        lang_confidence double precision,
        UNIQUE (source, external_id)
    );
    CREATE INDEX mentions_created ON mentions (created_at);
    CREATE INDEX mentions_fingerprint ON mentions (fingerprint);
    CREATE INDEX mentions_ingested ON mentions (ingested_at);

    CREATE TABLE mention_text (
        id bigint PRIMARY KEY REFERENCES mentions (id) ON DELETE CASCADE,
        text_search tsvector NOT NULL,
        author_search tsvector
    );
    CREATE INDEX mention_text_search ON mention_text USING gin (text_search, author_search);

    CREATE TABLE rollups (
        subject text COLLATE "C" NOT NULL,
        minute bigint NOT NULL,
        volume bigint NOT NULL,
        positive bigint NOT NULL,
        negative bigint NOT NULL,
        neutral bigint NOT NULL,
        sentiment_sum double precision NOT NULL,
        reach_sum bigint NOT NULL,
        negative_reach bigint NOT NULL,
        scanned_negative bigint NOT NULL DEFAULT 0,
        unscored bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (subject, minute)
    );
    CREATE INDEX rollups_minute ON rollups (minute);

    CREATE TABLE trigger_rollups (
        minute bigint NOT NULL,
        subject text COLLATE "C" NOT NULL,
        crisis_type text COLLATE "C" NOT NULL,
        term text COLLATE "C" NOT NULL,
        volume bigint NOT NULL,
        negative bigint NOT NULL,
        PRIMARY KEY (minute, subject, crisis_type, term)
    );

    CREATE TABLE language_rollups (
        minute bigint NOT NULL,
        subject text COLLATE "C" NOT NULL,
        lang text COLLATE "C" NOT NULL,
        volume bigint NOT NULL,
        positive bigint NOT NULL,
        negative bigint NOT NULL,
        unscored bigint NOT NULL,
        sentiment_sum double precision NOT NULL,
        PRIMARY KEY (minute, subject, lang)
    );

    -- Every insert into mentions holds this lock until commit, taken before any id is drawn.
    CREATE FUNCTION crisistui_mentions_serialise() RETURNS trigger
    LANGUAGE plpgsql AS $serialise$
    BEGIN
        PERFORM pg_advisory_xact_lock({MENTIONS_LOCK});
        RETURN NULL;
    END
    $serialise$;
    CREATE TRIGGER mentions_serialise BEFORE INSERT ON mentions
        FOR EACH STATEMENT EXECUTE FUNCTION crisistui_mentions_serialise();

    -- SQLite's mentions_rollup, mentions_language_rollup, mentions_trigger_rollup and
    -- mentions_text_insert, once per statement over the inserted rows (new_rows: only rows
    -- actually inserted, never those ON CONFLICT skipped). Rollups with a float sum: new keys
    -- are inserted whole; existing ones are locked in key order and updated, their sum
    -- continued from the stored value in id order.
"""
        + _mentions_inserted()
        + f"""    CREATE TRIGGER mentions_inserted AFTER INSERT ON mentions
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION crisistui_mentions_inserted();

    -- SQLite's mentions_text_update (a delete is the foreign key's cascade).
    CREATE FUNCTION crisistui_mentions_text_changed() RETURNS trigger
    LANGUAGE plpgsql AS $changed$
    BEGIN
        UPDATE mention_text SET text_search = crisistui_fts_vector(NEW.text),
                                author_search = crisistui_fts_vector(NEW.author)
        WHERE id = NEW.id;
        RETURN NULL;
    END
    $changed$;
    CREATE TRIGGER mentions_text_update AFTER UPDATE OF text, author ON mentions
        FOR EACH ROW
        WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.author IS DISTINCT FROM NEW.author)
        EXECUTE FUNCTION crisistui_mentions_text_changed();

    CREATE TABLE incidents (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        title text COLLATE "C" NOT NULL,
        crisis_type text COLLATE "C" NOT NULL,
        playbook text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL DEFAULT 'investigating',
        opened_at bigint NOT NULL,
        opened_by text COLLATE "C" NOT NULL,
        resolved_at bigint,
        is_drill bigint NOT NULL DEFAULT 0,
        severity text COLLATE "C"
            CHECK (severity IS NULL OR severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
        lessons text COLLATE "C" NOT NULL DEFAULT ''
    );
    CREATE INDEX incidents_open ON incidents (resolved_at, id);

    CREATE TABLE task_states (
        incident_id bigint NOT NULL REFERENCES incidents (id),
        task_id text COLLATE "C" NOT NULL,
        done bigint NOT NULL,
        changed_at bigint NOT NULL,
        changed_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (incident_id, task_id)
    );

    CREATE TABLE events (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at bigint NOT NULL,
        actor text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        incident_id bigint REFERENCES incidents (id),
        summary text COLLATE "C" NOT NULL,
        details text COLLATE "C" NOT NULL DEFAULT '{{}}'
    );
    CREATE INDEX events_incident ON events (incident_id, at);

    CREATE FUNCTION crisistui_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $append_only$
    BEGIN
        RAISE EXCEPTION USING
            ERRCODE = 'integrity_constraint_violation',
            MESSAGE = CASE TG_OP WHEN 'UPDATE' THEN 'timeline events are never edited'
                                 ELSE 'timeline events are never deleted' END;
    END
    $append_only$;
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        FOR EACH ROW EXECUTE FUNCTION crisistui_events_append_only();
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION crisistui_events_append_only();
    CREATE TRIGGER events_append_only_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION crisistui_events_append_only();

    CREATE TABLE source_health (
        name text COLLATE "C" PRIMARY KEY,
        kind text COLLATE "C" NOT NULL,
        state text COLLATE "C" NOT NULL,
        last_ok bigint,
        last_error text COLLATE "C",
        last_error_at bigint,
        next_poll bigint,
        fetched_last_poll bigint NOT NULL,
        new_last_poll bigint NOT NULL,
        new_total bigint NOT NULL,
        failures bigint NOT NULL,
        updated_at bigint NOT NULL
    );

    CREATE TABLE milestones (
        incident_id bigint NOT NULL REFERENCES incidents (id),
        name text COLLATE "C" NOT NULL CHECK (name IN ('detected', 'acknowledged',
            'first_public_response', 'mitigated', 'resolved')),
        at bigint NOT NULL,
        set_at bigint NOT NULL,
        set_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (incident_id, name)
    );

    CREATE TABLE roles (
        incident_id bigint NOT NULL REFERENCES incidents (id),
        role text COLLATE "C" NOT NULL,
        person text COLLATE "C" NOT NULL,
        assigned_at bigint NOT NULL,
        assigned_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (incident_id, role)
    );

    CREATE TABLE task_assignees (
        incident_id bigint NOT NULL REFERENCES incidents (id),
        task_id text COLLATE "C" NOT NULL,
        assignee text COLLATE "C" NOT NULL,
        assigned_at bigint NOT NULL,
        assigned_by text COLLATE "C" NOT NULL,
        PRIMARY KEY (incident_id, task_id)
    );

    CREATE TABLE task_notes (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents (id),
        task_id text COLLATE "C" NOT NULL,
        at bigint NOT NULL,
        author text COLLATE "C" NOT NULL,
        text text COLLATE "C" NOT NULL
    );
    CREATE INDEX task_notes_task ON task_notes (incident_id, task_id, id);

    CREATE TABLE adhoc_tasks (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents (id),
        title text COLLATE "C" NOT NULL,
        phase text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL,
        mandatory bigint NOT NULL,
        created_at bigint NOT NULL,
        created_by text COLLATE "C" NOT NULL
    );
    CREATE INDEX adhoc_tasks_incident ON adhoc_tasks (incident_id, id);

    CREATE TABLE statements (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents (id),
        template_id text COLLATE "C",
        title text COLLATE "C" NOT NULL,
        body text COLLATE "C" NOT NULL,
        state text COLLATE "C" NOT NULL DEFAULT 'draft'
            CHECK (state IN ('draft', 'approval_requested', 'approved', 'published')),
        channel text COLLATE "C" NOT NULL DEFAULT '',
        author text COLLATE "C" NOT NULL,
        approver text COLLATE "C",
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        approved_at bigint,
        published_at bigint
    );
    CREATE INDEX statements_incident ON statements (incident_id, id);

    CREATE TABLE mention_triage (
        mention_id bigint PRIMARY KEY REFERENCES mentions (id),
        incident_id bigint REFERENCES incidents (id),
        state text COLLATE "C" NOT NULL
            CHECK (state IN ('acknowledged', 'replied', 'dismissed', 'assigned')),
        assignee text COLLATE "C",
        tags text COLLATE "C" NOT NULL DEFAULT '[]',
        template_id text COLLATE "C",
        updated_at bigint NOT NULL,
        updated_by text COLLATE "C" NOT NULL
    );
    CREATE INDEX mention_triage_incident ON mention_triage (incident_id);

    CREATE TABLE settings (
        key text COLLATE "C" PRIMARY KEY,
        value text COLLATE "C" NOT NULL
    );

    -- What SQLite's PRAGMA data_version tells: another connection committed a change. Sent
    -- at commit (and once per transaction for the same table), so a rollback sends nothing.
    CREATE FUNCTION crisistui_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS $notify$
    BEGIN
        PERFORM pg_notify('{CHANGES_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
    END
    $notify$;
    """
        + _notify_triggers()
    )


_ANALYTICS_ROLLUPS = """
        -- analytics: per hour and per day, per kind and value; each author's whole history
        INSERT INTO facet_hours AS r (kind, hour, subject, value, volume, negative, reach)
        SELECT f.kind, n.created_at / 3600, n.subject, f.value, count(*),
               count(*) FILTER (WHERE n.label = 'negative'), sum(n.reach)::bigint
        FROM new_rows AS n
        CROSS JOIN LATERAL crisistui_facets(n.source, n.lang, n.domain, n.words) AS f
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (kind, hour, subject, value) DO UPDATE SET
            volume = r.volume + excluded.volume,
            negative = r.negative + excluded.negative,
            reach = r.reach + excluded.reach;

        INSERT INTO facet_days AS r (kind, day, subject, value, volume, negative, reach)
        SELECT f.kind, n.created_at / 86400, n.subject, f.value, count(*),
               count(*) FILTER (WHERE n.label = 'negative'), sum(n.reach)::bigint
        FROM new_rows AS n
        CROSS JOIN LATERAL crisistui_facets(n.source, n.lang, n.domain, n.words) AS f
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (kind, day, subject, value) DO UPDATE SET
            volume = r.volume + excluded.volume,
            negative = r.negative + excluded.negative,
            reach = r.reach + excluded.reach;

        INSERT INTO author_totals AS t (subject, author, volume, reach)
        SELECT s.subject, n.author, count(*), sum(n.reach)::bigint
        FROM new_rows AS n CROSS JOIN LATERAL (VALUES (n.subject), ('')) AS s(subject)
        WHERE n.author IS NOT NULL
        GROUP BY 1, 2
        ORDER BY 1, 2
        ON CONFLICT (subject, author) DO UPDATE SET
            volume = t.volume + excluded.volume,
            reach = t.reach + excluded.reach;

"""


def _analytics() -> str:
    """SQLite's migration 10: the analytics' columns, tables, indexes and their upkeep (the
    statement trigger's function gains ``_ANALYTICS_ROLLUPS``)."""
    return """
    ALTER TABLE mentions ADD COLUMN words text COLLATE "C",
                         ADD COLUMN domain text COLLATE "C";

    CREATE TABLE facet_hours (
        hour bigint NOT NULL,
        kind text COLLATE "C" NOT NULL,
        subject text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        volume bigint NOT NULL,
        negative bigint NOT NULL,
        reach bigint NOT NULL,
        PRIMARY KEY (kind, hour, subject, value)
    );
    CREATE TABLE facet_days (
        day bigint NOT NULL,
        kind text COLLATE "C" NOT NULL,
        subject text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        volume bigint NOT NULL,
        negative bigint NOT NULL,
        reach bigint NOT NULL,
        PRIMARY KEY (kind, day, subject, value)
    );
    CREATE TABLE author_totals (
        subject text COLLATE "C" NOT NULL,
        author text COLLATE "C" NOT NULL,
        volume bigint NOT NULL,
        reach bigint NOT NULL,
        PRIMARY KEY (subject, author)
    );
    CREATE INDEX mentions_author ON mentions (author, created_at) INCLUDE (subject, reach);
    CREATE INDEX mentions_time_author ON mentions (created_at) INCLUDE (subject, author, reach);

    -- The (kind, value) pairs a mention is counted under, as SQLite's triggers list them:
    -- its source, its language ('' unknown), its link's domain, and each of its words (a
    -- hashtag, 't', when it starts with '#').
    CREATE FUNCTION crisistui_facets(p_source text, p_lang text, p_domain text, p_words text)
    RETURNS TABLE (kind text, value text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $facets$
    SELECT 's', p_source
    UNION ALL SELECT 'l', coalesce(p_lang, '')
    UNION ALL SELECT 'd', p_domain WHERE p_domain IS NOT NULL
    UNION ALL SELECT CASE WHEN left(w, 1) = '#' THEN 't' ELSE 'w' END, w
              FROM json_array_elements_text(coalesce(p_words, '[]')::json) AS w
    $facets$;

""" + _mentions_inserted("CREATE OR REPLACE", _ANALYTICS_ROLLUPS)


BACKFILL_FACETS = [
    f"""
    INSERT INTO facet_{table}s (kind, {table}, subject, value, volume, negative, reach)
    SELECT f.kind, m.created_at / {seconds}, m.subject, f.value, count(*),
           count(*) FILTER (WHERE m.label = 'negative'), sum(m.reach)::bigint
    FROM mentions AS m
    CROSS JOIN LATERAL crisistui_facets(m.source, m.lang, m.domain, m.words) AS f
    GROUP BY 1, 2, 3, 4
    """
    for table, seconds in (("hour", 3600), ("day", 86400))
]
"""Fills the facet tables from the mentions stored before migration 2 (words and domains
first set by ``tables.analytics.backfill_analytics``)."""


def _settled_function(create: str, tag: str) -> str:
    """``crisistui_mentions_settled``: the last id drawn (R1), then the lowest in-flight
    registration (R2) of the tag that the SQL ``tag`` gives, in that order."""
    head = f"    {create} FUNCTION crisistui_mentions_settled(OUT settled bigint, OUT held boolean)"
    return (
        head
        + f"""
    LANGUAGE plpgsql VOLATILE AS $settled$
    DECLARE
        drawn bigint;
        lowest bigint;
    BEGIN
        drawn := crisistui_mentions_next_id() - 1;
        SELECT min(((l.classid::bigint & 65535) << 32) | l.objid::bigint) INTO lowest
        FROM pg_locks AS l
        WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.mode = 'ShareLock'
          AND l.classid::bigint >> 16 = {tag}
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());
        settled := least(drawn, lowest - 1);
        held := lowest IS NOT NULL AND lowest <= drawn;
    END
    $settled$"""
    )


def _concurrent_inserts() -> str:
    """Migration 3: inserts into ``mentions`` no longer serialised, readers bounded by the
    settled id instead (see the module's docstring); the time index ordered as the walk reads
    it; the insert trigger indexes text before it locks shared rows."""
    return (
        f"""
    -- SQLite's index on created_at holds the rowid, so its walk (ORDER BY created_at DESC, id
    -- DESC) reads the index in order; this one sorted each window of the feed filter's walk.
    DROP INDEX mentions_created;
    CREATE INDEX mentions_created ON mentions (created_at, id);

    DROP TRIGGER mentions_serialise ON mentions;
    DROP FUNCTION crisistui_mentions_serialise();

    -- One id at a time: no session may hold ids drawn before a reader reads the sequence.
    ALTER TABLE mentions ALTER COLUMN id SET CACHE 1;

    -- The next id the sequence gives; its owner's rights, so that a login that may only read
    -- (and has no right on the sequence) can still settle. Its search path is fixed to this
    -- schema (pg_temp last), as an owner's function must not look names up where others write.
    CREATE FUNCTION crisistui_mentions_next_id() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER
    AS $next_id$
    SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM mentions_id_seq
    $next_id$;
    DO $path$
    BEGIN
        EXECUTE format('ALTER FUNCTION crisistui_mentions_next_id() '
                       'SET search_path = pg_catalog, %I, pg_temp', current_schema());
    END
    $path$;

    -- Registered before any id is drawn, released after the commit is visible.
    CREATE FUNCTION crisistui_mentions_in_flight() RETURNS trigger
    LANGUAGE plpgsql AS $in_flight$
    BEGIN
        PERFORM pg_advisory_xact_lock_shared({IN_FLIGHT_BASE} + crisistui_mentions_next_id());
        RETURN NULL;
    END
    $in_flight$;
    CREATE TRIGGER mentions_in_flight BEFORE INSERT ON mentions
        FOR EACH STATEMENT EXECUTE FUNCTION crisistui_mentions_in_flight();

    -- The last id drawn (R1), then the lowest registration (R2), in that order.
"""
        + _settled_function("CREATE", str(IN_FLIGHT_TAG))
        + """;

    -- The batch's full-text index first, before the shared rollup rows are locked.
"""
        + _mentions_inserted("CREATE OR REPLACE", _ANALYTICS_ROLLUPS, text_first=True)
    )


BRAND_TAGS = 16384
"""In-flight tags of a brand's schema other than ``public``: 0x4000 + 14 bits of its name's
MD5 (``_brand_signals``); two brands' tags meet once in 16,384 pairs, which only delays."""


def _brand_signals() -> str:
    """Migration 9: a brand's schema has a change channel and an in-flight tag of its own, so
    that the brands sharing a database (``[storage] schema``) neither wake each other's
    consoles nor hold back each other's newest mentions (the settled id read every in-flight
    registration of the database). ``public`` keeps ``crisistui`` and ``IN_FLIGHT_TAG``.

    Each is fixed when the schema is migrated, from ``current_schema()`` then: every writer of
    the schema runs the schema's functions, and a listener asks ``crisistui_changes_channel()``
    on a session of the same schema."""
    return (
        f"""
    DO $own$
    DECLARE
        here text := current_schema();
        channel text := CASE WHEN here = 'public' THEN '{CHANGES_CHANNEL}'
                             ELSE '{CHANGES_CHANNEL}.' || here END;
        tag bigint := CASE WHEN here = 'public' THEN {IN_FLIGHT_TAG}
                           ELSE {BRAND_TAGS} + ('x' || substr(md5(here), 1, 4))::bit(16)::int
                                % {BRAND_TAGS} END;
    BEGIN
        EXECUTE format($f$
            CREATE FUNCTION crisistui_changes_channel() RETURNS text
            LANGUAGE sql IMMUTABLE AS $c$ SELECT %L::text $c$
        $f$, channel);
        EXECUTE format($f$
            CREATE OR REPLACE FUNCTION crisistui_mentions_in_flight() RETURNS trigger
            LANGUAGE plpgsql AS $in_flight$
            BEGIN
                PERFORM pg_advisory_xact_lock_shared(
                    (%s::bigint << 48) + crisistui_mentions_next_id());
                RETURN NULL;
            END
            $in_flight$
        $f$, tag);
        EXECUTE format($f$
"""
        + _settled_function("CREATE OR REPLACE", "%s")
        + """
        $f$, tag);
    END
    $own$;

    CREATE OR REPLACE FUNCTION crisistui_notify_change() RETURNS trigger
    LANGUAGE plpgsql AS $notify$
    BEGIN
        PERFORM pg_notify(crisistui_changes_channel(), TG_TABLE_NAME);
        RETURN NULL;
    END
    $notify$;
"""
        + _brands_mentions_inserted()
    )


def _brands_mentions_inserted(
    searched: bool = False, echoes: bool = False, term_echoes: bool = False
) -> str:
    """The insert trigger's function as every migration from 9 on writes it: a brand's own
    change channel, the writer's staged words; ``searched`` (10 on) the search form;
    ``echoes`` (11 on) the retweets among the negatives; ``term_echoes`` (13 on) among each
    trigger term's."""
    return _mentions_inserted(
        "CREATE OR REPLACE",
        _ANALYTICS_ROLLUPS,
        text_first=True,
        staged=True,
        channel="crisistui_changes_channel()",
        searched=searched,
        echoes=echoes,
        term_echoes=term_echoes,
    )


def _echoes() -> str:
    """Migration 11: each minute's negatives that are retweets (``Rollup.echoes``), counted
    as a batch is written and, for the mentions stored before, in the same upgrade."""
    retweet = RETWEET_SQL.format(text="text")
    return f"""
    ALTER TABLE rollups ADD COLUMN echoes bigint NOT NULL DEFAULT 0;
    UPDATE rollups AS r SET echoes = e.n
    FROM (SELECT subject, created_at / 60 AS minute, count(*) AS n FROM mentions
          WHERE label = 'negative' AND {retweet} GROUP BY 1, 2) AS e
    WHERE r.subject = e.subject AND r.minute = e.minute;
""" + _brands_mentions_inserted(searched=True, echoes=True)


def _term_echoes() -> str:
    """Migration 13: Weibo reposts ("…//@someone: …") are echoes too (``is_retweet``), and
    each minute's trigger terms count the negatives that are echoes apart
    (``TriggerRollup.echoes``); the mentions stored before are counted in the same upgrade."""
    retweet = RETWEET_SQL.format(text="text")
    retweet_m = RETWEET_SQL.format(text="m.text")
    return f"""
    UPDATE rollups SET echoes = 0 WHERE echoes <> 0;
    UPDATE rollups AS r SET echoes = e.n
    FROM (SELECT subject, created_at / 60 AS minute, count(*) AS n FROM mentions
          WHERE label = 'negative' AND {retweet} GROUP BY 1, 2) AS e
    WHERE r.subject = e.subject AND r.minute = e.minute;
    ALTER TABLE trigger_rollups ADD COLUMN echoes bigint NOT NULL DEFAULT 0;
    UPDATE trigger_rollups AS r SET echoes = e.n
    FROM (SELECT m.created_at / 60 AS minute, m.subject, hit ->> 0 AS crisis_type,
                 hit ->> 1 AS term, count(*) AS n
          FROM mentions AS m CROSS JOIN LATERAL json_array_elements(m.triggers::json) AS hit
          WHERE m.label = 'negative' AND m.triggers IS NOT NULL AND m.triggers <> '[]'
            AND {retweet_m}
          GROUP BY 1, 2, 3, 4) AS e
    WHERE r.minute = e.minute AND r.subject = e.subject AND r.crisis_type = e.crisis_type
      AND r.term = e.term;
""" + _brands_mentions_inserted(searched=True, echoes=True, term_echoes=True)


def _search_form() -> str:
    """Migration 10: ``crisistui_search_form`` and the triggers that index a mention's text
    in it (a batch's staged words are worked out in it by the writer); the mentions already
    indexed that hold a letter it changes are indexed again."""
    return (
        search_form_function()
        + _brands_mentions_inserted(searched=True)
        + f"""
    CREATE OR REPLACE FUNCTION crisistui_mentions_text_changed() RETURNS trigger
    LANGUAGE plpgsql AS $changed$
    BEGIN
        UPDATE mention_text
        SET text_search = crisistui_fts_vector(crisistui_search_form(NEW.text)),
            author_search = crisistui_fts_vector(NEW.author)
        WHERE id = NEW.id;
        RETURN NULL;
    END
    $changed$;

    UPDATE mention_text AS t
    SET text_search = crisistui_fts_vector(crisistui_search_form(m.text))
    FROM mentions AS m
    WHERE m.id = t.id AND m.text ~ {search_form_class()};
"""
    )


MIGRATIONS: list[str] = [
    # 1: the whole of SQLite's schema 9, with its triggers, and the full-text index.
    _schema(),
    # 2: SQLite's 10, analytics: each mention's words and domain, per-hour and per-day counts
    # per source, language, domain, hashtag and word, each author's whole-history totals, and
    # the indexes that read authors per author and per time. Mentions stored before are
    # backfilled in the same upgrade (``tables/analytics.py``).
    _analytics(),
    # 3: concurrent inserts into mentions, readers bounded by the settled id; the time index
    # on (created_at, id).
    _concurrent_inserts(),
    # 4: SQLite's 12, each hostile mention's copy key for the campaign watch; the last day's
    # mentions get theirs in the same upgrade (``tables.mentions.backfill_copy_keys``).
    'ALTER TABLE mentions ADD COLUMN copy_key text COLLATE "C";',
    # 5: SQLite's 13, what a source's last successful poll left out and why, for `status` and
    # consoles that only read.
    'ALTER TABLE source_health ADD COLUMN note text COLLATE "C";',
    # 6: SQLite's 14, the fingerprint index with the time, so a batch finds a post it already
    # holds under another id with one probe.
    "DROP INDEX mentions_fingerprint;\n"
    "CREATE INDEX mentions_fingerprint ON mentions (fingerprint, created_at);",
    # 7: the time index carries the columns the feed filter tests and the analytics read, so
    # a walk reads a window's mentions from the table only when they match; it replaces the
    # time-and-author index (one index fewer for each insert to keep).
    "DROP INDEX mentions_created;\n"
    "DROP INDEX mentions_time_author;\n"
    "CREATE INDEX mentions_created ON mentions (created_at, id)\n"
    "    INCLUDE (label, reach, subject, source, lang, author);",
    # 8: a batch's full-text index from the words its writer staged with it (``fts_words``):
    # the same vectors without the SQL tokenizer, which was most of an insert's cost on the
    # server.
    _mentions_inserted("CREATE OR REPLACE", _ANALYTICS_ROLLUPS, text_first=True, staged=True),
    # 9: a brand's schema has its own change channel and in-flight tag.
    _brand_signals(),
    # 10: SQLite's 15, the text indexed in its search form (``domain.search_text``): the
    # letters people type either way are one; the mentions holding any are indexed again.
    _search_form(),
    # 11: SQLite's 16, each minute's negatives that are retweets, which the severity engine
    # takes as echoes of a complaint rather than complaints of their own.
    _echoes(),
    # 12: SQLite's 17, the validators of each source's last response read whole, for a later
    # run's first poll.
    'ALTER TABLE source_health ADD COLUMN etag text COLLATE "C",\n'
    '    ADD COLUMN last_modified text COLLATE "C";',
    # 13: SQLite's 18, Weibo reposts are echoes too, and each minute's trigger terms count
    # their echoes apart.
    _term_echoes(),
    # 14: SQLite's 19, the search form writes Arabic's ending ة as ه; the mentions holding it
    # are indexed again.
    search_form_function("CREATE OR REPLACE")
    + """
    UPDATE mention_text AS t
    SET text_search = crisistui_fts_vector(crisistui_search_form(m.text))
    FROM mentions AS m
    WHERE m.id = t.id AND strpos(m.text, E'\\u0629') > 0;
""",
]
"""PostgreSQL migrations, applied in order; ``crisistui_schema.version`` records how far a
database is. Later entries are upgrades of this schema."""

ANALYTICS_MIGRATION = 2
"""The migration after which mentions stored before get their words, domain and analytics
rows (``tables.analytics.backfill_analytics``)."""

COPY_KEY_MIGRATION = 4
"""The migration after which the last day's hostile mentions get their copy keys."""

SCHEMA_VERSION = len(MIGRATIONS)

"""Schema migrations, applied in order; ``PRAGMA user_version`` records how far a file is."""

from __future__ import annotations

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
]

SCHEMA_VERSION = len(MIGRATIONS)

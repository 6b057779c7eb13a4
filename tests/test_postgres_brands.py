"""Several client brands in one PostgreSQL database, each in a schema of its own
(``[storage] schema``), with real processes and a real server.

An agency's brands share the database but nothing in it: each brand's collectors, imports,
exports, `status`, incidents and consoles see only that brand; two brands may each collect a
source called ``news`` at the same time, while a second collector of the same brand's ``news``
is refused as before; a brand kept in its own file moves into its schema with `migrate`.
"""

from __future__ import annotations

import asyncio
import json
import textwrap
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from pytest_httpserver import HTTPServer

from crisistui.config import load_config
from crisistui.domain.incident import Severity
from crisistui.store import open_store
from crisistui.store.lease import collector_lease
from crisistui.store.location import parse_location
from crisistui.store.postgres.conninfo import conninfo
from tests.test_postgres_team import (
    DEADLINE,
    RSS_TYPE,
    Running,
    crisistui,
    eventually,
    new_per_source,
)
from tests.test_postgres_team import spawn as spawn
from tests.test_store import mention


def brand_config(path: Path, url: str, brand: str, schema: str | None, feeds: str = "") -> Path:
    storage = f'url = "{url}"\n' + (f'schema = "{schema}"\n' if schema else "")
    path.write_text(
        f'[brand]\nname = "{brand}"\nterms = ["{brand.lower()}"]\n[storage]\n{storage}{feeds}',
        encoding="utf-8",
    )
    return path


def posts(path: Path, brand: str, count: int, text: str) -> Path:
    """``count`` posts about ``brand``, one a minute up to a few minutes ago, keyed post-0,
    post-1, … (the same keys for every brand: only the schema keeps two brands' apart)."""
    now = datetime.now(UTC)
    lines = [
        json.dumps(
            {
                "source": "export",
                "id": f"post-{n}",
                "text": f"{brand} {text} {n}",
                "author": f"user{n}",
                "created_at": (now - timedelta(minutes=n + 2)).isoformat(),
            }
        )
        for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def exported(config: Path) -> list[dict[str, object]]:
    done = crisistui("export", "mentions", "-c", config)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def schemas(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'mentions'"
        ).fetchall()
    return {row[0] for row in rows}


def test_two_brands_share_a_database_and_see_only_their_own(pg_url: str, tmp_path: Path) -> None:
    acme = brand_config(tmp_path / "acme.toml", pg_url, "Acme Air", "acme_air")
    bank = brand_config(tmp_path / "bank.toml", pg_url, "Borealis Bank", "borealis_bank")

    # Acme Air was kept in a file of its own; it moves into its schema of the shared database.
    own_file = tmp_path / "acme.db"
    a_posts = posts(tmp_path / "a.jsonl", "Acme Air", 40, "lost my bag")
    done = crisistui("import", a_posts, "-c", acme, "--db", own_file)  # --db: the file
    assert done.returncode == 0, done.stderr
    moved = crisistui("migrate", "--from", own_file, "--to", pg_url, "--schema", "acme_air")
    assert moved.returncode == 0, moved.stderr
    assert moved.stderr.strip().endswith(f"to {pg_url}, schema acme_air: every count checked")

    done = crisistui(
        "import", posts(tmp_path / "b.jsonl", "Borealis Bank", 25, "app is great"), "-c", bank
    )
    assert done.returncode == 0, done.stderr
    assert "25 new mentions" in done.stdout

    # Each brand's export holds its own posts, all of them, though the keys are the same.
    acme_rows, bank_rows = exported(acme), exported(bank)
    assert len(acme_rows) == 40 and {r["subject"] for r in acme_rows} == {"Acme Air"}
    assert len(bank_rows) == 25 and {r["subject"] for r in bank_rows} == {"Borealis Bank"}
    assert schemas(pg_url) == {"public", "acme_air", "borealis_bank"}
    assert exported(brand_config(tmp_path / "plain.toml", pg_url, "Acme Air", None)) == []

    # An incident opened for one brand is not the other's.
    async def open_incident() -> None:
        where = parse_location(pg_url).in_schema("acme_air")
        async with await open_store(where) as store:
            await store.open_incident(
                "Lost bags",
                "customer-service",
                "default",
                "comms",
                datetime.now(UTC),
                severity=Severity.SEV2,
            )
        where = parse_location(pg_url).in_schema("borealis_bank")
        async with await open_store(where) as store:
            assert await store.current_incident() is None

    asyncio.run(open_incident())
    listed = {
        name: crisistui("incidents", "-c", config) for name, config in (("a", acme), ("b", bank))
    }
    assert "Lost bags" in listed["a"].stdout, listed["a"].stderr
    assert "Lost bags" not in listed["b"].stdout + listed["b"].stderr

    # status reads the brand's own mentions.
    for config, brand, count in ((bank, "Borealis Bank", 25), (acme, "Acme Air", 40)):
        said = json.loads(crisistui("status", "-c", config, "--json").stdout)
        assert (said["brand"], said["last_hour"]["mentions"]) == (brand, count)

    # Every message names the schema with the database.
    check = crisistui("check-config", acme)
    assert f"database: {pg_url}, schema acme_air" in check.stdout


def test_a_schema_name_that_postgres_would_fold_or_keeps_is_refused(tmp_path: Path) -> None:
    for name, said in (
        ("Acme-Air", "'Acme-Air' is not a schema name: write 1 to 50 lower-case letters"),
        ("pg_acme", "'pg_acme' is a name PostgreSQL keeps for itself"),
    ):
        config = brand_config(tmp_path / "c.toml", "postgresql://db/agency", "Acme Air", name)
        with pytest.raises(Exception, match=r"storage\.schema") as raised:
            load_config(config)
        assert said in str(raised.value)
    refused = crisistui("migrate", "--from", "a.db", "--to", "postgresql://db/x", "--schema", "A")
    assert refused.returncode == 2 and "--schema 'A' is not a schema name" in refused.stderr
    # A file holds one brand: the schema leaves it alone (a drill's or the demo's file), and
    # says so where someone would look.
    assert parse_location(tmp_path / "x.db").in_schema("acme_air").shown == str(tmp_path / "x.db")
    on_file = brand_config(tmp_path / "f.toml", f"sqlite://{tmp_path}/f.db", "Acme Air", "acme")
    said = crisistui("check-config", on_file).stdout
    assert f"database: {tmp_path}/f.db (schema acme not used: a file holds one brand)" in said
    files = crisistui("migrate", "--from", "a.db", "--to", "b.db", "--schema", "acme")
    assert files.returncode == 2
    assert "--schema acme: names a PostgreSQL schema, and both databases are files" in files.stderr


def feed(brand: str, count: int) -> bytes:
    items = "".join(
        f"<item><title>{brand} update {n}: the queue is long</title><guid>post-{n}</guid>"
        f"<pubDate>Wed, 01 May 2024 10:{n // 60 % 60:02d}:{n % 60:02d} GMT</pubDate></item>"
        for n in range(count)
    )
    return f"<rss version='2.0'><channel><title>news</title>{items}</channel></rss>".encode()


def news(server: HTTPServer, brand: str, count: int) -> str:
    path = f"/{brand.split()[0].lower()}"
    server.expect_request(path).respond_with_data(feed(brand, count), content_type=RSS_TYPE)
    block = f"""
        [[sources]]
        type = "rss"
        name = "news"
        url = "{server.url_for(path)}"
        interval = 1
        """
    return textwrap.dedent(block)


def test_each_brand_collects_its_own_news_at_once_and_a_second_of_one_is_refused(
    pg_url: str, httpserver: HTTPServer, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    acme = brand_config(
        tmp_path / "acme.toml", pg_url, "Acme Air", "acme_air", news(httpserver, "Acme Air", 30)
    )
    bank = brand_config(
        tmp_path / "bank.toml",
        pg_url,
        "Borealis Bank",
        "borealis_bank",
        news(httpserver, "Borealis Bank", 20),
    )
    a, b = spawn("a", "collect", "-c", acme), spawn("b", "collect", "-c", bank)
    eventually(
        lambda: (
            (new_per_source(a.stdout()), new_per_source(b.stdout())) == ({"news": 30}, {"news": 20})
            or not (a.alive() and b.alive())
        ),
        "both brands' collectors stored their news",
    )
    assert a.alive() and b.alive(), (a.stderr(), b.stderr())

    refused = crisistui("collect", "-c", acme)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.strip() == (
        f"crisistui: another collector is already collecting news into {pg_url}, "
        "schema acme_air (it holds its lease)"
    )
    assert [a.stop(), b.stop()] == [0, 0], (a.stderr(), b.stderr())
    assert [r["text"] for r in exported(bank)] == [
        f"Borealis Bank update {n}: the queue is long" for n in range(20)
    ]
    assert len(exported(acme)) == 30

    # The lease is the brand's: the same source name in another schema is free.
    here = parse_location(pg_url)
    leases = [collector_lease(here.in_schema("acme_air"), ["news"])]
    try:
        assert leases[0].acquire()
        leases.append(collector_lease(here.in_schema("borealis_bank"), ["news"]))
        assert leases[-1].acquire()
        leases.append(collector_lease(here, ["news"]))  # the database's own public schema
        assert leases[-1].acquire()
        assert not collector_lease(here.in_schema("acme_air"), ["news"]).acquire()
    finally:
        for lease in leases:
            lease.release()


def columns_but_id(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = 'mentions' AND column_name <> 'id' "
        "ORDER BY ordinal_position"
    ).fetchall()
    return [str(row[0]) for row in rows]


async def test_a_brands_writes_neither_wake_nor_hold_back_another_brands_readers(
    pg_url: str,
) -> None:
    here = parse_location(pg_url)
    acme_where, bank_where = here.in_schema("acme_air"), here.in_schema("borealis_bank")
    now = datetime.now(UTC)
    async with await open_store(acme_where) as acme, await open_store(bank_where) as bank:
        await bank.add_mentions([mention("b0", at=now, subject="Borealis Bank")], now)
        await acme.add_mentions([mention(f"a{n}", at=now) for n in range(10)], now)
        with (
            psycopg.connect(conninfo(acme_where), autocommit=True) as listening,
            psycopg.connect(conninfo(bank_where)) as writing,
        ):
            channel = listening.execute("SELECT crisistui_changes_channel()").fetchone()
            assert channel == ("crisistui.acme_air",)
            listening.execute(f'LISTEN "{channel[0]}"')

            # Borealis Bank's batch is in flight: it drew an id below Acme Air's newest.
            cols = ", ".join(columns_but_id(writing))
            copied = cols.replace("external_id", "external_id || '-again'")
            writing.execute(f"INSERT INTO mentions ({cols}) SELECT {copied} FROM mentions")
            # Acme Air's readers still read to its newest mention (not to Borealis's id - 1).
            assert await acme.last_mention_id() == 10
            assert await acme.arrivals_since(0) == (10, now.replace(microsecond=0))
            writing.commit()

            # Borealis Bank's commit was no news to Acme Air's consoles; Acme Air's own is.
            await acme.add_mentions([mention("a10", at=now)], now)
            heard = next(listening.notifies(timeout=DEADLINE, stop_after=1))
            assert (heard.channel, heard.payload) == ("crisistui.acme_air", "mentions 11")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_second_brand_pointed_at_a_brands_database_is_refused_and_nothing_mixes(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The SRE who copied a config for a new client and forgot its schema (or its file)."""
    file = tmp_path / "acme.db"
    url = f"sqlite://{file}" if kind == "sqlite" else request.getfixturevalue("pg_url")
    acme = brand_config(tmp_path / "acme.toml", url, "Acme Air", None)
    bank = brand_config(tmp_path / "bank.toml", url, "Borealis Bank", None)
    done = crisistui(
        "import", posts(tmp_path / "a.jsonl", "Acme Air", 10, "lost my bag"), "-c", acme
    )
    assert done.returncode == 0, done.stderr

    shown = file if kind == "sqlite" else url
    said = (
        f"crisistui: {shown}: this database is Acme Air's, not Borealis Bank's: give each brand "
        "a database of its own ([storage] path or url), or on PostgreSQL a schema of its own "
        "([storage] schema)"
    )
    b_posts = posts(tmp_path / "b.jsonl", "Borealis Bank", 5, "app is great")
    for args in (
        ("import", b_posts, "-c", bank),
        ("collect", "--once", "-c", bank),
        ("export", "mentions", "-c", bank),
        ("incidents", "-c", bank),
        ("run", "--no-collect", "-c", bank),
        ("wall", "-c", bank),
        ("drill", "boycott", "--tabletop", "-c", bank),
    ):
        refused = crisistui(*args)
        assert (refused.returncode, refused.stderr.strip()) == (2, said), args
    status = crisistui("status", "-c", bank)
    assert status.returncode == 3 and status.stdout.startswith("UNKNOWN: "), status.stdout
    assert "this database is Acme Air's, not Borealis Bank's" in status.stdout

    # Nothing of Borealis Bank went in; Acme Air's own commands are untouched.
    assert [r["subject"] for r in exported(acme)] == ["Acme Air"] * 10
    assert crisistui("incidents", "-c", acme).returncode == 0
    assert crisistui("status", "-c", acme).stdout.startswith("OK: Acme Air")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_brands_database_opened_without_its_config_is_refused_not_shown_as_the_demos(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """From a folder without the config, a console on the team's database showed it as the
    demo brand's (calm, while the brand was at high) and opened 'Acme Air' incidents in it."""
    file = tmp_path / "bank.db"
    url = f"sqlite://{file}" if kind == "sqlite" else request.getfixturevalue("pg_url")
    bank = brand_config(tmp_path / "bank.toml", url, "Borealis Bank", None)
    done = crisistui(
        "import", posts(tmp_path / "b.jsonl", "Borealis Bank", 5, "app is down"), "-c", bank
    )
    assert done.returncode == 0, done.stderr
    where = str(file) if kind == "sqlite" else url
    a_posts = posts(tmp_path / "a.jsonl", "Acme Air", 3, "lost my bag")
    for args in (
        ("run", "--no-collect", "--db", where),
        ("wall", "--db", where),
        ("import", a_posts, "--db", where),
    ):
        refused = crisistui(*args)
        assert refused.returncode == 2, (args, refused.stderr)
        assert "this database is Borealis Bank's and no config was found" in refused.stderr
    assert [r["subject"] for r in exported(bank)] == ["Borealis Bank"] * 5


def as_login(url: str, login: str) -> str:
    """``url`` for another login (the test server trusts every login from 127.0.0.1)."""
    return url.replace("postgresql://crisistui@", f"postgresql://{login}@", 1)


def test_schemas_an_administrator_made_and_ones_nobody_made(
    pg_url: str, tmp_path: Path, spawn: Callable[..., Running]
) -> None:
    login = f"office_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {login} LOGIN")  # no CREATE right on the database
        admin.execute(f"CREATE SCHEMA lima_labs AUTHORIZATION {login}")
    office = as_login(pg_url, login)

    # The administrator made the schema: the office's login sets it up and uses it.
    lima = brand_config(tmp_path / "lima.toml", office, "Lima Labs", "lima_labs")
    done = crisistui("import", posts(tmp_path / "l.jsonl", "Lima Labs", 5, "great app"), "-c", lima)
    assert done.returncode == 0, done.stderr
    assert len(exported(lima)) == 5

    # Nobody made this one, and this login may not: it is told who can, and what to run.
    mike = brand_config(tmp_path / "mike.toml", office, "Mike Media", "mike_media")
    refused = crisistui("import", posts(tmp_path / "m.jsonl", "Mike Media", 5, "ok"), "-c", mike)
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"crisistui: {office}, schema mike_media: there is no schema mike_media, and this login "
        "may not create one: the administrator creates it (CREATE SCHEMA mike_media "
        "AUTHORIZATION <this login>), or grants CREATE on the database"
    )

    # A wall or a reading console never makes one: a mistyped schema is an error, not an
    # empty, calm wall in the war room.
    typo = brand_config(tmp_path / "typo.toml", pg_url, "Lima Labs", "lima_lab")
    for command in ("wall", "run --no-collect"):
        shown = crisistui(*command.split(), "-c", typo)
        assert shown.returncode == 2, shown.stderr
        assert shown.stderr.strip() == (
            f"crisistui: {pg_url}, schema lima_lab: no crisistui database here"
        )
    assert "lima_lab" not in schemas(pg_url)

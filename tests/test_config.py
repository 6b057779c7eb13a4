"""Config files: a typo is reported with the file, the dotted key and the reason."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from crisistui.config import (
    ConfigError,
    RssSourceConfig,
    demo_config,
    find_config,
    load_config,
    parse_config,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "crisistui.example.toml"
BRAND = {"name": "Acme Air", "terms": ["acme air"]}


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the real user's config or data folders."""
    monkeypatch.delenv("CRISISTUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def problems_of(data: dict[str, Any]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    return str(caught.value)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- the shipped example -----------------------------------------------------------------------


def test_example_config_loads() -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is not written yet")
    config = load_config(EXAMPLE)
    assert config.brand.name
    assert config.brand.terms
    assert config.subjects[0] == config.brand.name
    assert config.sentiment.negative < config.sentiment.positive
    assert config.origin == EXAMPLE.resolve()
    names = [source.name for source in config.sources]
    assert len(names) == len(set(names))
    for source in config.sources:
        if isinstance(source, RssSourceConfig):
            assert source.url.startswith(("http://", "https://"))


def test_built_in_demo_config_is_valid() -> None:
    config = demo_config()
    assert config.subjects == ["Acme Air", "Zephyr Airlines"]
    assert [s.type for s in config.sources] == ["demo"]
    assert config.sources[0].effective_filter == "none"


def test_minimal_config_gets_defaults() -> None:
    config = parse_config(
        {"brand": BRAND, "sources": [{"type": "rss", "name": "n", "url": "https://x"}]}
    )
    assert config.sentiment.positive is None  # each language's calibrated default
    assert config.sentiment.languages == {}
    assert config.console.playbook == "default"
    source = config.sources[0]
    assert source.interval == 300
    assert source.effective_filter == "terms"


# -- errors name the key -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "demo"])
def test_wrong_interval_type_names_the_source_key(kind: str) -> None:
    source = {"type": kind, "name": "feed", "url": "https://x.example/rss", "interval": "fast"}
    if kind == "demo":
        del source["url"]
    message = problems_of({"brand": BRAND, "sources": [source]})
    assert "sources[0].interval" in message
    assert "number" in message
    assert kind not in message.split(":")[1]  # pydantic's union tag is not shown as a key


def test_second_source_is_named_by_its_index() -> None:
    message = problems_of(
        {
            "brand": BRAND,
            "sources": [
                {"type": "demo", "name": "ok"},
                {"type": "rss", "name": "bad", "url": "https://x", "interval": 0},
            ],
        }
    )
    assert "sources[1].interval" in message
    assert "sources[0]" not in message


def test_unknown_key_is_named() -> None:
    assert "brand.colour: unknown key" in problems_of({"brand": {**BRAND, "colour": "red"}})
    assert "colour: unknown key" in problems_of({"brand": BRAND, "colour": "red"})
    # where the file was read from is kept, not taken from the file (it was silently ignored)
    assert "origin: unknown key" in problems_of({"brand": BRAND, "origin": "x"})


def test_a_misspelt_key_is_named_with_the_key_it_was_probably_meant_to_be() -> None:
    assert 'brand.acounts: unknown key (did you mean "accounts"?)' in problems_of(
        {"brand": {**BRAND, "acounts": ["@acme"]}}
    )
    # a key the config knows elsewhere but not here is no typo of itself
    rss = {"name": "news", "type": "rss", "url": "https://example.com/feed", "tags": "x"}
    assert "sources[0].tags: unknown key (source 'news')" in problems_of(
        {"brand": BRAND, "sources": [rss]}
    )
    # a typo is compared with its neighbours only: a source's "interval" is no hint for
    # [alerts], and the program's own "origin" none for the top level
    feed = {"name": "news", "type": "rss", "url": "https://example.com/feed", "intervall": 60}
    problems = problems_of(
        {"brand": BRAND, "sources": [feed], "alerts": {"intervall": 5}, "orign": "x"}
    )
    assert 'sources[0].intervall: unknown key (did you mean "interval"?)' in problems
    assert "alerts.intervall: unknown key\n" in problems + "\n"
    assert "orign: unknown key\n" in problems + "\n"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"brand": {**BRAND, "terms": []}}, "brand.terms: must not be empty"),
        ({"brand": {**BRAND, "terms": "acme"}}, 'brand.terms: must be a list, like ["a", "b"]'),
        ({"brand": BRAND, "severity": {"preset": "balnced"}},
         "severity.preset: must be one of 'sensitive', 'balanced' or 'strict'"),
    ],
)  # fmt: skip
def test_a_refused_value_is_explained_in_a_config_writers_words(
    data: dict[str, object], said: str
) -> None:
    problems = problems_of(data)
    assert said in problems
    assert "Input should" not in problems and "after validation" not in problems


def test_a_playbooks_dir_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    """A typo in playbooks_dir left the team's own playbooks out without a word."""
    from crisistui.cli.common import playbooks_for

    config = parse_config({"brand": BRAND, "playbooks_dir": "playbok"}, origin=tmp_path / "c.toml")
    with pytest.raises(ConfigError, match=r"playbooks_dir: no such folder: .*playbok"):
        playbooks_for(config)
    (tmp_path / "playbok").mkdir()
    assert playbooks_for(config)


def test_wrong_type_in_brand_terms_is_named() -> None:
    assert "brand.terms" in problems_of({"brand": {"name": "Acme Air", "terms": "acme air"}})
    assert "brand.terms[1]" in problems_of({"brand": {"name": "A", "terms": ["acme", 3]}})


def test_every_problem_is_reported_at_once() -> None:
    message = problems_of(
        {"brand": {"name": "", "terms": []}, "console": {"feed_rows": 1}, "extra": True}
    )
    for key in ("brand.name", "brand.terms", "console.feed_rows", "extra"):
        assert key in message
    assert len(message.splitlines()) == 4


@pytest.mark.parametrize("negative", [0.05, 0.3])
def test_negative_threshold_must_be_below_positive(negative: float) -> None:
    message = problems_of({"brand": BRAND, "sentiment": {"positive": 0.05, "negative": negative}})
    assert "sentiment" in message
    assert "negative threshold must be below the positive threshold" in message


def test_duplicate_source_names_are_refused() -> None:
    message = problems_of(
        {
            "brand": BRAND,
            "sources": [
                {"type": "rss", "name": "news", "url": "https://a.example/rss"},
                {"type": "rss", "name": "news", "url": "https://b.example/rss"},
            ],
        }
    )
    assert "'news' is used twice" in message


def test_unknown_source_type_lists_the_known_ones() -> None:
    message = problems_of({"brand": BRAND, "sources": [{"type": "twitter", "name": "x"}]})
    assert "sources[0]" in message
    assert "unknown source type" in message
    assert "'demo'" in message and "'rss'" in message


def test_bad_source_name_and_url_are_explained() -> None:
    message = problems_of(
        {"brand": BRAND, "sources": [{"type": "rss", "name": "my feed", "url": "ftp://x"}]}
    )
    assert "sources[0].name" in message
    assert "sources[0].url" in message
    assert "http" in message


def test_invalid_toml_reports_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.toml", '[brand]\nname = "Acme\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.file == str(path)
    assert str(caught.value).startswith(f"{path}: invalid TOML")
    assert "line 2" in str(caught.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="file not found") as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_validation_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        """
        [brand]
        name = "Acme Air"
        terms = "acme air"
        """,
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: brand.terms")  # the file as it was named


# -- paths -------------------------------------------------------------------------------------


def test_relative_storage_path_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "war-room" / "crisistui.toml",
        """
        [brand]
        name = "Acme Air"
        terms = ["acme air"]

        [storage]
        path = "data/acme.db"
        """,
    )
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("war-room/crisistui.toml"))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert config.db_path() == tmp_path.resolve() / "war-room" / "data" / "acme.db"


def test_absolute_and_home_storage_paths(tmp_path: Path) -> None:
    absolute = parse_config({"brand": BRAND, "storage": {"path": str(tmp_path / "x.db")}})
    assert absolute.db_path() == tmp_path / "x.db"
    home = parse_config(
        {"brand": BRAND, "storage": {"path": "~/crisis.db"}}, origin=tmp_path / "c.toml"
    )
    assert home.db_path() == tmp_path / "home" / "crisis.db"


def test_default_storage_is_in_the_user_data_dir(tmp_path: Path) -> None:
    config = parse_config({"brand": BRAND})
    assert config.db_path() == tmp_path / "xdg-data" / "crisistui" / "crisistui.db"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://crisis@db.example/crisis",
        "postgres://crisis@db.example:5432/crisis",
        "postgresql://crisis@[::1]:5432,db2:5433/crisis",
        "postgresql:///crisis?service=team",
        "sqlite:///var/crisis.db",
    ],
)
def test_a_database_url_libpq_reads_is_taken(url: str) -> None:
    assert parse_config({"brand": BRAND, "storage": {"url": url}}).storage.url == url


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://crisis:s3cret@db.example:543x/crisis", "the port '543x' is not a number"),
        ("postgresql://db1:5432,db2:five/crisis", "the port 'five' is not a number"),
        ("mysql://db.example/crisis", "must start with postgresql:// or sqlite:///"),
    ],
)
def test_a_database_url_that_cannot_work_is_refused_without_its_password(
    url: str, said: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_config({"brand": BRAND, "storage": {"url": url}})
    assert said in str(refused.value) and "s3cret" not in str(refused.value)


def test_playbook_dirs_resolve_against_the_config_file(tmp_path: Path) -> None:
    config = parse_config(
        {"brand": BRAND, "playbooks_dir": "mine"}, origin=tmp_path / "room" / "c.toml"
    )
    assert config.playbook_dirs() == [tmp_path / "room" / "playbooks", tmp_path / "room" / "mine"]


# -- find_config -------------------------------------------------------------------------------


def test_find_config_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_config(None) is None  # nothing anywhere

    user = write(tmp_path / "xdg-config" / "crisistui" / "crisistui.toml", "")
    assert find_config(None) == user

    env = tmp_path / "from-env.toml"
    monkeypatch.setenv("CRISISTUI_CONFIG", str(env))
    assert find_config(None) == env

    explicit = tmp_path / "explicit.toml"
    assert find_config(explicit) == explicit


def test_empty_env_var_falls_back_to_the_user_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = write(tmp_path / "xdg-config" / "crisistui" / "crisistui.toml", "")
    monkeypatch.setenv("CRISISTUI_CONFIG", "")
    assert find_config(None) == user


def test_user_config_dir_comes_from_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "patched"
    user = write(folder / "crisistui.toml", "")
    monkeypatch.setattr(
        "crisistui.config.platformdirs.user_config_dir", lambda app: str(tmp_path / "patched")
    )
    assert find_config(None) == user


def test_a_queue_threshold_out_of_range_names_its_key() -> None:
    message = problems_of({"brand": BRAND, "response": {"high_reach": 0, "queue_hours": -1}})
    assert "response.high_reach" in message and "response.queue_hours" in message


# -- the brand's own accounts --------------------------------------------------------------------


async def test_the_demo_brands_mastodon_apology_is_not_a_complaint(tmp_path: Path) -> None:
    """The demo brand answers on Mastodon as `@AcmeAir@social.example.net`: its apology is the
    response, so it is neither in the triage queue nor among the loudest negative voices."""
    from datetime import UTC, datetime, timedelta

    from crisistui.domain.clock import ManualClock
    from crisistui.domain.own_accounts import OwnAccounts
    from crisistui.pipeline import Pipeline
    from crisistui.sources.demo import DemoSource, load_scenario
    from crisistui.store import open_store

    config = demo_config()
    origin = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    around = [line for line in load_scenario() if 6500 <= line.offset_s <= 6700]
    apology = next(line for line in around if "@AcmeAir@" in line.item["author"])
    clock = ManualClock(origin + timedelta(seconds=6700))
    pipeline = Pipeline(config)
    mentions = [pipeline.process(item, keep_unmatched=True) for item in
                DemoSource("demo", clock, origin, scenario=around).due()]  # fmt: skip
    brand, own = config.brand.name, OwnAccounts(config.brand.accounts)
    async with await open_store(tmp_path / "demo.db") as store:
        await store.add_mentions([m for m in mentions if m is not None], clock.now())
        since = origin + timedelta(seconds=6000)
        everything = await store.triage_queue(brand, since, limit=1000)
        queue = await store.triage_queue(brand, since, limit=1000, own=own)
        loudest = await store.top_negative(brand, since, until=clock.now(), limit=50, own=own)
    posted = [m for m, _ in everything if m.author == apology.item["author"]]
    assert posted and posted[0].label.value == "negative", "the apology reads as negative"
    assert apology.item["author"] not in [m.author for m, _ in queue]
    assert apology.item["author"] not in [m.author for m in loudest]
    assert queue, "the complaints around it are still queued"


def test_own_accounts_take_mastodon_handles_and_profile_addresses() -> None:
    """A Mastodon account is `@user@server` (the server is part of who it is), written as the
    author appears or as its profile address; a bare handle does not cover other servers."""
    from crisistui.domain.own_accounts import OwnAccounts

    own = OwnAccounts(
        [
            "@AcmeAir@social.example.net",
            "https://mastodon.social/@AcmeAirHelp",
            "https://bsky.app/profile/acmeair.bsky.social",
        ]
    )
    assert "@acmeair@Social.Example.net" in own
    assert "@AcmeAirHelp@mastodon.social" in own and "acmeairhelp@mastodon.social" in own
    assert "@acmeair.bsky.social" in own
    assert "@AcmeAir" not in own  # on X, or local to some server: not the same account
    assert "@AcmeAir@impostor.example" not in own
    assert "@AcmeAirHelp@other.example" not in own
    assert "@AcmeAir" not in OwnAccounts(["@AcmeAir@social.example.net"])
    assert "@AcmeAir@social.example.net" not in OwnAccounts(["@AcmeAir"])


# -- files as editors save them ------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_named_with_its_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[brand]\nname = "Café"\nterms = ["acme"]\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "not UTF-8 text (line 2: byte 0xe9); save it as UTF-8" in str(caught.value)


def test_a_byte_order_mark_at_the_start_is_read_past(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[brand]\nname = "Café"\nterms = ["acme"]\n'.encode())
    assert load_config(path).brand.name == "Café"


def test_a_name_printed_everywhere_holds_no_escape_and_a_url_no_space() -> None:
    said = problems_of(
        {
            "brand": {"name": "A\x1b[2J\u202e", "terms": ["acme"]},
            "competitors": [{"name": "Rival\x07", "terms": ["rival"]}],
            "sources": [{"name": "x", "type": "rss", "url": "http://exa mple.com/feed"}],
        }
    )
    assert "brand.name: contains a control or invisible character" in said
    assert "competitors[0].name: contains a control or invisible character" in said
    assert "sources[0].url: must be an http:// or https:// URL" in said
    assert "\x1b" not in said


def test_a_check_across_keys_is_reported_beside_a_bad_key() -> None:
    """ "thresholds must rise" came only after window_minutes was fixed: one round of fixes
    per kind of check."""
    message = problems_of(
        {"brand": BRAND, "severity": {"elevated_at": 5, "high_at": 3, "window_minutes": 0}}
    )
    assert "severity.window_minutes" in message
    assert "thresholds must rise" in message
    assert len(message.splitlines()) == 2


def test_a_json_path_with_an_empty_part_is_refused_before_the_first_poll() -> None:
    message = problems_of(
        {
            "brand": BRAND,
            "sources": [
                {
                    "type": "json",
                    "name": "j",
                    "url": "https://x.example/feed",
                    "items": "data..x",
                    "fields": {"id": "id", "text": "body.", "created_at": "ts"},
                }
            ],
        }
    )
    assert "sources[0].items: 'data..x' has an empty part" in message
    assert "sources[0].fields.text: 'body.' has an empty part" in message

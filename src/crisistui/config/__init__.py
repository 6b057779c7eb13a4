"""TOML configuration, validated into typed models.

Errors name the file, the key (dotted, with list indexes) and the reason, so a typo in a war-room
config is found before the bad day, by ``crisistui check-config``.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Iterable, Sequence, Set
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator, model_validator

from crisistui.config.base import DisplayName, EnvName, Model, Term, Url
from crisistui.config.database_url import bad_port, schema_problem
from crisistui.config.messages import did_you_mean, keys_at, plain_message
from crisistui.config.response import ResponseConfig
from crisistui.config.sentiment import SentimentConfig
from crisistui.config.severity import SEVERITY_PRESETS, SeverityConfig, SeverityPreset
from crisistui.config.sources import (
    BlueskySourceConfig,
    DemoSourceConfig,
    HackerNewsSourceConfig,
    JsonFieldsConfig,
    JsonSourceConfig,
    MastodonSourceConfig,
    RedditSourceConfig,
    RssSourceConfig,
    SourceConfig,
    SourceSpec,
)
from crisistui.config.triggers import check_triggers, effective_triggers

__all__ = [
    "SEVERITY_PRESETS",
    "AlertsConfig",
    "BlueskySourceConfig",
    "BrandConfig",
    "CompetitorConfig",
    "Config",
    "ConfigError",
    "ConsoleConfig",
    "DemoSourceConfig",
    "HackerNewsSourceConfig",
    "JsonFieldsConfig",
    "JsonSourceConfig",
    "MastodonSourceConfig",
    "RedditSourceConfig",
    "ResponseConfig",
    "RssSourceConfig",
    "SentimentConfig",
    "SeverityConfig",
    "SeverityPreset",
    "SourceConfig",
    "SourceSpec",
    "StorageConfig",
    "demo_config",
    "find_config",
    "load_config",
    "parse_config",
]

APP_NAME = "crisistui"
ENV_CONFIG = "CRISISTUI_CONFIG"


class BrandConfig(Model):
    """The brand being watched."""

    name: DisplayName = Field(description="Display name, e.g. 'Acme Air'.")
    terms: list[Term] = Field(
        min_length=1, description="Words, phrases, @handles or #hashtags that mean the brand."
    )
    exclude: list[Term] = Field(
        default_factory=list, description="Phrases that look like the brand but are not it."
    )
    status_url: Url | None = Field(
        default=None,
        description="Status or incident page that statements point to ({status_url}).",
    )
    contact: str | None = Field(
        default=None,
        min_length=1,
        description="Where people can reach the team, e.g. a press email ({contact}).",
    )
    accounts: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="The brand's own accounts as authors appear ('@AcmeAir', "
        "'@acmeair@mastodon.social', 'acmeair.bsky.social', or a profile address): their "
        "posts are never a loud negative voice, in the triage queue or on the wall. A Mastodon "
        "account needs its server: '@AcmeAir' does not cover '@AcmeAir@mastodon.social'.",
    )


class CompetitorConfig(Model):
    """A competitor, for share of voice."""

    name: DisplayName
    terms: list[Term] = Field(min_length=1)
    exclude: list[Term] = Field(default_factory=list)


class StorageConfig(Model):
    """Where the data lives: one SQLite file (one machine), or a PostgreSQL database that a
    team's collectors and consoles share."""

    url: str | None = Field(
        default=None,
        description="postgresql://user@host/db (a team's shared database) or sqlite:///path; "
        "when set, `path` is not used. Leave the password out: libpq finds it in PGPASSWORD, "
        "a service file (postgresql:///?service=name) or ~/.pgpass.",
    )

    path: Path | None = Field(
        default=None,
        strict=False,
        description="Database file; relative paths are relative to the config file. "
        "Default: the user data directory.",
    )

    brand_schema: str | None = Field(
        default=None,
        alias="schema",
        description="PostgreSQL only: the schema that holds this brand's data, so that "
        "several brands (an agency's clients) share one database and each console, collector "
        "and report sees only its own brand. Created on first use. A SQLite file holds one "
        "brand: there it is not used.",
    )

    @field_validator("brand_schema")
    @classmethod
    def _schema_name(cls, schema: str | None) -> str | None:
        if schema is not None and (problem := schema_problem(schema)):
            raise ValueError(problem)
        return schema

    @field_validator("url")
    @classmethod
    def _known_kind(cls, url: str | None) -> str | None:
        if url is None:
            return None
        url = url.strip()
        if not url.startswith(("postgresql://", "postgres://", "sqlite:")):
            raise ValueError("must start with postgresql:// or sqlite:///")
        if not url.startswith("sqlite:") and (port := bad_port(url)) is not None:
            raise ValueError(f"the port {port!r} is not a number")
        return url


class AlertsConfig(Model):
    """Where level changes are announced besides the console and the timeline."""

    urls_env: list[EnvName] = Field(
        default_factory=list,
        description="Environment variables holding Apprise URLs (several per variable allowed).",
    )
    min_level: Literal["elevated", "high", "critical"] = Field(
        default="high", description="Rises to this level or above are sent."
    )
    notify_recovery: bool = Field(
        default=True, description="Also send when the level falls back below min_level."
    )
    cooldown_minutes: float = Field(
        default=15.0,
        ge=0,
        le=7 * 24 * 60,
        description="The same level is not sent again within this time (at most a week).",
    )
    max_per_hour: int = Field(default=6, ge=1, le=600, description="Cap on alerts sent per hour.")
    retries: int = Field(default=2, ge=0, le=5, description="Retries of a failed send.")
    timeout_seconds: float = Field(default=20.0, gt=0, le=300, description="Per attempt.")
    bell: bool = Field(default=True, description="Ring the terminal bell on a rise.")


class ConsoleConfig(Model):
    """How the console behaves."""

    playbook: str = Field(default="default", description="Playbook id for the checklist pane.")
    feed_rows: int = Field(default=300, ge=20, le=5000, description="Rows kept in the feed.")
    refresh_seconds: float = Field(default=0.5, ge=0.1, le=10.0)
    keys: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict,
        description="Key binding id → keys (comma-separated), e.g. 'app.timeline' = 'T'. "
        "A key two actions would share where both work is refused.",
    )
    theme: str | None = Field(
        default=None,
        min_length=1,
        description="Colour theme at start, one of Textual's (e.g. 'nord', 'gruvbox', "
        "'textual-light'). A theme chosen in the command palette is remembered for the user "
        "(in the user state directory) and used at the next start, until this key changes.",
    )


class Config(Model):
    """The whole configuration file."""

    brand: BrandConfig
    competitors: list[CompetitorConfig] = Field(default_factory=list)
    storage: StorageConfig = Field(default_factory=StorageConfig)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    severity: SeverityConfig = Field(default_factory=SeverityConfig)
    console: ConsoleConfig = Field(default_factory=ConsoleConfig)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    response: ResponseConfig = Field(default_factory=ResponseConfig)
    triggers: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Trigger terms per crisis type; a type named here replaces its built-in "
        "list, an empty list turns it off, other types keep their built-in terms.",
    )
    playbooks_dir: Path | None = Field(
        default=None,
        strict=False,
        description="Extra playbook directory (default: 'playbooks' beside this file).",
    )
    origin: Path | None = Field(
        default=None, strict=False, exclude=True, description="File it was read from."
    )

    @model_validator(mode="after")
    def _unique_sources(self) -> Config:
        if twice := twice_named(source.name for source in self.sources):
            raise ValueError(twice[0])
        return self

    @field_validator("triggers")
    @classmethod
    def _check_triggers(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_triggers(value)

    @property
    def trigger_terms(self) -> dict[str, tuple[str, ...]]:
        """Terms per crisis type in effect: the built-in lists, as `[triggers]` changes them."""
        return effective_triggers(self.triggers)

    @property
    def subjects(self) -> list[str]:
        """The brand first, then each competitor."""
        return [self.brand.name, *(c.name for c in self.competitors)]

    @property
    def name_terms(self) -> list[str]:
        """The brand's terms, then each competitor's: names, left out of what is scored."""
        return [*self.brand.terms, *(t for c in self.competitors for t in c.terms)]

    def db_location(self) -> str | Path:
        """``[storage] url`` when set, else the database file."""
        return self.storage.url or self.db_path()

    def db_path(self) -> Path:
        """The database file, resolved against the config file's folder."""
        if self.storage.path is None:
            return Path(platformdirs.user_data_dir(APP_NAME)) / "crisistui.db"
        path = self.storage.path.expanduser()
        if not path.is_absolute() and self.origin is not None:
            path = self.origin.parent / path
        return path

    def playbook_dirs(self) -> list[Path]:
        """Folders searched for playbooks, most specific last (later ones override)."""
        dirs: list[Path] = []
        if self.origin is not None:
            dirs.append(self.origin.parent / "playbooks")
        if (named := self.named_playbooks_dir()) is not None:
            dirs.append(named)
        return dirs

    def named_playbooks_dir(self) -> Path | None:
        """``playbooks_dir`` as written, relative to the file's folder."""
        if self.playbooks_dir is None:
            return None
        path = self.playbooks_dir.expanduser()
        if not path.is_absolute() and self.origin is not None:
            path = self.origin.parent / path
        return path


class ConfigError(Exception):
    """A config file that cannot be used; ``problems`` holds one line per bad key."""

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__("\n".join(f"{file}: {p}" for p in self.problems))


_SOURCE_TYPES = {"rss", "mastodon", "bluesky", "reddit", "hackernews", "json", "demo"}


def dotted_key(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    previous: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif previous is not None and isinstance(previous, int) and part in _SOURCE_TYPES:
            pass  # pydantic's union tag, not a key the user wrote
        else:
            parts.append(("." if parts else "") + part)
        previous = part
    return "".join(parts) or "(top level)"


def _source_named(loc: tuple[Any, ...], data: dict[str, object]) -> str:
    """' (source "news")' for a problem inside a ``[[sources]]`` table that has a name: a
    table is found by its name, not by counting tables from 0."""
    if len(loc) < 2 or loc[0] != "sources" or not isinstance(loc[1], int):
        return ""
    listed = data.get("sources")
    entry = listed[loc[1]] if isinstance(listed, list) and loc[1] < len(listed) else None
    name = entry.get("name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name.isprintable() or len(name) > 60:
        return ""
    return f" (source {name!r})"


def parse_config(
    data: dict[str, object], origin: Path | None = None, *, named: str | None = None
) -> Config:
    """Validate already-parsed TOML data. ``named``: the file as the user named it, which
    errors say (``origin`` is where it resolves, which relative paths in it start from)."""
    label = named or (str(origin) if origin else "<config>")
    if "origin" in data:  # where the file was read from is not for the file to say
        raise ConfigError(label, ["origin: unknown key"])
    try:
        return Config.model_validate({**data, "origin": origin})
    except ValidationError as exc:
        problems = _problems(exc, data)
        problems += [p for p in _behind(exc, data, origin) if p not in problems]
        # the checks across tables run only once every table is valid: said now, in one go
        problems += [
            f"sources: {said}" for said in _twice_named(data) if f"sources: {said}" not in problems
        ]
        raise ConfigError(label, problems) from None


def _behind(exc: ValidationError, data: dict[str, object], origin: Path | None) -> list[str]:
    """The problems a table's own errors hide: a table's checks across its keys ("thresholds
    must rise") run only once each of its keys is valid, so with the wrong keys left out
    (their defaults in their place) the file is checked again, up to three rounds, and what
    that finds is said too: every problem at once, not one round of fixes per kind."""
    found: list[str] = []
    current = copy.deepcopy(data)
    left: set[tuple[object, ...]] = set()
    for _ in range(3):
        for err in exc.errors():
            left.add(tuple(err["loc"]))
            _leave_out(current, tuple(err["loc"]))
        try:
            Config.model_validate({**current, "origin": origin})
            return found
        except ValidationError as again:
            # a key left out and now missing is the same problem, said already
            fresh = [p for p in _problems(again, current, left) if p not in found]
            if not fresh:
                return found
            found += fresh
            exc = again
    return found


def _leave_out(data: dict[str, object], loc: tuple[object, ...]) -> None:
    """``data`` without the key at ``loc`` (a validation error's place; a source's type tag
    in it, which is no key of the file, is passed over)."""
    node: object = data
    for part in loc[:-1]:
        listed = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if listed or (isinstance(node, dict) and part in node):
            node = node[part]  # type: ignore[index]
    if isinstance(node, dict) and loc and loc[-1] in node:
        del node[loc[-1]]


def _problems(
    exc: ValidationError, data: dict[str, object], said: Set[tuple[object, ...]] = frozenset()
) -> list[str]:
    """Each of a validation's errors as a line naming its key (but those at ``said``)."""
    problems = []
    for err in exc.errors():
        if tuple(err["loc"]) in said:
            continue
        key = dotted_key(tuple(err["loc"]))
        message = plain_message(err)
        if err["type"] == "extra_forbidden":
            written, parent = str(err["loc"][-1]), tuple(err["loc"][:-1])
            message = "unknown key" + did_you_mean(written, keys_at(Config, parent))
        elif err["type"] == "string_pattern_mismatch" and key.endswith("url"):
            message = "must be an http:// or https:// URL"
        elif err["type"] == "string_pattern_mismatch" and key.endswith("name"):
            message = "may hold only letters, digits, '.', '_' and '-'"
        elif err["type"] == "union_tag_not_found":
            key, message = f"{key}.type", f"missing (one of {sorted(_SOURCE_TYPES)})"
        elif err["type"] == "union_tag_invalid":
            given = (err.get("ctx") or {}).get("tag", "")
            message = (
                f"unknown source type {str(given)[:40]!r} (expected one of {sorted(_SOURCE_TYPES)})"
            )
        message += _source_named(tuple(err["loc"]), data)
        if key == "triggers" and ": " in message:  # check_triggers names each entry
            for said in message.split("\n"):
                where, said = said.split(": ", 1)
                problems.append(f"triggers.{where}: {said}")
            continue
        if key == "(top level)" and message.startswith("source name"):
            key = "sources"
        problems.append(f"{key}: {message}")
    return problems


def twice_named(names: Iterable[object]) -> list[str]:
    """What is wrong with source names written twice, each said once."""
    seen: set[object] = set()
    twice: list[object] = []
    for name in names:
        if name in seen and name not in twice:
            twice.append(name)
        seen.add(name)
    return [f"source name {name!r} is used twice" for name in twice]


def _twice_named(data: dict[str, object]) -> list[str]:
    """``twice_named`` of the file's tables as they are (before they validate)."""
    listed = data.get("sources")
    entries = listed if isinstance(listed, list) else []
    return twice_named(
        e["name"] for e in entries if isinstance(e, dict) and isinstance(e.get("name"), str)
    )


def read_toml(path: Path, label: str | None = None) -> dict[str, Any]:
    """A TOML file's table, or a ConfigError naming the file (as ``label`` says, else as
    given) and what is wrong with it."""
    named = label or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(named, ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(named, [f"cannot read: {exc.strerror}"]) from None
    try:
        # Notepad and friends start UTF-8 with a byte-order mark, which TOML does not allow
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            named,
            [f"not UTF-8 text (line {line}: byte 0x{raw[exc.start]:02x}); save it as UTF-8"],
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(named, [f"invalid TOML: {exc}"]) from None


def load_config(path: Path) -> Config:
    """Read and validate one TOML file."""
    return parse_config(
        read_toml(path, config_label(path)), origin=path.resolve(), named=config_label(path)
    )


def config_label(path: Path | None) -> str:
    """How messages name a config file, the same whatever the mistake: from the working
    folder when it is inside it ("team.toml"), else in full."""
    if path is None:
        return "config"
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)


def find_config(explicit: Path | None) -> Path | None:
    """The config file to use: ``-c FILE``, then $CRISISTUI_CONFIG, then the user config dir."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    user = user_config_path()
    return user if user.is_file() else None


def user_config_path() -> Path:
    """Where a config is looked for when none is named (``~/.config/crisistui/crisistui.toml``
    on Linux)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "crisistui.toml"


def demo_config() -> Config:
    """The built-in configuration of the demo brand, used when no file is given."""
    return parse_config(
        {
            "brand": {
                "name": "Acme Air",
                "terms": ["acme air", "acmeair", "#acmeair", "@acmeair"],
                "exclude": ["acme air fryer"],
                "status_url": "https://status.acme-air.example",
                "contact": "press@acme-air.example",
                # As its posts appear: on X-like sources, and on Mastodon with its server.
                "accounts": ["@AcmeAir", "@AcmeAir@social.example.net"],
            },
            "competitors": [
                {
                    "name": "Zephyr Airlines",
                    "terms": ["zephyr airlines", "@zephyrair", "#zephyrair"],
                }
            ],
            "sources": [{"type": "demo", "name": "demo"}],
            # the demo tells three hours in three minutes: its storm stands down as fast
            "severity": {"high_calm_minutes": 10},
        }
    )

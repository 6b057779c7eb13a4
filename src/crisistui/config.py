"""TOML configuration, validated into typed models.

Errors name the file, the key (dotted, with list indexes) and the reason, so a typo in a war-room
config is found before the bad day, by ``crisistui check-config``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

APP_NAME = "crisistui"
ENV_CONFIG = "CRISISTUI_CONFIG"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class BrandConfig(_Model):
    """The brand being watched."""

    name: str = Field(min_length=1, description="Display name, e.g. 'Acme Air'.")
    terms: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="Words, phrases, @handles or #hashtags that mean the brand."
    )
    exclude: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Phrases that look like the brand but are not it."
    )


class CompetitorConfig(_Model):
    """A competitor, for share of voice."""

    name: str = Field(min_length=1)
    terms: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    exclude: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)


class StorageConfig(_Model):
    """Where the single SQLite file lives."""

    path: Path | None = Field(
        default=None,
        strict=False,
        description="Database file; relative paths are relative to the config file. "
        "Default: the user data directory.",
    )


class SentimentConfig(_Model):
    """Thresholds on the VADER compound score (-1..1) that give the label."""

    positive: float = Field(default=0.05, ge=-1.0, le=1.0)
    negative: float = Field(default=-0.05, ge=-1.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> SentimentConfig:
        if self.negative >= self.positive:
            raise ValueError("negative threshold must be below the positive threshold")
        return self


_Url = Annotated[str, Field(pattern=r"^https?://")]
_EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class _SourceBase(_Model):
    default_filter: ClassVar[str] = "none"

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$", description="Unique id.")
    interval: float = Field(default=300.0, ge=1.0, le=86400.0, description="Seconds between polls.")
    filter: Literal["terms", "none"] | None = Field(
        default=None, description="'terms' keeps only items matching a term; 'none' keeps all."
    )

    @property
    def effective_filter(self) -> str:
        return self.filter or self.default_filter


class RssSourceConfig(_SourceBase):
    """An RSS or Atom feed."""

    default_filter: ClassVar[str] = "terms"
    type: Literal["rss"]
    url: _Url = Field(description="Feed URL.")


class MastodonSourceConfig(_SourceBase):
    """Hashtag timelines of a Mastodon instance and, with a token, its search."""

    type: Literal["mastodon"]
    url: _Url = Field(default="https://mastodon.social", description="Instance base URL.")
    tags: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    query: str | None = Field(default=None, min_length=1, description="Search (needs a token).")
    token_env: _EnvName | None = Field(default=None, description="Variable holding the token.")

    @model_validator(mode="after")
    def _something_to_watch(self) -> MastodonSourceConfig:
        if not self.tags and not self.query:
            raise ValueError("give tags, a query, or both")
        if self.query and not self.token_env:
            raise ValueError("query needs token_env: Mastodon search requires a token")
        return self


class BlueskySourceConfig(_SourceBase):
    """Bluesky post search with an app password (the service refuses anonymous search)."""

    type: Literal["bluesky"]
    url: _Url = Field(default="https://bsky.social", description="Service (PDS) base URL.")
    query: str = Field(min_length=1)
    handle: str = Field(min_length=1, description="Account handle, e.g. brand.bsky.social.")
    app_password_env: _EnvName = Field(description="Variable holding the app password.")


class RedditSourceConfig(_SourceBase):
    """Reddit search listing, newest first."""

    type: Literal["reddit"]
    url: _Url = Field(default="https://www.reddit.com")
    query: str = Field(min_length=1)
    subreddit: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_]+$")
    client_id_env: _EnvName | None = Field(default=None, description="OAuth app id variable.")
    client_secret_env: _EnvName | None = Field(default=None, description="OAuth secret variable.")

    @model_validator(mode="after")
    def _oauth_pair(self) -> RedditSourceConfig:
        if (self.client_id_env is None) != (self.client_secret_env is None):
            raise ValueError("OAuth needs both client_id_env and client_secret_env")
        return self


class HackerNewsSourceConfig(_SourceBase):
    """Hacker News through the Algolia search API."""

    type: Literal["hackernews"]
    url: _Url = Field(default="https://hn.algolia.com")
    query: str = Field(min_length=1)
    kinds: list[Literal["story", "comment"]] = Field(
        default_factory=lambda: ["story", "comment"], min_length=1
    )


class JsonFieldsConfig(_Model):
    """Where each mention field is in one item of a generic JSON endpoint (dotted paths)."""

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    created_at: str = Field(min_length=1)
    author: str | None = None
    url: str | None = None
    followers: str | None = None
    likes: str | None = None
    reposts: str | None = None
    replies: str | None = None
    lang: str | None = None


class JsonSourceConfig(_SourceBase):
    """Any HTTP JSON endpoint (in-house tools), mapped field by field."""

    default_filter: ClassVar[str] = "terms"
    type: Literal["json"]
    url: _Url
    items: str = Field(default="", description="Dotted path to the list ('' = the top level).")
    fields: JsonFieldsConfig
    token_env: _EnvName | None = Field(default=None, description="Bearer token variable.")


class DemoSourceConfig(_SourceBase):
    """The built-in scenario replayed in accelerated time."""

    type: Literal["demo"]
    interval: float = Field(default=1.0, ge=0.05, le=60.0)


SourceConfig = Annotated[
    RssSourceConfig
    | MastodonSourceConfig
    | BlueskySourceConfig
    | RedditSourceConfig
    | HackerNewsSourceConfig
    | JsonSourceConfig
    | DemoSourceConfig,
    Field(discriminator="type"),
]


SeverityPreset = Literal["sensitive", "balanced", "strict"]

SEVERITY_PRESETS: dict[str, dict[str, float | int]] = {
    # Evidence is -log10 of the chance of the window under the baseline (3.5 = 1 in ~3,000).
    "sensitive": {
        "elevated_at": 2.2,
        "high_at": 3.0,
        "critical_at": 7.0,
        "dispersion": 0.4,
        "min_window_negative": 4,
        "loud_followers": 50_000,
        "influencer_followers": 500_000,
    },
    "balanced": {
        "elevated_at": 2.5,
        "high_at": 3.5,
        "critical_at": 8.0,
        "dispersion": 0.4,
        "min_window_negative": 5,
        "loud_followers": 100_000,
        "influencer_followers": 1_000_000,
    },
    "strict": {
        "elevated_at": 3.5,
        "high_at": 5.0,
        "critical_at": 10.0,
        "dispersion": 0.5,
        "min_window_negative": 8,
        "loud_followers": 250_000,
        "influencer_followers": 2_000_000,
    },
}


class SeverityConfig(_Model):
    """Knobs of the severity engine. ``preset`` sets the thresholds; a knob given explicitly
    overrides its preset value."""

    preset: SeverityPreset = Field(
        default="balanced",
        description="'sensitive' alerts sooner and more often, 'strict' later and more rarely.",
    )
    window_minutes: int = Field(
        default=5,
        ge=1,
        le=120,
        description="Shortest window compared, in minutes; loud voices are looked up over it.",
    )
    long_windows_minutes: list[Annotated[int, Field(ge=2, le=720)]] = Field(
        default_factory=lambda: [15, 60, 180],
        max_length=6,
        description="Longer windows compared as well; the strongest evidence wins. They catch "
        "slow rises and quiet brands, where a few minutes hold too few mentions.",
    )
    baseline_minutes: int = Field(
        default=240,
        ge=10,
        le=10080,
        description="Shortest baseline, in minutes. It reaches further back (up to history_days) "
        "until it holds baseline_negatives negative mentions.",
    )
    baseline_negatives: int = Field(
        default=40,
        ge=1,
        description="Negative mentions the baseline grows to hold, so a quiet brand's norm is "
        "learned over days rather than guessed from an hour.",
    )
    baseline_gap_minutes: int = Field(
        default=120,
        ge=0,
        le=1440,
        description="Recent minutes left out of the baseline, so a slow rise does not become its "
        "own norm (shrinks while history is short).",
    )
    history_days: int = Field(
        default=7,
        ge=1,
        le=28,
        description="Days of rollups kept for the baseline and the time-of-day profile.",
    )
    min_baseline_mentions: int = Field(
        default=20, ge=0, description="Mentions the baseline needs before any level above normal."
    )
    min_window_negative: int = Field(
        default=5, ge=1, description="Negative mentions a window needs before it counts."
    )
    elevated_at: float = Field(
        default=2.5,
        gt=0.0,
        le=50.0,
        description="Evidence at which 'elevated' starts: -log10 of the chance of so many "
        "negatives under the baseline (2.5 = 1 in ~300).",
    )
    high_at: float = Field(
        default=3.5, gt=0.0, le=50.0, description="Evidence at which 'high' starts."
    )
    critical_at: float = Field(
        default=8.0, gt=0.0, le=50.0, description="Evidence at which 'critical' starts."
    )
    dispersion: float = Field(
        default=0.4,
        ge=0.0,
        le=2.0,
        description="Everyday wobble of the negative rate beyond counting noise (0.4 = ±40%); "
        "higher makes busy brands calmer.",
    )
    loud_followers: int = Field(
        default=100_000,
        ge=1,
        description="Followers from which a negative author is loud (two loud ones lift the "
        "level to high), if far above the brand's usual negative reach.",
    )
    influencer_followers: int = Field(
        default=1_000_000,
        ge=1,
        description="Followers from which one negative author lifts the level to high alone.",
    )
    calm_minutes: int = Field(
        default=10,
        ge=1,
        le=240,
        description="Minutes below the current level before it falls one level.",
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: object) -> object:
        """Fill knobs not given from the preset (an unknown preset is left to validation)."""
        if isinstance(data, dict):
            preset = data.get("preset", "balanced")
            if isinstance(preset, str) and preset in SEVERITY_PRESETS:
                return {**SEVERITY_PRESETS[preset], **data}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> SeverityConfig:
        if not self.elevated_at < self.high_at < self.critical_at:
            raise ValueError("thresholds must rise: elevated_at < high_at < critical_at")
        return self

    @property
    def windows(self) -> list[int]:
        """Every window compared, shortest first."""
        return sorted({self.window_minutes, *self.long_windows_minutes})


class AlertsConfig(_Model):
    """Where level changes are announced besides the console and the timeline."""

    urls_env: list[_EnvName] = Field(
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
        default=15.0, ge=0, description="The same level is not sent again within this time."
    )
    max_per_hour: int = Field(default=6, ge=1, description="Cap on alerts sent per hour.")
    retries: int = Field(default=2, ge=0, le=5, description="Retries of a failed send.")
    timeout_seconds: float = Field(default=20.0, gt=0, le=300, description="Per attempt.")
    bell: bool = Field(default=True, description="Ring the terminal bell on a rise.")


class ConsoleConfig(_Model):
    """How the console behaves."""

    playbook: str = Field(default="default", description="Playbook id for the checklist pane.")
    feed_rows: int = Field(default=300, ge=20, le=5000, description="Rows kept in the feed.")
    refresh_seconds: float = Field(default=0.5, ge=0.1, le=10.0)


class Config(_Model):
    """The whole configuration file."""

    brand: BrandConfig
    competitors: list[CompetitorConfig] = Field(default_factory=list)
    storage: StorageConfig = Field(default_factory=StorageConfig)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    severity: SeverityConfig = Field(default_factory=SeverityConfig)
    console: ConsoleConfig = Field(default_factory=ConsoleConfig)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
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
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name {source.name!r} is used twice")
            seen.add(source.name)
        return self

    @property
    def subjects(self) -> list[str]:
        """The brand first, then each competitor."""
        return [self.brand.name, *(c.name for c in self.competitors)]

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
        if self.playbooks_dir is not None:
            path = self.playbooks_dir.expanduser()
            if not path.is_absolute() and self.origin is not None:
                path = self.origin.parent / path
            dirs.append(path)
        return dirs


class ConfigError(Exception):
    """A config file that cannot be used; ``problems`` holds one line per bad key."""

    def __init__(self, file: str, problems: Sequence[str]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__("\n".join(f"{file}: {p}" for p in self.problems))


_SOURCE_TYPES = {"rss", "mastodon", "bluesky", "reddit", "hackernews", "json", "demo"}


def _dotted(loc: tuple[int | str, ...]) -> str:
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


def parse_config(data: dict[str, object], origin: Path | None = None) -> Config:
    """Validate already-parsed TOML data."""
    label = str(origin) if origin else "<config>"
    try:
        return Config.model_validate({**data, "origin": origin})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = _dotted(tuple(err["loc"]))
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key"
            elif err["type"] == "string_pattern_mismatch" and key.endswith("url"):
                message = "must be an http:// or https:// URL"
            elif err["type"] == "string_pattern_mismatch" and key.endswith("name"):
                message = "may hold only letters, digits, '.', '_' and '-'"
            elif err["type"] == "union_tag_not_found":
                key, message = f"{key}.type", f"missing (one of {sorted(_SOURCE_TYPES)})"
            elif err["type"] == "union_tag_invalid":
                message = f"unknown source type (expected one of {sorted(_SOURCE_TYPES)})"
            if key == "(top level)" and message.startswith("source name"):
                key = "sources"
            problems.append(f"{key}: {message}")
        raise ConfigError(label, problems) from None


def load_config(path: Path) -> Config:
    """Read and validate one TOML file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"invalid TOML: {exc}"]) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read: {exc.strerror}"]) from None
    return parse_config(data, origin=path.resolve())


def find_config(explicit: Path | None) -> Path | None:
    """The config file to use: ``-c FILE``, then $CRISISTUI_CONFIG, then the user config dir."""
    if explicit is not None:
        return explicit
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    user = Path(platformdirs.user_config_dir(APP_NAME)) / "crisistui.toml"
    return user if user.is_file() else None


def demo_config() -> Config:
    """The built-in configuration of the demo brand, used when no file is given."""
    return parse_config(
        {
            "brand": {
                "name": "Acme Air",
                "terms": ["acme air", "acmeair", "#acmeair", "@acmeair"],
                "exclude": ["acme air fryer"],
            },
            "competitors": [
                {
                    "name": "Zephyr Airlines",
                    "terms": ["zephyr airlines", "@zephyrair", "#zephyrair"],
                }
            ],
            "sources": [{"type": "demo", "name": "demo"}],
        }
    )

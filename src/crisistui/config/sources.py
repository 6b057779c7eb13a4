"""The `[[sources]]` entries: one model per source type, told apart by `type`."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, model_validator

from crisistui.config.base import EnvName, Model, TextFormat, Url, ZoneName


class SourceSpec(Model):
    default_filter: ClassVar[str] = "none"

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$", description="Unique id.")
    interval: float = Field(default=300.0, ge=1.0, le=86400.0, description="Seconds between polls.")
    filter: Literal["terms", "none"] | None = Field(
        default=None, description="'terms' keeps only items matching a term; 'none' keeps all."
    )

    @property
    def effective_filter(self) -> str:
        return self.filter or self.default_filter


class RssSourceConfig(SourceSpec):
    """An RSS or Atom feed."""

    default_filter: ClassVar[str] = "terms"
    type: Literal["rss"]
    url: Url = Field(description="Feed URL.")
    time_zone: ZoneName | None = Field(
        default=None,
        description="The IANA zone of dates the feed writes without one "
        "('2026-12-07 05:48:06'); unset: UTC.",
    )


class MastodonSourceConfig(SourceSpec):
    """Hashtag timelines of a Mastodon instance and, with a token, its search."""

    type: Literal["mastodon"]
    url: Url = Field(default="https://mastodon.social", description="Instance base URL.")
    tags: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    query: str | None = Field(default=None, min_length=1, description="Search (needs a token).")
    token_env: EnvName | None = Field(default=None, description="Variable holding the token.")

    @model_validator(mode="after")
    def _something_to_watch(self) -> MastodonSourceConfig:
        if not self.tags and not self.query:
            raise ValueError("give tags, a query, or both")
        if self.query and not self.token_env:
            raise ValueError("query needs token_env: Mastodon search requires a token")
        return self


class BlueskySourceConfig(SourceSpec):
    """Bluesky post search with an app password (the service refuses anonymous search)."""

    type: Literal["bluesky"]
    url: Url = Field(default="https://bsky.social", description="Service (PDS) base URL.")
    query: str = Field(min_length=1)
    handle: str = Field(min_length=1, description="Account handle, e.g. brand.bsky.social.")
    app_password_env: EnvName = Field(description="Variable holding the app password.")


class RedditSourceConfig(SourceSpec):
    """Reddit search listing, newest first."""

    type: Literal["reddit"]
    url: Url = Field(default="https://www.reddit.com")
    query: str = Field(min_length=1)
    subreddit: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_]+$")
    client_id_env: EnvName | None = Field(default=None, description="OAuth app id variable.")
    client_secret_env: EnvName | None = Field(default=None, description="OAuth secret variable.")

    @model_validator(mode="after")
    def _oauth_pair(self) -> RedditSourceConfig:
        if (self.client_id_env is None) != (self.client_secret_env is None):
            raise ValueError("OAuth needs both client_id_env and client_secret_env")
        return self


class HackerNewsSourceConfig(SourceSpec):
    """Hacker News through the Algolia search API."""

    type: Literal["hackernews"]
    url: Url = Field(default="https://hn.algolia.com")
    query: str = Field(min_length=1)
    kinds: list[Literal["story", "comment"]] = Field(
        default_factory=lambda: ["story", "comment"], min_length=1
    )


def _dotted(path: str) -> str:
    """A dotted path with a part between every two dots: "data..x" or "data." would only
    fail at the first poll."""
    if path and any(not part for part in path.split(".")):
        raise ValueError(f"{path!r} has an empty part: write names joined by single dots")
    return path


DottedPath = Annotated[str, AfterValidator(_dotted)]


class JsonFieldsConfig(Model):
    """Where each mention field is in one item of a generic JSON endpoint (dotted paths)."""

    id: DottedPath = Field(min_length=1)
    text: DottedPath = Field(min_length=1)
    created_at: DottedPath = Field(min_length=1)
    author: DottedPath | None = None
    url: DottedPath | None = None
    followers: DottedPath | None = None
    likes: DottedPath | None = None
    reposts: DottedPath | None = None
    replies: DottedPath | None = None
    lang: DottedPath | None = None


class JsonSourceConfig(SourceSpec):
    """Any HTTP JSON endpoint (in-house tools), mapped field by field."""

    default_filter: ClassVar[str] = "terms"
    type: Literal["json"]
    url: Url
    items: DottedPath = Field(
        default="", description="Dotted path to the list ('' = the top level)."
    )
    fields: JsonFieldsConfig
    text_format: TextFormat = Field(
        default="auto",
        description="How the text field is written: html (tags dropped, entities decoded), "
        "plain (what a person typed: '<' and '>' are characters), verbatim (nothing decoded) "
        "or auto (html when it holds markup, else plain).",
    )
    token_env: EnvName | None = Field(default=None, description="Bearer token variable.")
    max_response_mb: float = Field(
        default=8.0,
        gt=0,
        le=256,
        description="The largest response read, in MiB: an endpoint that serves a window of "
        "recent items grows with a surge.",
    )


class DemoSourceConfig(SourceSpec):
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

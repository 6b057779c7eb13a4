"""What the severity engine reads, and nothing more: per-minute rollups, the loudest negative
voices and the window's copied texts.

The engine depends on this narrow interface rather than on the store, so any backend (or a test's
list of rollups) can feed it, and nothing in ``analysis`` can reach for a table it should not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from crisistui.analysis.campaign import CopyReader
from crisistui.domain.models import Mention
from crisistui.domain.own_accounts import OwnAccounts
from crisistui.domain.records import LanguageRollup, Rollup, TriggerRollup


class RollupReader(CopyReader, Protocol):
    """Rollups of a subject in [since, until), and its widest-reaching negative mentions."""

    async def rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[Rollup]: ...

    async def trigger_rollups(
        self,
        since: datetime,
        until: datetime,
        subject: str | None = None,
        *,
        negative_only_before: datetime | None = None,
    ) -> list[TriggerRollup]: ...

    async def language_rollups(
        self, since: datetime, until: datetime, subject: str | None = None
    ) -> list[LanguageRollup]: ...

    async def top_negative(
        self,
        subject: str,
        since: datetime,
        until: datetime,
        limit: int = 3,
        *,
        own: OwnAccounts | None = None,
    ) -> list[Mention]: ...

"""The crisis office's settings: roles beyond the standard ones, the triage queue, and the
clock published statements are written in."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field

from crisistui.config.base import Model, ZoneName


class ResponseConfig(Model):
    """The crisis office: roles beyond the standard ones."""

    roles: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list,
        description="Extra roles offered for assignment (e.g. 'legal', 'customer care lead'), "
        "besides crisis lead, spokesperson, communications, approver and scribe.",
    )
    high_reach: int = Field(
        default=1_000,
        ge=1,
        le=10**12,
        description="Reach (followers plus engagement) from which a mention counts as high "
        "reach in the triage queue.",
    )
    queue_hours: float = Field(
        default=24.0, gt=0, le=24 * 30, description="How many hours back the triage queue looks."
    )
    statement_time_zone: ZoneName = Field(
        default="UTC",
        description="The time zone a published statement's {time} is written in (an IANA "
        "name, e.g. 'Asia/Ho_Chi_Minh'); the statement's language sets the date order.",
    )

    @property
    def statement_zone(self) -> tzinfo:
        return ZoneInfo(self.statement_time_zone)

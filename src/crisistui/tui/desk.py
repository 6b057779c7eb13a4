"""What the response screens share: the store, who is at the keyboard, the clock, the plans.

Every change a person makes goes through ``Desk.attempt``, so a refused change (a mandatory
task still open, someone approving who is not the approver, milestones out of order) is shown
as the store worded it, and nothing half-done is left behind.
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime

from textual.dom import DOMNode

from crisistui.clock import Clock
from crisistui.config import Config
from crisistui.response.incident import ResponseError, role_names
from crisistui.response.playbook import Playbook
from crisistui.response.statements import placeholder_values
from crisistui.store import Store
from crisistui.store.records import IncidentDetail


def time_today(text: str, now: datetime) -> datetime:
    """'09:05' as a moment today in local time, not after ``now`` (ValueError names why).
    The current minute means ``now`` itself, seconds included."""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        local = now.astimezone()
        at = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    except ValueError:
        raise ValueError(f"{text!r} is not a time like 09:05") from None
    if at > local:
        raise ValueError(f"{text} is in the future")
    return now if at == local.replace(second=0, microsecond=0) else at


@dataclass
class Desk:
    """Handed to each response screen by the app."""

    store: Store
    config: Config
    playbooks: dict[str, Playbook]
    clock: Clock
    actor: str

    def now(self) -> datetime:
        return self.clock.now()

    def playbook_of(self, incident: IncidentDetail) -> Playbook | None:
        return self.playbooks.get(incident.playbook)

    def roles_for(self, incident: IncidentDetail) -> list[str]:
        return role_names(self.playbook_of(incident), self.config.response.roles)

    def placeholders(self, incident: IncidentDetail) -> dict[str, str | None]:
        brand = self.config.brand
        return placeholder_values(
            brand=brand.name,
            incident_title=incident.title,
            time=self.now(),
            status_url=brand.status_url,
            contact=brand.contact,
        )

    async def attempt(self, where: DOMNode, change: Awaitable[object]) -> bool:
        """Run a change; if the rules refuse it, say why (in the store's words)."""
        try:
            await change
        except ResponseError as refused:
            where.notify(str(refused), title="Not done", severity="error", markup=False, timeout=12)
            return False
        return True

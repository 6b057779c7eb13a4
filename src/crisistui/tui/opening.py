"""Opening incidents from the console: by hand (`n`), from the alert (`i`), as a drill.

From an alert, the form comes pre-filled (the playbook of the likely crisis type, a public
title, SEV2 from high up) and the alert's time, drivers and acknowledgement are recorded with
the incident; an alert that already has an incident (opened in another console) is shown
rather than opened twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from crisistui.analysis.severity import Assessment, Level
from crisistui.domain.incident import Milestone, OpenedMeanwhileError, Severity, opener
from crisistui.domain.playbook import Playbook
from crisistui.domain.records import Incident
from crisistui.domain.statements import public_title
from crisistui.domain.timeline import incident_from_alert
from crisistui.tui.busy import said_when_busy
from crisistui.tui.screens.incident import IncidentScreen
from crisistui.tui.screens.new_incident import IncidentRequest, NewIncidentScreen
from crisistui.tui.screens.prompts import ChoicePrompt

SAME_ALERT = timedelta(minutes=5)
"""Two consoles' engines may see the same rise this far apart."""

if TYPE_CHECKING:
    from crisistui.tui.app import CrisisApp

    _Base = CrisisApp
else:
    _Base = object


class OpeningActions(_Base):
    """The incident-opening keys of ``CrisisApp`` (mixed in through ``ResponseActions``)."""

    async def _start_drill(self, playbook: Playbook) -> None:
        request = IncidentRequest(self._public_title(playbook), playbook, Severity.SEV3)
        await self._open_incident(request, None, drill=True)

    def action_new_incident(self) -> None:
        title = f"{self.config.brand.name}: "
        form = NewIncidentScreen(
            "New incident",
            title,
            self.setup.playbooks,
            self.playbook.id,
            self._advised_severity(),
        )
        self.push_screen(form, lambda request: self._later(self._open_incident, request, None))

    async def action_incident_from_alert(self) -> None:
        """The form pre-filled from the alert: the playbook of the likely crisis type, a title
        fit for statements, SEV2 from high up; the alert's drivers go on the timeline. If the
        alert already has an incident (opened from another console, say), it says so first."""
        monitor, assessment = self.monitor, self.assessment
        if monitor is None or monitor.raised_at is None or assessment is None:
            self.notify("No alert is raised; press n for a new incident.", severity="warning")
            return
        existing = await self._incident_of_alert(monitor.raised_at)
        if existing is not None:
            choice = ChoicePrompt(
                f"This alert is incident #{existing.id}, opened by "
                f"{opener(existing, self.setup.actor)}",
                [(f"Show incident #{existing.id}", "show"), ("Open another incident", "new")],
            )
            self.push_screen(choice, lambda answer: self._later(self._same_alert, answer, existing))
            return
        self._incident_form_from_alert()

    async def _same_alert(self, answer: str | None, existing: Incident) -> None:
        if answer == "show":
            await self._show_incident(existing)
        elif answer == "new":
            self._incident_form_from_alert(another=True)

    async def _show_incident(self, existing: Incident) -> None:
        self.pinned_incident = existing.id
        await self._reload_checklist()
        self.push_screen(IncidentScreen(self.desk(), existing.id))

    async def _opened_meanwhile(
        self,
        answer: str | None,
        existing: Incident,
        request: IncidentRequest,
        detected: datetime | None,
        alert: Assessment | None,
        drill: bool = False,
    ) -> None:
        if answer == "show":
            await self._show_incident(existing)
        elif answer == "new":
            await self._open_incident(request, detected, alert, drill=drill, another=True)

    async def _incident_of_alert(self, raised_at: datetime) -> Incident | None:
        """An open incident whose detection is this alert's rise (give or take the minutes
        two consoles' engines may differ by)."""
        assert self.store is not None
        for incident in await self.store.incidents(open_only=True):
            if incident.is_drill and not self.setup.drill:
                continue  # a rehearsal running beside a real alert is not its incident
            detected = (await self.store.milestones(incident.id)).get(Milestone.DETECTED)
            if detected is not None and abs(detected.at - raised_at) <= SAME_ALERT:
                return incident
        return None

    def _incident_form_from_alert(self, *, another: bool = False) -> None:
        """``another``: the alert has an incident, and the user asked for one more."""
        monitor, assessment = self.monitor, self.assessment
        assert monitor is not None and monitor.raised_at is not None and assessment is not None
        detected = monitor.raised_at
        playbook = self._playbook_for_type(assessment.crisis_type) or self.playbook
        severity = self._advised_severity()
        form = NewIncidentScreen(
            "Incident from alert",
            self._public_title(playbook),
            self.setup.playbooks,
            playbook.id,
            severity,
            title_for=self._public_title,
        )
        self.push_screen(
            form,
            lambda request: self._later(
                partial(self._open_incident, another=another), request, detected, assessment
            ),
        )

    def _advised_severity(self) -> Severity:
        """What the forms propose: SEV2 while the engine says high or critical, else SEV3."""
        assessment = self.assessment
        high = assessment is not None and assessment.level >= Level.HIGH
        return Severity.SEV2 if high else Severity.SEV3

    def _public_title(self, playbook: Playbook) -> str:
        return public_title(playbook, self.config.brand.name)

    def _playbook_for_type(self, crisis_type: str | None) -> Playbook | None:
        if crisis_type is None:
            return None
        playbooks = self.setup.playbooks
        if crisis_type in playbooks:
            return playbooks[crisis_type]
        return next((p for p in playbooks.values() if crisis_type in p.crisis_types), None)

    @said_when_busy
    async def _open_incident(
        self,
        request: IncidentRequest | None,
        detected: datetime | None,
        alert: Assessment | None = None,
        *,
        drill: bool = False,
        another: bool = False,
    ) -> None:
        """Open the incident the form asked for and make it this console's current one. From
        an alert, the alert's time is the detected milestone, now the acknowledged one, and
        the alert's drivers are the incident's first timeline entry after its opening.

        The alert is looked up again when the form is sent: a colleague may have opened its
        incident from another console while this form was being filled (two consoles made
        two incidents of one alert, seconds apart), and that is said first (``another``: the
        user already chose to open one more)."""
        if request is None:
            return
        assert self.store is not None
        if alert is not None and detected is not None and not another:
            existing = await self._incident_of_alert(detected)
            if existing is not None:
                who = opener(existing, self.setup.actor)
                choice = ChoicePrompt(
                    f"This alert is incident #{existing.id}, opened by {who}"
                    if who == "you"
                    else f"Meanwhile this alert became incident #{existing.id}, opened by {who}",
                    [(f"Show incident #{existing.id}", "show"), ("Open this one too", "new")],
                )
                self.push_screen(
                    choice,
                    lambda answer: self._later(
                        self._opened_meanwhile, answer, existing, request, detected, alert
                    ),
                )
                return
        playbook = request.playbook
        kind = playbook.crisis_types[0] if playbook.crisis_types else playbook.id
        now = self.clock.now()
        try:
            incident = await self.store.open_incident(
                request.title,
                kind,
                playbook.id,
                self.setup.actor,
                now,
                severity=request.severity,
                detected_at=detected if detected is not None else (now if drill else None),
                is_drill=drill or self.setup.drill,
                # two people opening one crisis at the same moment get one incident
                unless_opened_since=None if another else now - SAME_ALERT,
            )
        except OpenedMeanwhileError as meanwhile:
            existing = meanwhile.incident
            choice = ChoicePrompt(
                meanwhile.said_to(self.setup.actor),
                [(f"Show incident #{existing.id}", "show"), ("Open this one too", "new")],
            )
            self.push_screen(
                choice,
                lambda answer: self._later(
                    self._opened_meanwhile, answer, existing, request, detected, alert, drill
                ),
            )
            return
        if detected is not None:
            await self.store.record_milestone(
                incident.id, Milestone.ACKNOWLEDGED, now, self.setup.actor, now
            )
        if alert is not None:
            event = incident_from_alert(
                alert.level.label, alert.score, alert.drivers, alert.crisis_type
            )
            await self.store.add_event(
                now,
                self.setup.actor,
                event.kind,
                event.summary,
                incident_id=incident.id,
                details=event.details,
            )
        self.pinned_incident = incident.id
        label = "Drill" if drill or self.setup.drill else "Incident"
        self.notify(f"{label} #{incident.id} opened: {request.title}", markup=False)
        await self._reload_checklist()

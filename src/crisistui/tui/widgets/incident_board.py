"""The wall's incident: what it is, how long it has run, which milestones are reached and when,
how fast the team spoke, and what of the checklist is late or still blocking.

Every line is one screen line (cut with an ellipsis), so the board can promise how many lines
it needs: the full layout when the box is tall enough; the full layout with its lists of tasks
cut to the room ("… and 3 more") when at least their headings fit; otherwise a compact one, cut
at the box.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from crisistui.domain.incident import ChecklistTask, Milestone, overdue_tasks
from crisistui.reports.metrics import describe_minutes, describe_seconds
from crisistui.reports.report import IncidentData
from crisistui.tui.format import incident_heading, plain

GAUGE_CELLS = 10


def _minutes(span: timedelta) -> int:
    return max(int(span.total_seconds() // 60), 0)


def _clock(moment: datetime) -> str:
    return f"{moment.astimezone():%H:%M}"


class IncidentBoard(Widget):
    """``show`` an incident (or None); ``wanted_lines`` says how tall it would like to be."""

    DEFAULT_CSS = """
    IncidentBoard { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: IncidentData | None = None
        self.now: datetime | None = None

    def show(self, data: IncidentData | None, now: datetime) -> None:
        self.data, self.now = data, now
        self.refresh(layout=True)

    def wanted_lines(self, full: bool) -> int:
        return len(self.lines(full))

    def render(self) -> RenderableType:
        height, width = self.size.height, self.size.width
        lines = self.lines(full=True)
        if len(lines) > height and self.data is not None and self.now is not None:
            bounded = self._bounded(self.data, self.now, height)
            lines = bounded if bounded is not None else self.lines(full=False)
        shown = lines[:height]
        for line in shown:
            line.truncate(width, overflow="ellipsis")
        return Text("\n").join(shown)

    # -- the lines ------------------------------------------------------------------------------

    def lines(self, full: bool) -> list[Text]:
        data, now = self.data, self.now
        if data is None or now is None:
            return [
                Text("No incident open", style="bold"),
                Text("i opens one from the alert, n a new one", style="dim"),
            ]
        return self._full(data, now) if full else self._compact(data, now)

    def _title(self, data: IncidentData) -> Text:
        return incident_heading(data.incident)

    def _state(self, data: IncidentData, now: datetime) -> Text:
        incident, m = data.incident, data.metrics
        since = "detection" if m.reference == "detected" else "opening"
        end = incident.resolved_at or now
        ran = describe_minutes(_minutes(end - m.reference_at))
        line = Text(incident.severity or "SEV?", style="bold reverse")
        line.append(f" {incident.status.upper()}", style="bold")
        if incident.resolved_at is not None:
            line.append(f" · resolved {ran} after {since}")
        else:
            line.append(f" · {ran} since {since} ({_clock(m.reference_at)})")
        return line

    def _first_response(self, data: IncidentData, now: datetime) -> Text:
        m = data.metrics
        since = "detection" if m.reference == "detected" else "opening"
        seconds = m.seconds.get(Milestone.FIRST_PUBLIC_RESPONSE)
        line = Text("First public response: ", style="bold")
        if seconds is not None:
            line.append(f"{describe_seconds(seconds)} after {since}", style="bold")
        elif data.incident.resolved_at is not None:  # over: nothing is waited for any more
            line.append("not recorded")
        else:
            waiting = describe_minutes(_minutes(now - m.reference_at))
            line.append(f"NOT YET, {waiting} since {since}", style="bold reverse")
        return line

    def _overdue(self, data: IncidentData, now: datetime) -> list[tuple[ChecklistTask, datetime]]:
        due = {t.id: t.due_minutes for t in data.playbook.tasks} if data.playbook else {}
        done = {task_id: state.done for task_id, state in data.states.items()}
        resolved = data.incident.resolved_at is not None
        return overdue_tasks(data.tasks, done, due, data.incident.opened_at, now, resolved=resolved)

    def _mandatory_open(self, data: IncidentData) -> list[ChecklistTask]:
        states = data.states
        return [
            t
            for t in data.tasks
            if t.mandatory and not (states.get(t.task_id) and states[t.task_id].done)
        ]

    def _full(self, data: IncidentData, now: datetime) -> list[Text]:
        lines = self._fixed(data, now)
        for header, items in self._lists(data, now):
            lines += [header, *items]
        return lines

    def _bounded(self, data: IncidentData, now: datetime, height: int) -> list[Text] | None:
        """The full layout in ``height`` lines, its lists of late and blocking tasks cut to
        the room left ("… and 3 more"); None when even their headings do not fit."""
        lines = self._fixed(data, now)
        lists = self._lists(data, now)
        room = height - len(lines) - 2 * len(lists)  # a heading and a line for each list
        if room < 0:
            return None
        kept = [1 if items else 0 for _, items in lists]
        while room > 0 and any(k < len(items) for k, (_, items) in zip(kept, lists, strict=True)):
            for i, (_, items) in enumerate(lists):
                if room > 0 and kept[i] < len(items):
                    kept[i] += 1
                    room -= 1
        for (header, items), keep in zip(lists, kept, strict=True):
            lines.append(header)
            if keep >= len(items):
                lines += items
            else:
                lines += items[: keep - 1]
                lines.append(Text(f"  … and {len(items) - keep + 1} more", style="dim"))
        return lines

    def _fixed(self, data: IncidentData, now: datetime) -> list[Text]:
        """The full layout down to the checklist's phases."""
        m = data.metrics
        lines = [self._title(data), self._state(data, now), Text("")]
        lines.append(Text("Milestones", style="bold underline"))
        for milestone in Milestone:
            record = data.milestones.get(milestone)
            line = Text(f"  {'✓' if record else '·'} {milestone.label:<23}")
            if record is None:
                line.stylize("dim")
                line.append("—", style="dim")
            else:
                line.append(_clock(record.at))
                if milestone != Milestone.DETECTED:
                    offset = _minutes(record.at - m.reference_at)
                    line.append(f"  +{describe_minutes(offset)}", style="dim")
            lines.append(line)
        lines += [self._first_response(data, now), Text("")]
        lines.append(Text("Checklist", style="bold underline"))
        width = max((len(p.phase) for p in m.phases), default=0)
        for phase in m.phases:
            total = phase.done + phase.open
            cells = round(GAUGE_CELLS * phase.done / total) if total else 0
            line = Text(f"  {phase.phase:<{width}}  ")
            line.append("█" * cells, style="green")
            line.append("░" * (GAUGE_CELLS - cells), style="dim")
            line.append(f"  {phase.done}/{total}")
            if phase.mandatory_open:
                line.append(f"  {phase.mandatory_open} mandatory open", style="bold")
            lines.append(line)
        return lines

    def _lists(self, data: IncidentData, now: datetime) -> list[tuple[Text, list[Text]]]:
        """The late tasks and the mandatory ones still open, each a heading and its lines."""
        lists = []
        overdue = self._overdue(data, now)
        if overdue:
            items = []
            for task, due in overdue:
                line = Text("  • ").append_text(plain(task.title))
                line.append(f"  due {_clock(due)}", style="bold")
                items.append(line)
            lists.append((Text(f"Overdue ({len(overdue)})", style="bold reverse"), items))
        mandatory = self._mandatory_open(data)
        if mandatory:
            heading = Text(f"Mandatory open ({len(mandatory)})", style="bold underline")
            lists.append((heading, [Text("  • ").append_text(plain(t.title)) for t in mandatory]))
        return lists

    def _compact(self, data: IncidentData, now: datetime) -> list[Text]:
        m = data.metrics
        reached = Text("Milestones: ", style="bold")
        marks = [
            f"{milestone.label.lower()} {_clock(record.at)}"
            for milestone in Milestone
            if (record := data.milestones.get(milestone)) is not None
        ]
        reached.append(" · ".join(marks) or "none yet")
        tasks = Text("Tasks: ", style="bold")
        tasks.append(
            " · ".join(f"{p.phase} {p.done}/{p.done + p.open}" for p in m.phases) or "none"
        )
        lines = [
            self._title(data),
            self._state(data, now),
            reached,
            self._first_response(data, now),
            tasks,
        ]
        overdue = self._overdue(data, now)
        if overdue:
            line = Text(f"Overdue {len(overdue)}: ", style="bold reverse")
            line.append_text(plain(" · ".join(t.title for t, _ in overdue)))
            lines.append(line)
        mandatory = self._mandatory_open(data)
        if mandatory:
            line = Text(f"Mandatory open {len(mandatory)}: ", style="bold")
            line.append_text(plain(" · ".join(t.title for t in mandatory)))
            lines.append(line)
        return lines

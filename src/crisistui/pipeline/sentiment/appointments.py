"""Seen hours after the time booked: "Cita a las 9, me atendieron a las 14:30", "8am
appointment, 1pm na ako naasikaso", "Записалась к врачу на 10:00, приняли в 12:40", "Hẹn khám
8h, 11h30 mới tới lượt". No word of sentiment, two times of day and an appointment: the
commonest complaint about clinics, offices and service centres, and praise when it is said
("Appointment at 9, seen at 1:40. Great system") is sarcasm.
"""

from __future__ import annotations

import re

from crisistui.pipeline.sentiment.notices import SPAN_TO

_BOOKED = re.compile(
    r"(?i)(?<!\w)(?:appointments?|appt|booked|booking|cita|turno|consulta|rendez-vous|rdv|"
    r"termin|appuntamento|visita|записал(?:ся|ась|и)?|запись|при[её]м|hẹn|lịch\s+hẹn|"
    r"نوبت|موعد|حجز|randevu|janji|wizyt[aęy]|afspraak)(?!\w)|予約|예약|预约|預約"
)
_CLOCK = re.compile(
    r"(?i)(?<![\d:.,/])(?:"
    r"(?P<h1>[01]?\d|2[0-3])[:.h](?P<m1>[0-5]\d)(?!\d)\s*(?P<ap1>am|pm|a\.m\.|p\.m\.)?"
    r"|(?P<h2>1[0-2]|0?\d)\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)(?!\w)"
    r"|(?P<h3>[01]?\d|2[0-3])\s*(?:h|giờ|uhr|時)(?!\w)"
    r"|(?:a\s+las|at|à|alle|às|um|на|в|lúc|ساعت|الساعة)\s+(?P<h4>[01]?\d|2[0-3])(?![\d:/]|[.,]\d)"
    r")"
)
"""A time of day: "14:30", "1pm", "8h", "11h30", "a las 9", "на 10:00"."""
_RANGE = re.compile(rf"(?i)\s*(?:{SPAN_TO})?\s*(?:a\s+las|at|à|alle|às|um|на|в|lúc)?\s*")
"""Between the two ends of a span ("10:30 alle 11:30", "8AM-5PM"): no wait."""
LATE_MINUTES = 60
"""Seen at least this long after the time booked."""


def _minutes(found: re.Match[str]) -> int:
    hour = int(found["h1"] or found["h2"] or found["h3"] or found["h4"])
    minute = int(found["m1"] or 0)
    meridiem = (found["ap1"] or found["ap2"] or "").lower()
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    elif meridiem.startswith("a") and hour == 12:
        hour = 0
    return hour * 60 + minute


def seen_late(text: str) -> bool:
    """Whether ``text`` books a time and is seen an hour or more after it."""
    booked = _BOOKED.search(text)
    if booked is None:
        return False
    times = list(_CLOCK.finditer(text))
    if len(times) < 2:
        return False
    if _RANGE.fullmatch(text[times[0].end() : times[1].start()]):
        return False  # "dalle 10.30 alle 11.30": a span of time, not a wait
    first, then = _minutes(times[0]), _minutes(times[1])
    if then < first and then + 12 * 60 > first:
        then += 12 * 60  # "at 9, seen at 1:40": the afternoon
    near = abs(booked.start() - times[0].start()) <= 40
    return near and then - first >= LATE_MINUTES

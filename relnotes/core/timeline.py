"""A contact's history as the rules see it: meetings, touchpoints, last contact. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from relnotes.core.model import Contact, Event


@dataclass(frozen=True)
class Touch:
    """One touchpoint. ``order`` puts same-day touches in written order (-1 = start of day)."""

    date: dt.date
    order: int
    kind: str  # a log kind, "mention", or "contact" for last_contact
    source: str  # "file:line" or "file"
    text: str = ""
    event: Event | None = None
    from_log: bool = False

    @property
    def key(self) -> tuple[dt.date, int]:
        return (self.date, self.order)


def _src(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def meetings(contact: Contact) -> list[Touch]:
    """Every meeting: ``met`` (or its ``met_at`` event's date), ``met`` log entries, events listing them."""
    path = contact.path
    out: list[Touch] = []
    if contact.met is not None:
        line = contact.note.field_lines.get("met")
        out.append(Touch(contact.met, -1, "met", _src(path, line), event=contact.met_at_event))
    elif contact.met_at_event is not None and (held := contact.met_at_event.date) is not None:
        ev = contact.met_at_event
        out.append(Touch(held, -1, "met", _src(path, contact.note.field_lines.get("met_at")), event=ev))
    for entry in contact.note.log:
        if entry.kind == "met":
            out.append(Touch(entry.date, entry.line, "met", _src(path, entry.line), entry.text, from_log=True))
    for ev in contact.events:
        if ev.date is not None:
            out.append(Touch(ev.date, -1, "met", ev.path, event=ev))
    out.sort(key=lambda t: t.key)
    return out


def log_touches(contact: Contact) -> list[Touch]:
    """Log entries that are touchpoints, oldest first (same day: as written)."""
    out = [
        Touch(e.date, e.line, e.kind, _src(contact.path, e.line), e.text, from_log=True)
        for e in contact.note.log
        if e.is_touchpoint
    ]
    out.sort(key=lambda t: t.key)
    return out


def touchpoints(contact: Contact) -> list[Touch]:
    """Every touchpoint of any kind, oldest first."""
    out = meetings(contact) + [t for t in log_touches(contact) if t.kind != "met"]
    out += [Touch(when, -1, "mention", path) for when, path in contact.mentions]
    if contact.last_contact is not None:
        line = contact.note.field_lines.get("last_contact")
        out.append(Touch(contact.last_contact, -1, "contact", _src(contact.path, line)))
    out.sort(key=lambda t: t.key)
    return out


def last_contact(contact: Contact) -> Touch | None:
    touches = touchpoints(contact)
    return touches[-1] if touches else None


def first_meeting(contact: Contact) -> Touch | None:
    found = meetings(contact)
    return found[0] if found else None


def latest_meeting(contact: Contact, found: list[Touch] | None = None) -> Touch | None:
    """The newest meeting; ``found`` is ``meetings(contact)`` when the caller has it already."""
    found = meetings(contact) if found is None else found
    if not found:
        return None
    newest = found[-1].date
    # several sources on the same day: prefer the one that names an event, for the reason text
    same_day = [t for t in found if t.date == newest]
    named = [t for t in same_day if t.event is not None]
    latest = max(same_day, key=lambda t: t.order)
    return Touch(latest.date, latest.order, "met", (named or [latest])[-1].source, latest.text,
                 (named[-1].event if named else None), latest.from_log)


def value_exchanged(contact: Contact) -> tuple[list[str], list[str]]:
    """(#gave subtypes, #got subtypes) across the log, in written order."""
    gave = [g for e in contact.note.log for g in e.gave]
    got = [g for e in contact.note.log for g in e.got]
    return gave, got

"""Exports as text: vCard 4.0, iCalendar VTODOs, JSON and CSV of the index (SPEC 7). Pure."""

from __future__ import annotations

import csv
import hashlib
from datetime import UTC, date, datetime
from typing import Any

import icalendar

from relnotes.core.dates import Duration
from relnotes.core.index import Index
from relnotes.core.model import CONTACT_FIELDS, EVENT_FIELDS, Contact, DueItem, Event, Link
from relnotes.core.record import Record

JSON_VERSION = 1
CSV_COLUMNS = ("name", "file", "email", "phone", "company", "role", "location", "tier", "tags", "linkedin",
               "website", "met", "birthday", "uid", "status")


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Link):
        return value.target
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def birthday_text(contact: Contact) -> str | None:
    """``YYYY-MM-DD``, or ``--MM-DD`` without a year."""
    if contact.birthday is None:
        return None
    month, day = contact.birthday
    return f"{contact.birth_year:04d}-{month:02d}-{day:02d}" if contact.birth_year else f"--{month:02d}-{day:02d}"


def contact_dict(contact: Contact) -> dict[str, Any]:
    out: dict[str, Any] = {"file": contact.path}
    for f in CONTACT_FIELDS:
        out[f.key] = birthday_text(contact) if f.key == "birthday" else _json_value(getattr(contact, f.attr))
        if f.key == "cadence" and not contact.cadence_set:
            out[f.key] = None
    return out


def event_dict(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"file": event.path}
    for f in EVENT_FIELDS:
        out[f.key] = _json_value(getattr(event, f.attr))
    return out


def index_dict(index: Index) -> dict[str, Any]:
    """The whole index: every contact and event with every field (docs/json.md)."""
    return {
        "version": JSON_VERSION,
        "contacts": [contact_dict(c) for c in sorted(index.contacts, key=lambda c: c.path)],
        "events": [event_dict(e) for e in sorted(index.events, key=lambda e: e.path)],
    }


class _Lines:
    """What csv.writer writes to, kept in memory (io is off limits in a pure layer)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def contacts_csv(contacts: list[Contact]) -> str:
    """One row per contact; lists joined with ``; ``."""
    buf = _Lines()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        d = contact_dict(c)
        writer.writerow(["; ".join(v) if isinstance(v := d[k], list) else ("" if v is None else str(v))
                         for k in CSV_COLUMNS])
    return "".join(buf.parts)


TASK_KINDS = ("commitment", "waiting")  # items that are a task line: a contact can have several a day


def item_uid(item: DueItem, seen: dict[str, int] | None = None) -> str:
    """The same for the same item on every run: its note, kind and due day, and for a promise its
    text (the reason, which names the task); ``seen`` numbers exact twins within one export."""
    identity = f"{item.file}\n{item.kind}\n{item.due.isoformat()}"
    if item.kind in TASK_KINDS:
        identity += f"\n{item.reason}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    if seen is not None:
        seen[digest] = seen.get(digest, 0) + 1
        if seen[digest] > 1:
            digest += f"-{seen[digest]}"
    return f"{digest}@relnotes"


def due_ics(items: list[DueItem], today: date) -> str:
    """One VTODO per due item: ``DUE;VALUE=DATE``, the reason as DESCRIPTION, a stable UID."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//relnotes//due//EN")
    cal.add("version", "2.0")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    seen: dict[str, int] = {}
    for item in items:
        todo = icalendar.Todo()
        todo.add("uid", item_uid(item, seen))
        todo.add("dtstamp", stamp)
        todo.add("summary", f"{item.kind}: {item.contact}")
        todo.add("due", item.due)
        todo.add("description", item.reason)
        todo.add("categories", [item.kind])
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


def contact_record(contact: Contact) -> Record:
    """The contact as an import record, for ``export vcard``."""
    return Record(0, contact.path, name=contact.name, email=list(contact.emails), phone=list(contact.phones),
                  tags=[t.lstrip("#") for t in contact.tags], company=contact.company, role=contact.role,
                  location=contact.location, linkedin=contact.linkedin, website=contact.website,
                  birthday=birthday_text(contact), uid=contact.uid)

"""A contact's profile and timeline as plain data, for `show`, `find`, templates and JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from relnotes.core.commitments import keeping
from relnotes.core.fields import BIRTHDAY, DATE, DURATION, REFERENCE, FieldSpec
from relnotes.core.ledger import contact_ledger
from relnotes.core.model import CONTACT_FIELDS, Contact, DueItem, Task
from relnotes.core.rules import contact_items
from relnotes.core.settings import Config
from relnotes.core.timeline import first_meeting, last_contact, touchpoints, value_exchanged


def cadence_of(contact: Contact, config: Config) -> str | None:
    cadence = contact.cadence if contact.cadence_set else config.cadence.get(contact.tier)
    return str(cadence) if cadence else None


def timeline(contact: Contact) -> list[dict[str, Any]]:
    """Log entries (reviews and notes too), mentions and meetings, newest first."""
    rows: list[dict[str, Any]] = []
    for entry in contact.note.log:
        rows.append({"date": entry.date.isoformat(), "kind": entry.kind, "text": entry.text,
                     "source": f"{contact.path}:{entry.line}", "_order": entry.line})
    for touch in touchpoints(contact):
        if touch.from_log or any(r["date"] == touch.date.isoformat() and r["kind"] == touch.kind for r in rows):
            continue
        text = touch.event.title if touch.event is not None else ("last_contact" if touch.kind == "contact" else "")
        if touch.kind == "mention":
            text = f"mentioned in {touch.source}"
        rows.append({"date": touch.date.isoformat(), "kind": touch.kind, "text": text, "source": touch.source,
                     "_order": -1})
    rows.sort(key=lambda r: (r["date"], r["_order"]), reverse=True)
    for row in rows:
        del row["_order"]
    return rows


def task_dict(task: Task, source: str) -> dict[str, Any]:
    return {
        "text": task.text,
        "status": task.status,
        "due": task.due.isoformat() if task.due else None,
        "done": task.done_on.isoformat() if task.done_on else None,
        "waiting": task.waiting,
        "source": source,
    }


def tasks(contact: Contact) -> list[dict[str, Any]]:
    out = [task_dict(t, f"{contact.path}:{t.line}") for t in contact.note.tasks]
    out += [task_dict(t, f"{ev.path}:{t.line}") for t, ev in contact.debrief_tasks]
    return out


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def json_value(spec: FieldSpec, contact: Contact) -> Any:
    """A field as ``show --json`` says it: dates in ISO form, a reference as written, lists as lists."""
    value = getattr(contact, spec.attr)
    if spec.kind == DATE:
        return _iso(value)
    if spec.kind == REFERENCE:
        return value.target if value else None
    if spec.kind == BIRTHDAY:  # YYYY-MM-DD, or -MM-DD when the year is not known
        year = getattr(contact, spec.also)
        return f"{f'{year:04d}' if year else '-'}-{value[0]:02d}-{value[1]:02d}" if value else None
    if spec.kind == DURATION:
        return str(value) if value else None
    return value


def profile(contact: Contact, config: Config, today: date) -> dict[str, Any]:
    """Every field (under its attribute's name: ``emails``), then what the whole note says."""
    first = first_meeting(contact)
    last = last_contact(contact)
    gave, got = value_exchanged(contact)
    items: list[DueItem] = sorted(contact_items(contact, today, config), key=DueItem.sort_key)
    return {
        **{spec.attr: json_value(spec, contact) for spec in CONTACT_FIELDS},
        # where the note as a whole says more than the one key
        "cadence": cadence_of(contact, config),
        "met": _iso(first.date) if first else None,
        "met_at": (first.event.title if first and first.event else (contact.met_at.target if contact.met_at else None)),
        "last_contact": _iso(last.date) if last else None,
        "last_contact_kind": last.kind if last else None,
        "file": contact.path,
        "events": sorted({ev.title for ev in contact.events}),
        "gave": gave,
        "got": got,
        "timeline": timeline(contact),
        "tasks": tasks(contact),
        "due": [item.to_dict(today) for item in items],
        **judging(contact, today),
    }


def judging(contact: Contact, today: date) -> dict[str, Any]:
    """The contact's ledger (SPEC 6.2) and keeps-promises rate (6.4; None before any promise came due)."""
    row = contact_ledger(contact)
    kept = keeping(contact, today)
    ledger = {k: v for k, v in row.to_dict().items() if k not in ("contact", "file", "tier")}
    return {"ledger": {**ledger, "line": row.line()},
            "keeps_promises": {**kept.to_dict(), "line": kept.line()} if kept.total else None}

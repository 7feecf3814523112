"""A contact's profile and timeline as plain data, for `show`, `find`, templates and JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from relnotes.core.commitments import keeping
from relnotes.core.ledger import contact_ledger
from relnotes.core.model import Contact, DueItem, Task
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


def profile(contact: Contact, config: Config, today: date) -> dict[str, Any]:
    first = first_meeting(contact)
    last = last_contact(contact)
    gave, got = value_exchanged(contact)
    items: list[DueItem] = sorted(contact_items(contact, today, config), key=DueItem.sort_key)
    birthday = None
    if contact.birthday:
        month, day = contact.birthday
        year = f"{contact.birth_year:04d}" if contact.birth_year else "-"
        birthday = f"{year}-{month:02d}-{day:02d}"
    return {
        "name": contact.name,
        "file": contact.path,
        "aliases": contact.aliases,
        "emails": contact.emails,
        "phones": contact.phones,
        "company": contact.company,
        "role": contact.role,
        "location": contact.location,
        "linkedin": contact.linkedin,
        "website": contact.website,
        "tags": contact.tags,
        "tier": contact.tier,
        "cadence": cadence_of(contact, config),
        "status": contact.status,
        "met": _iso(first.date) if first else None,
        "met_at": (first.event.title if first and first.event else (contact.met_at.target if contact.met_at else None)),
        "last_contact": _iso(last.date) if last else None,
        "last_contact_kind": last.kind if last else None,
        "follow_up": _iso(contact.follow_up),
        "follow_up_note": contact.follow_up_note,
        "snooze_until": _iso(contact.snooze_until),
        "birthday": birthday,
        "needs": contact.needs,
        "offers": contact.offers,
        "uid": contact.uid,
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

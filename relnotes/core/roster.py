"""``relnotes ls``: one row per contact — tier, last contact, next due item — filtered and sorted. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from relnotes.core.index import Index
from relnotes.core.model import Contact, DueItem
from relnotes.core.rules import contact_items
from relnotes.core.timeline import last_contact

SORTS = ("name", "last", "next")


@dataclass
class Row:
    contact: Contact
    last: date | None
    next: DueItem | None

    def to_dict(self, today: date) -> dict[str, Any]:
        c = self.contact
        return {"name": c.name, "file": c.path, "tier": c.tier, "status": c.status, "tags": list(c.tags),
                "last_contact": self.last.isoformat() if self.last else None,
                "next": self.next.to_dict(today) if self.next else None}


def _row(contact: Contact, today: date, index: Index) -> Row:
    touch = last_contact(contact)
    items = sorted(contact_items(contact, today, index.config), key=DueItem.sort_key)
    return Row(contact, touch.date if touch else None, items[0] if items else None)


def roster(index: Index, today: date, tiers: tuple[str, ...] = (), tags: tuple[str, ...] = (),
           statuses: tuple[str, ...] = (), sort: str = "name") -> list[Row]:
    """The contacts kept by every filter given (each repeatable: any of its values), sorted:
    ``name`` A–Z; ``last`` longest untouched first (never touched first of all); ``next``
    soonest due first (nothing due last); ties by name."""
    wanted = {t.lstrip("#").casefold() for t in tags}
    rows = [_row(c, today, index) for c in index.contacts
            if (not tiers or c.tier in tiers) and (not statuses or c.status in statuses)
            and (not wanted or wanted & {t.casefold() for t in c.tags})]
    rows.sort(key=lambda r: (r.contact.name.casefold(), r.contact.path))
    if sort == "last":
        rows.sort(key=lambda r: r.last or date.min)
    elif sort == "next":
        rows.sort(key=lambda r: (r.next is None, r.next.due if r.next else date.max))
    return rows

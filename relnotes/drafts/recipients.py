"""Whom a draft is for and which due item it answers. No Jinja, no Click.

A draft can be for a contact, or for someone listed in an event's ``people`` who has no
contact note yet (a :class:`Ghost`). Contacts are found with :func:`relnotes.lookup.resolve_contact`,
so names, messages and loose matching are the same as in every other command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relnotes.core.index import Index
from relnotes.core.links import reference
from relnotes.core.model import Contact, DueItem, Event
from relnotes.core.resolve import resolve_contact
from relnotes.core.rules import contact_items, due_items, ghost_items, within
from relnotes.errors import ResolveError


@dataclass
class Ghost:
    """Someone listed in an event's ``people`` who has no contact note yet."""

    name: str
    event: Event


Who = Contact | Ghost


def name_key(name: str) -> str:
    """How a guest's name is compared: spaces folded, case ignored."""
    return " ".join(name.split()).casefold()


def resolve_who(index: Index, ref: str) -> Who:
    """A contact, else someone listed in an event's ``people`` who has no note (the latest event).

    An exact contact match (name, alias, file stem) wins, then a guest of exactly that name; only
    then :func:`relnotes.lookup.resolve_contact`'s loose matching and its error messages.
    """
    target = reference(ref)
    if not index.resolve_contact(target):
        key = name_key(target)
        for event in sorted(index.events, key=lambda e: e.date or date.min, reverse=True):
            for name in event.ghosts:
                if name_key(name) == key:
                    return Ghost(name, event)
    return resolve_contact(index, ref)


def resolve_pair(index: Index, first: str, second: str) -> tuple[Contact, Contact]:
    """The two contacts of an introduction; ResolveError when both name the same one."""
    a, b = resolve_contact(index, first), resolve_contact(index, second)
    if a is b:
        raise ResolveError(f"{first!r} and {second!r} are the same contact; an introduction needs two people")
    return a, b


def items_for(index: Index, today: date, who: Who) -> list[DueItem]:
    """All of this person's items, by urgency (any date; the caller narrows)."""
    if isinstance(who, Ghost):
        key = name_key(who.name)
        items = [i for i in ghost_items(index.events, today, index.config) if name_key(i.contact) == key]
    else:
        items = contact_items(who, today, index.config)
    return sorted(items, key=DueItem.sort_key)


def due_for(index: Index, today: date, who: Who) -> list[DueItem]:
    """This person's items that ``relnotes due`` shows: overdue, today and upcoming."""
    horizon = index.config.rules.upcoming.after(today)
    return [i for i in items_for(index, today, who) if i.due <= horizon]


def choose_item(index: Index, today: date, who: Who, kind: str | None) -> tuple[DueItem, bool]:
    """The item to draft for, and whether it is really due (else one made up for the request)."""
    picked = [i for i in items_for(index, today, who) if i.kind == kind] if kind else due_for(index, today, who)
    if picked:
        return picked[0], True
    wanted = kind or "keep-in-touch"
    reason = f"nothing is due for {who.name}; a note to stay in touch" if kind is None \
        else f"drafted on request (no {wanted} item is due)"
    if isinstance(who, Contact):
        return DueItem(who.name, who.path, wanted, today, reason, who.tier, who.email, who.path), False
    return DueItem(who.name, who.event.path, wanted, today, reason, None, None, who.event.path), False


def due_owners(index: Index, today: date) -> list[tuple[DueItem, Who | None]]:
    """Every item ``relnotes due`` shows, with whom to write to (None: an event's own task)."""
    items = within(due_items(index, today), today, index.config.rules.upcoming)
    return [(item, owner_of(index, item)) for item in items]


def owner_of(index: Index, item: DueItem) -> Who | None:
    """The contact or event guest an item is about; None for an event's own task."""
    by_path = {c.path: c for c in index.contacts}
    if item.file in by_path:
        return by_path[item.file]
    for event in index.events:
        if event.path == item.file and item.contact in event.ghosts:
            return Ghost(item.contact, event)
    return None

"""Event return kept current for watch mode. Pure: no file system, clock or environment.

Watch mode rebuilds the agenda on every change, from an index that changes in place (its
LiveIndex replaces a changed contact or event by a new object in the same place, and lists
what it replaced in ``Index.changes``). Working out every event's return again each time would
cost far more than the change: :class:`ReturnsMemo` redoes only the events a changed note
touches, keeps the returns in their order (moving only those redone), and the sums per group
only for the groups those events are in. Nothing here looks over every note, contact or event
on a change. tests/test_agenda_network.py checks it against a fresh read after every
step of random edits.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import Any

from relnotes.core.events import (
    GROUPINGS,
    EventReturn,
    Facts,
    GroupReturn,
    declared,
    event_return,
    group_of,
    newest_first,
    people_met,
    ranked,
)
from relnotes.core.index import Index
from relnotes.core.model import Contact, Event
from relnotes.core.settings import Config


class ReturnsMemo:
    """``event_returns(index, today, config)`` and ``roi``, worked out again only where needed.

    Another index, day or configuration, or notes added or removed: everything afresh."""

    def __init__(self) -> None:
        self._clear(None, None)

    def _clear(self, key: tuple[Any, ...] | None, index: Index | None) -> None:
        self._key, self._index = key, index
        self._seen = 0  # how much of index.changes has been taken in
        self._declared: dict[str, tuple[str, ...]] = {}  # contact path -> events its own note names
        self._through: dict[str, dict[str, Contact]] = {}  # event path -> contacts whose note names it
        self._facts: dict[str, tuple[Contact, Facts]] = {}
        self._results: dict[str, EventReturn] = {}  # event path -> its return (dated events only)
        self._at: dict[str, set[str]] = {}  # contact path -> events whose people met include them
        # the dated events' returns newest first, with their sort keys (unique: a key ends with the path)
        self._order_keys: list[tuple[int, str, str]] = []
        self._ordered: list[EventReturn] = []
        self._keyed: dict[str, tuple[int, str, str]] = {}  # event path -> its key in _order_keys
        self._bulk = False  # placing every return at once (after _start)
        self._position: dict[str, int] = {}  # event path -> its place in index.events
        self._contact_position: dict[str, int] = {}  # contact path -> its place in index.contacts
        self._sums: dict[str, dict[str | None, GroupReturn]] = {}  # per grouping (format, purpose)

    def returns(self, index: Index, today: date, config: Config) -> list[EventReturn]:
        """Every dated event's return, newest first (``event_returns``)."""
        key = (id(index), today, id(config), len(index.contacts), len(index.events), len(index.notes))
        if key != self._key or index is not self._index:
            self._start(index, key)
            contacts: list[int] = []
            events: list[int] = list(range(len(index.events)))  # every event counts as changed
            dailies: dict[int, tuple[str, ...]] = {}
        else:
            contacts, events, dailies = self._since(index)
        changed = [index.contacts[n] for n in contacts]
        changed += self._mentioned(index, dailies, {c.path for c in changed})
        affected = {index.events[n].path: n for n in events}
        positions = self._position
        for contact in changed:
            for path in self._declared.get(contact.path, ()):
                self._through.get(path, {}).pop(contact.path, None)
            self._declared[contact.path] = found = declared(index, contact)
            for path in found:
                self._through.setdefault(path, {})[contact.path] = contact
            for path in (*found, *self._at.get(contact.path, ())):
                affected.setdefault(path, positions[path])
        for n in affected.values():
            self._redo(index, index.events[n], today, config)
        if self._bulk:  # everything afresh: the returns placed with one sort, not one by one
            pairs = sorted((key, self._results[path]) for path, key in self._keyed.items())
            self._order_keys = [key for key, _ in pairs]
            self._ordered = [result for _, result in pairs]
            self._bulk = False
        return list(self._ordered)

    def _since(self, index: Index) -> tuple[list[int], list[int], dict[int, tuple[str, ...]]]:
        """The contacts and events replaced since the last call (their places, in order), and the
        daily notes replaced, each with the mentions it had at the last call."""
        new = index.changes[self._seen:]
        self._seen = len(index.changes)
        contacts: set[int] = set()
        events: set[int] = set()
        dailies: dict[int, tuple[str, ...]] = {}
        for kind, at, mentions in new:
            if kind == "contact":
                contacts.add(at)
            elif kind == "event":
                events.add(at)
            elif mentions is not None:
                dailies.setdefault(at, mentions)  # the first: what it had when last seen
        return sorted(contacts), sorted(events), dailies

    def _mentioned(self, index: Index, dailies: dict[int, tuple[str, ...]], known: set[str]) -> list[Contact]:
        """Contacts a changed daily note mentions, or mentioned: the live index updates their
        mentions in place, without a new contact object."""
        found: dict[str, Contact] = {}
        for at in sorted(dailies):
            for target in (*dailies[at], *index.notes[at].mentions):
                for contact in index.resolve_contact(target):
                    if contact.path not in known:
                        found[contact.path] = contact
        for path in found:
            self._facts.pop(path, None)
        return list(found.values())

    def roi(self, by: str) -> list[GroupReturn]:
        """``roi(returns, by)`` over the last :meth:`returns`."""
        if by not in GROUPINGS:
            raise ValueError(f"roi groups by {' or '.join(GROUPINGS)}, not {by!r}")
        if by not in self._sums:
            self._sums[by] = {}
            for result in self._results.values():
                self._count(by, result, 1)
        return ranked(g for g in self._sums[by].values() if g.events)

    def _count(self, by: str, result: EventReturn, sign: int) -> None:
        group = group_of(result.event, by)
        sums = self._sums[by]
        if group not in sums:
            sums[group] = GroupReturn(group, by)
        sums[group].add(result, sign)

    def _start(self, index: Index, key: tuple[Any, ...]) -> None:
        """Everything afresh: the first call, or another index, day or config."""
        self._clear(key, index)
        self._seen = len(index.changes)
        self._bulk = True
        self._position = {e.path: n for n, e in enumerate(index.events)}
        self._contact_position = {c.path: n for n, c in enumerate(index.contacts)}
        for contact in index.contacts:
            self._declared[contact.path] = found = declared(index, contact)
            for path in found:
                self._through.setdefault(path, {})[contact.path] = contact

    def _redo(self, index: Index, event: Event, today: date, config: Config) -> None:
        path = event.path
        old = self._results.pop(path, None)
        self._unplace(path)
        if old is not None:
            for by in self._sums:
                self._count(by, old, -1)
            for person in old.people_met:
                if person.contact is not None:
                    self._at.get(person.contact.path, set()).discard(path)
        if event.date is None:
            return
        # the contacts naming it in their own note, in the index's order, as a fresh read finds
        # them (an edited contact was taken out of the map and put back at its end)
        through = sorted(self._through.get(path, {}).values(), key=lambda c: self._contact_position[c.path])
        result = event_return(event, people_met(index, event, through), self._facts, today, config)
        self._results[path] = result
        self._place(path, newest_first(event), result)
        for by in self._sums:
            self._count(by, result, 1)
        for person in result.people_met:
            if person.contact is not None:
                self._at.setdefault(person.contact.path, set()).add(path)

    def _unplace(self, path: str) -> None:
        key = self._keyed.pop(path, None)
        if key is not None and not self._bulk:
            at = bisect_left(self._order_keys, key)
            del self._order_keys[at], self._ordered[at]

    def _place(self, path: str, key: tuple[int, str, str], result: EventReturn) -> None:
        self._keyed[path] = key
        if self._bulk:
            return
        at = bisect_left(self._order_keys, key)
        self._order_keys.insert(at, key)
        self._ordered.insert(at, result)

"""Event return (SPEC 6.5): whom each event brought, who was followed up and who lasted; summed
per format or purpose (``roi``). Pure: the index, ``today`` and the config come in as arguments.

Only log entries count as evidence here (SPEC 6): a *log touchpoint* is a log entry of any
kind but ``note`` and ``review``. The one exception is who is still *owed* a first follow-up,
which follows ``due``'s first-follow-up rule (a mention or ``last_contact`` after the event
ends it too), so the agenda never disagrees with itself.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relnotes.core.dates import shift
from relnotes.core.index import Index
from relnotes.core.model import Contact, Event
from relnotes.core.settings import Config

LASTING_FROM, LASTING_TO = 60, 120  # a log touchpoint D+60 through D+120 days: the relationship lasted
GROUPINGS = ("format", "purpose")


@dataclass
class Facts:
    """One contact's history, as the dates event return asks about (each list sorted)."""

    answers: list[date]  # log touchpoints other than ``met``
    touches: list[date]  # every log touchpoint
    got: list[date]  # one date per ``#got`` tag, in any log entry
    silent: bool  # paused or archived: owed nothing (``due`` drops their follow-ups too)
    elsewhere: date | None  # the newest mention in a daily note or ``last_contact``

    @classmethod
    def of(cls, contact: Contact) -> Facts:
        log = contact.note.log
        touches = sorted(e.date for e in log if e.is_touchpoint)
        answers = sorted(e.date for e in log if e.is_touchpoint and e.kind != "met")
        got = sorted(e.date for e in log for _ in e.got)
        other = [when for when, _ in contact.mentions]
        if contact.last_contact is not None:
            other.append(contact.last_contact)
        return cls(answers, touches, got, contact.status != "active", max(other, default=None))

    def owed_since(self, held: date) -> bool:
        """Whether they still wait for a first follow-up after a meeting on ``held``, as ``due``'s
        first-follow-up rule sees it: no log touchpoint but a meeting since (that day included),
        and no mention or ``last_contact`` after that day."""
        if self.silent or (self.answers and self.answers[-1] >= held):
            return False
        return self.elsewhere is None or self.elsewhere <= held

    def any_between(self, dates: list[date], start: date, end: date) -> bool:
        return bisect_right(dates, end) > bisect_left(dates, start)


@dataclass(frozen=True, eq=False)
class Person:
    name: str
    contact: Contact | None  # None: listed in ``people`` with no note (or several), never followed up


def _names(people: list[Person]) -> list[str]:
    return [p.name for p in people]


@dataclass
class EventReturn:
    """One event's numbers; ``to_dict`` is a row of ``events --json`` (docs/json.md)."""

    event: Event
    date: date
    matured: bool
    judged: bool  # the first follow-up delay is over, so the follow-up rate can be poor
    people_met: list[Person] = field(default_factory=list)
    people_followed_up: list[Person] = field(default_factory=list)
    people_lasting: list[Person] = field(default_factory=list)
    owed: list[Person] = field(default_factory=list)  # still waiting for a first follow-up
    value: int = 0

    @property
    def met(self) -> int:
        return len(self.people_met)

    @property
    def followed_up(self) -> int:
        return len(self.people_followed_up)

    @property
    def lasting(self) -> int:
        return len(self.people_lasting)

    @property
    def poor_follow_up(self) -> bool:
        """The delay is over and fewer than half of the people met were followed up within it."""
        return self.judged and self.met > 0 and 2 * self.followed_up < self.met

    @property
    def poor_lasting(self) -> bool:
        """Matured, and nobody met there lasted."""
        return self.matured and self.met > 0 and self.lasting == 0

    def to_dict(self) -> dict[str, Any]:
        ev = self.event
        return {
            "event": ev.title, "file": ev.path, "date": self.date.isoformat(), "format": ev.format,
            "purpose": ev.purpose, "met": self.met, "followed_up": self.followed_up, "lasting": self.lasting,
            "matured": self.matured, "value": self.value, "cost": ev.cost, "hours": ev.hours,
            "cost_per_lasting": per(ev.cost, self.lasting), "hours_per_lasting": per(ev.hours, self.lasting),
            "rating": ev.rating, "people_met": _names(self.people_met),
            "people_followed_up": _names(self.people_followed_up), "people_lasting": _names(self.people_lasting),
            "owed_first_follow_up": _names(self.owed),
            "poor_follow_up": self.poor_follow_up, "poor_lasting": self.poor_lasting,
        }


def per(amount: float | None, lasting: int) -> float | None:
    """``amount`` per lasting relationship; None when there is none or the amount is unknown."""
    return None if amount is None or lasting == 0 else amount / lasting


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def declared(index: Index, contact: Contact) -> tuple[str, ...]:
    """The events a contact's own note says they met at: ``met_at``, and ``met`` log entries that link one."""
    found: dict[str, None] = {}
    if contact.met_at_event is not None:
        found[contact.met_at_event.path] = None
    for entry in contact.note.log:
        if entry.kind != "met":
            continue
        for target in entry.links:
            events = index.resolver.lookup(target, Event)
            if len(events) == 1:
                found[events[0].path] = None
    return tuple(found)


def met_through_notes(index: Index) -> dict[str, dict[str, Contact]]:
    """Event path → contacts (by path) whose own note says they met there (:func:`declared`)."""
    found: dict[str, dict[str, Contact]] = {}
    for contact in index.contacts:
        for path in declared(index, contact):
            found.setdefault(path, {})[contact.path] = contact
    return found


def people_met(index: Index, event: Event, through_notes: Iterable[Contact]) -> list[Person]:
    """Everyone met at ``event``, each once: its ``people`` (a name with no note, or one that names
    several notes, counts as written), then contacts who say in their own note they met there."""
    people = _listed(index, event)
    seen = {p.contact.path for p in people if p.contact is not None}
    for contact in through_notes:
        if contact.path not in seen:
            seen.add(contact.path)
            people.append(Person(contact.name, contact))
    return people


def _listed(index: Index, event: Event) -> list[Person]:
    """The event's ``people``, each once."""
    people: list[Person] = []
    seen: set[str] = set()
    if len(event.people) == len(event.people_contacts) + len(event.ghosts):
        # each listed once, and each one contact or nobody: as the index linked them
        found: list[tuple[str, Person]] = [(c.path, Person(c.name, c)) for c in event.people_contacts]
        found += [("\0" + _key(name), Person(name, None)) for name in event.ghosts]
    else:
        found = []
        for link in event.people:
            contacts = index.resolve_contact(link.target)
            if len(contacts) == 1:
                found.append((contacts[0].path, Person(contacts[0].name, contacts[0])))
            elif contacts or not index.resolver.lookup(link.target, Event):
                found.append(("\0" + _key(link.target), Person(link.target, None)))
            # else an event, not a person (``check`` says so)
    for key, person in found:
        if key not in seen:
            seen.add(key)
            people.append(person)
    return people


def _facts_of(contact: Contact, facts: dict[str, tuple[Contact, Facts]]) -> Facts:
    """The contact's facts, worked out once (``facts`` holds them by path, with the contact they are of)."""
    kept = facts.get(contact.path)
    if kept is not None and kept[0] is contact:
        return kept[1]
    found = Facts.of(contact)
    facts[contact.path] = (contact, found)
    return found


def event_return(event: Event, people: list[Person], facts: dict[str, tuple[Contact, Facts]], today: date,
                 config: Config) -> EventReturn:
    assert event.date is not None
    held = event.date
    deadline = config.rules.first_follow_up.after(held)
    lasting_from, lasting_to = shift(held, LASTING_FROM), shift(held, LASTING_TO)
    result = EventReturn(event, held, today > lasting_to, today > deadline)
    for person in people:
        result.people_met.append(person)
        if person.contact is None:
            if held <= today:
                result.owed.append(person)
            continue
        f = _facts_of(person.contact, facts)
        if f.any_between(f.answers, held, deadline):
            result.people_followed_up.append(person)
        if f.any_between(f.touches, lasting_from, lasting_to):
            result.people_lasting.append(person)
        result.value += len(f.got) - bisect_left(f.got, held)
        if held <= today and f.owed_since(held):
            result.owed.append(person)
    for found in (result.people_met, result.people_followed_up, result.people_lasting, result.owed):
        found.sort(key=lambda p: (p.name.casefold(), p.name))
    return result


def event_returns(index: Index, today: date, config: Config | None = None,
                  since: date | None = None) -> list[EventReturn]:
    """Every dated event's return (those dated on or after ``since``), newest first.

    An event with no date is left out: ``check`` reports it, and nothing can be counted from it."""
    config = config or index.config
    chosen = [e for e in index.events if e.date is not None and (since is None or e.date >= since)]
    chosen.sort(key=newest_first)
    through = met_through_notes(index) if chosen else {}
    facts: dict[str, tuple[Contact, Facts]] = {}
    return [event_return(e, people_met(index, e, through.get(e.path, {}).values()), facts, today, config)
            for e in chosen]


def newest_first(event: Event) -> tuple[int, str, str]:
    return (-(event.date or date.min).toordinal(), event.title.casefold(), event.path)


# -- roi: the same, summed per group -------------------------------------------------------------

@dataclass
class GroupReturn:
    """One group of ``roi --by``; ``to_dict`` is a row of ``roi --json`` (docs/json.md)."""

    key: str | None  # the format or purpose in lower case; None for events without the key
    by: str = "format"
    events: int = 0
    met: int = 0
    followed_up: int = 0
    lasting: int = 0
    value: int = 0
    costs: dict[str, float] = field(default_factory=dict)  # the known ones, by event path
    hours_known: dict[str, float] = field(default_factory=dict)
    spellings: Counter[str] = field(default_factory=Counter)  # how its events write the key
    # the sums of costs and hours, worked out once after each change (watch renders the chart
    # on every edit, and a group may hold tens of thousands of events)
    _totals: dict[str, float | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def group(self) -> str | None:
        """The group's name: as its events write it when they all write it alike, else in lower case."""
        written = [w for w, n in self.spellings.items() if n > 0]
        return written[0] if len(written) == 1 else self.key

    @property
    def cost(self) -> float | None:
        if "cost" not in self._totals:
            self._totals["cost"] = math.fsum(self.costs.values()) if self.costs else None
        return self._totals["cost"]

    @property
    def hours(self) -> float | None:
        if "hours" not in self._totals:
            self._totals["hours"] = math.fsum(self.hours_known.values()) if self.hours_known else None
        return self._totals["hours"]

    def add(self, r: EventReturn, sign: int = 1) -> None:
        """Count one event's return in (``sign`` -1: take it out again)."""
        self._totals.clear()
        self.events += sign
        self.met += sign * r.met
        self.followed_up += sign * r.followed_up
        self.lasting += sign * r.lasting
        self.value += sign * r.value
        written = spelled(r.event, self.by)
        if written is not None:
            self.spellings[written] += sign
        for known, value in ((self.costs, r.event.cost), (self.hours_known, r.event.hours)):
            if value is not None:
                if sign > 0:
                    known[r.event.path] = value
                else:
                    known.pop(r.event.path, None)

    @property
    def lasting_per_hour(self) -> float | None:
        hours = self.hours
        return None if not hours else self.lasting / hours

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group, "events": self.events, "met": self.met, "followed_up": self.followed_up,
            "lasting": self.lasting, "value": self.value, "cost": self.cost, "hours": self.hours,
            "cost_per_lasting": per(self.cost, self.lasting), "hours_per_lasting": per(self.hours, self.lasting),
            "lasting_per_hour": self.lasting_per_hour,
        }


def spelled(event: Event, by: str) -> str | None:
    """The event's purpose or format as written (runs of spaces as one); None without the key."""
    value = event.purpose if by == "purpose" else event.format
    return " ".join(value.split()) or None if value else None


def group_of(event: Event, by: str) -> str | None:
    """The group an event falls in: its purpose (``both`` is a group of its own) or its format,
    compared without case (``Open`` and ``open`` are one group); None without the key."""
    written = spelled(event, by)
    return written.casefold() if written else None


def roi(returns: list[EventReturn], by: str = "format") -> list[GroupReturn]:
    """The returns summed per group, most lasting relationships per hour first; groups whose hours
    are unknown (or zero) come last. Ties: more lasting first, then by name (no group last)."""
    if by not in GROUPINGS:
        raise ValueError(f"roi groups by {' or '.join(GROUPINGS)}, not {by!r}")
    groups: dict[str | None, list[EventReturn]] = {}
    for r in returns:
        groups.setdefault(group_of(r.event, by), []).append(r)
    return ranked(summed(name, members, by) for name, members in groups.items())


def summed(key: str | None, returns: Iterable[EventReturn], by: str = "format") -> GroupReturn:
    """One group's returns added up."""
    g = GroupReturn(key, by)
    for r in returns:
        g.add(r)
    return g


def ranked(groups: Iterable[GroupReturn]) -> list[GroupReturn]:
    return sorted(groups, key=_rank)


def _rank(g: GroupReturn) -> tuple[Any, ...]:
    rate = g.lasting_per_hour
    return (rate is None, -(rate or 0.0), -g.lasting, g.group is None, g.group or "")


def label(group: str | None, by: str) -> str:
    """``open events``; ``events with no format``."""
    return f"{group} events" if group is not None else f"events with no {by}"


def hours_text(hours: float) -> str:
    """``4 h``, ``2.5 h``: at most one decimal."""
    rounded = round(hours, 1)
    return f"{rounded:g} h" if rounded else f"{hours:.2g} h"


def verdict(groups: list[GroupReturn], by: str) -> str:
    """One line: ``educational events: 1 lasting relationship per 4 h; open events: 1 per 12 h``."""
    parts: list[str] = []
    first_rate = True
    for g in groups:
        name = label(g.group, by)
        hours = g.hours
        if hours is None:
            parts.append(f"{name}: hours unknown")
        elif g.lasting == 0:
            parts.append(f"{name}: no lasting relationship in {hours_text(hours)}")
        else:
            unit = "lasting relationship " if first_rate else ""
            parts.append(f"{name}: 1 {unit}per {hours_text(hours / g.lasting)}")
            first_rate = False
    return "; ".join(parts) if parts else "no events yet"

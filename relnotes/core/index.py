"""Linking parsed notes into contacts and events, and resolving references. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relnotes.core.dates import parse_iso
from relnotes.core.fields import BIRTHDAY, DURATION, REFERENCE, REFERENCES, FieldSpec
from relnotes.core.logcheck import kind_problems
from relnotes.core.model import CONTACT_FIELDS, EVENT_FIELDS, Contact, Event, Link, Note, Problem
from relnotes.core.names import lookup_key, name_key, phone_key, same_phone
from relnotes.core.settings import Config

DUPLICATE = "duplicate contact: "  # the start of every duplicate-contact problem
ATTACHMENT_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".mp3", ".mp4", ".canvas", ".base")


_key = lookup_key


class Resolver:
    """Case-insensitive lookup of contacts and events by name, title, alias, stem or path."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[Contact | Event]] = defaultdict(list)
        self._known: set[str] = set()  # every note's stem and path, for "does it exist at all"

    def add_name(self, note: Note) -> None:
        self._known.add(_key(note.stem))
        self._known.add(_key(note.path[:-3]))

    def add(self, item: Contact | Event, names: list[str]) -> None:
        keys = {_key(n) for n in names if n}
        keys.add(_key(item.note.path[:-3]))
        for key in sorted(keys):
            self._by_key[key].append(item)
            self._known.add(key)

    def replace(self, old: Contact | Event, new: Contact | Event) -> None:
        """Put ``new`` wherever ``old`` is found (a note re-read with the same names)."""
        for key in name_keys(old):
            found = self._by_key.get(key)
            if found is not None:
                found[:] = [new if item is old else item for item in found]

    def lookup(self, target: str, kind: type | None = None) -> list[Any]:
        key = _key(target.removesuffix(".md"))
        found = self._by_key.get(key, [])
        if kind is not None:
            found = [item for item in found if isinstance(item, kind)]
        unique: dict[str, Any] = {}
        for item in found:
            unique.setdefault(item.note.path, item)
        return list(unique.values())

    def knows(self, target: str) -> bool:
        """Whether any note (a skipped one too) has this name, stem or path."""
        key = _key(target.removesuffix(".md"))
        return key in self._known or key in self._by_key

    def names(self, kind: type) -> list[str]:
        return sorted({k for k, items in self._by_key.items() if any(isinstance(i, kind) for i in items)})


@dataclass
class Index:
    config: Config
    notes: list[Note]
    contacts: list[Contact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    resolver: Resolver = field(default_factory=Resolver)
    problems: list[Problem] = field(default_factory=list)
    # what watch's live index replaced in place since the index was built, oldest first, for
    # the memos that keep the agenda's network sections current: ("note", "contact" or "event",
    # its position in that list, and for a daily note the mentions it had)
    changes: list[tuple[str, int, tuple[str, ...] | None]] = field(default_factory=list)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    def resolve_contact(self, target: str) -> list[Contact]:
        return self.resolver.lookup(target, Contact)


def build_index(notes: list[Note], config: Config) -> Index:
    index = Index(config=config, notes=notes)
    dailies: list[Note] = []
    for note in notes:
        index.resolver.add_name(note)
        index.problems.extend(note.problems)
        if note.skipped:
            continue
        if note.kind == "contact":
            contact = make_contact(note)
            index.contacts.append(contact)
            index.resolver.add(contact, _names(contact))
        elif note.kind == "event":
            event = make_event(note)
            index.events.append(event)
            index.resolver.add(event, _names(event))
        elif note.kind == "daily":
            dailies.append(note)
    for event in index.events:
        link_event(index, event)
    for contact in index.contacts:
        link_contact(index, contact)
    for daily in dailies:
        link_daily(index, daily)
    _duplicates(index)
    index.problems.sort(key=problem_key)
    return index


def problem_key(p: Problem) -> tuple[str, int, str]:
    """The order problems are listed in: by file, line, message."""
    return (p.file, p.line or 0, p.message)


def _names(item: Contact | Event) -> list[str]:
    if isinstance(item, Contact):
        return [item.name, item.note.stem, *item.aliases]
    return [item.title, item.note.stem, *item.note.fields.get("aliases", [])]


def name_keys(item: Contact | Event) -> set[str]:
    """Every key the resolver files this contact or event under."""
    keys = {_key(n) for n in _names(item) if n}
    keys.add(_key(item.note.path[:-3]))
    return keys


def make_contact(note: Note) -> Contact:
    contact = Contact(note=note, **attributes(_CONTACT_KEYS, note))
    contact.name = contact.name or note.stem
    return contact


def make_event(note: Note) -> Event:
    event = Event(note=note, **attributes(_EVENT_KEYS, note))
    event.title = event.title or note.stem
    return event


_CONTACT_KEYS = {spec.key: spec for spec in CONTACT_FIELDS}
_EVENT_KEYS = {spec.key: spec for spec in EVENT_FIELDS}


def attributes(specs: dict[str, FieldSpec], note: Note) -> dict[str, Any]:
    """The attributes a note's checked front-matter values fill (the others keep their defaults)."""
    out: dict[str, Any] = {}
    for key, value in note.fields.items():
        spec = specs.get(key)
        if spec is None or value is None:
            continue
        kind = spec.kind
        if kind == REFERENCE:
            value = Link(value, note.field_lines.get(key)) if value else None
        elif kind == REFERENCES:
            line = note.field_lines.get(key)
            value = [Link(target, line) for target in value]
        elif kind == DURATION:  # ("set", the duration, or None for `none`)
            value, out[spec.also] = value[1], True
        elif kind == BIRTHDAY:  # ((month, day), the year or None)
            value, out[spec.also] = value
        out[spec.attr] = value
    return out


def _problem(index: Index, note: Note, line: int | None, message: str) -> None:
    index.problems.append(Problem(note.path, line, message))


def _candidates(items: list[Any]) -> str:
    return ", ".join(sorted(item.note.path for item in items))


def link_event(index: Index, event: Event) -> None:
    for person in event.people:
        found = index.resolve_contact(person.target)
        if len(found) == 1:
            if found[0] not in event.people_contacts:
                event.people_contacts.append(found[0])
                found[0].events.append(event)
        elif len(found) > 1:
            _problem(index, event.note, person.line,
                     f"people: {person.target!r} is ambiguous ({_candidates(found)}); rename one or use an alias")
        else:
            other = index.resolver.lookup(person.target, Event)
            if other:
                _problem(index, event.note, person.line, f"people: {person.target!r} is an event, not a contact")
            else:
                event.ghosts.append(person.target)
                _problem(index, event.note, person.line,
                         f"people: {person.target!r} has no contact note yet (relnotes add {_quote(person.target)})")
    for task in event.note.tasks:
        owners: dict[str, Contact] = {}
        for target in task.links:
            found = index.resolve_contact(target)
            if len(found) == 1:
                owners.setdefault(found[0].path, found[0])
        for contact in owners.values():
            contact.debrief_tasks.append((task, event))
        if not owners:
            event.own_tasks.append(task)
    _check_body_links(index, event.note)


def _quote(name: str) -> str:
    return f'"{name}"' if any(ch in name for ch in " '\"$`\\") else name


def link_contact(index: Index, contact: Contact) -> None:
    if contact.met_at is not None:
        found = index.resolver.lookup(contact.met_at.target, Event)
        if len(found) == 1:
            contact.met_at_event = found[0]
        elif len(found) > 1:
            _problem(index, contact.note, contact.met_at.line,
                     f"met_at: {contact.met_at.target!r} is ambiguous ({_candidates(found)})")
        else:
            _problem(index, contact.note, contact.met_at.line,
                     f"met_at: no event note is called {contact.met_at.target!r}")
    _check_body_links(index, contact.note)
    index.problems.extend(kind_problems(contact, index.config))


def _check_body_links(index: Index, note: Note) -> None:
    for link in note.links:
        target = link.target
        if target.lower().endswith(ATTACHMENT_SUFFIXES):
            continue
        found = index.resolver.lookup(target)
        if len(found) > 1:
            _problem(index, note, link.line, f"[[{target}]] is ambiguous ({_candidates(found)})")
        elif not found and not index.resolver.knows(target):
            _problem(index, note, link.line, f"[[{target}]] links to no note in the vault")


def link_daily(index: Index, daily: Note) -> None:
    when: date | None = parse_iso(daily.stem)
    if when is None:
        return
    for target in dict.fromkeys(daily.mentions):
        found = index.resolve_contact(target)
        if len(found) == 1:
            found[0].mentions.append((when, daily.path))
        elif len(found) > 1:
            _problem(index, daily, None, f"[[{target}]] is ambiguous ({_candidates(found)})")


def _duplicates(index: Index) -> None:
    """Likely duplicates: the same email, the same phone number, or the same name but for case,
    accents and spaces. Each is reported on the later note, naming the first."""
    by_email: dict[str, list[Contact]] = defaultdict(list)
    by_phone: dict[str, list[tuple[Contact, str]]] = defaultdict(list)
    by_name: dict[str, list[Contact]] = defaultdict(list)
    for contact in index.contacts:
        for email in dict.fromkeys(e.casefold() for e in contact.emails):
            by_email[email].append(contact)
        for key, phone in _phones(contact).items():
            by_phone[key].append((contact, phone))
        by_name[name_key(contact.name)].append(contact)
    for email, contacts in by_email.items():
        for dup in contacts[1:]:
            _problem(index, dup.note, dup.note.field_lines.get("email"),
                     f"{DUPLICATE}email {email} is also on {contacts[0].path}")
    for pairs in by_phone.values():
        first, theirs = pairs[0]
        for dup, phone in pairs[1:]:
            if not same_phone(phone, theirs):
                continue
            written = "" if phone == theirs else f", as {theirs}"
            _problem(index, dup.note, dup.note.field_lines.get("phone"),
                     f"{DUPLICATE}phone {phone} is also on {first.path}{written}")
    for contacts in by_name.values():
        for dup in contacts[1:]:
            written = "" if _key(dup.name) == _key(contacts[0].name) else f", as {contacts[0].name!r}"
            _problem(index, dup.note, dup.note.field_lines.get("name"),
                     f"{DUPLICATE}the name {dup.name!r} is also used by {contacts[0].path}{written}")


def _phones(contact: Contact) -> dict[str, str]:
    """Each of a contact's numbers once (by :func:`phone_key`), as first written."""
    found: dict[str, str] = {}
    for phone in contact.phones:
        key = phone_key(phone)
        if key is not None:
            found.setdefault(key, phone)
    return found


def index_notes(notes: dict[str, Note], scan_problems: list[Problem], config: Config) -> Index:
    """Link parsed notes (by path) into an index, with what the walk found among its problems."""
    index = build_index([notes[rel] for rel in sorted(notes)], config)
    index.problems[:0] = scan_problems
    index.problems.sort(key=problem_key)
    return index

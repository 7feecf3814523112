"""The vault's due candidates split by owner, with what each owner's answer depends on. Pure.

An owner is what a group of candidates belongs to: a contact (``c:`` and its path), a person
listed at events without a note of their own (``g:`` and the name as the resolver keys it),
or an event's own tasks (``e:`` and its path). Its **dependencies** are the notes whose text
its candidates are computed from; its **rank** puts the owners in the order
:func:`relnotes.core.rules.candidates` makes them, so that candidates stored per owner come
back in that order.

A note's **surface** is everything about it that decides how other notes link to it or what
problems they report (its kind, names, aliases, emails and phones as written, and every
reference it makes). An edit that keeps a note's surface changes only the answers of the
owners that depend on the note; any other change is re-resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from relnotes.core.digest import blake2b
from relnotes.core.fields import REFERENCE, REFERENCES
from relnotes.core.index import Index, make_contact, make_event, name_keys
from relnotes.core.model import CONTACT_FIELDS, EVENT_FIELDS, Contact, Event, Note
from relnotes.core.names import lookup_key, name_key, phone_key
from relnotes.core.rules import Candidate, contact_candidates, event_candidates, ghost_candidates
from relnotes.core.settings import Config

_REFERENCE_KEYS = tuple(spec.key for spec in (*CONTACT_FIELDS, *EVENT_FIELDS) if spec.kind in (REFERENCE, REFERENCES))
DUP = "\x01"  # a defined key for duplicate checks, not a name: DUP + "e"/"p"/"n" + the key


@dataclass
class Owner:
    key: str
    rank: str
    candidates: list[Candidate] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)


_key = lookup_key


def ghost_key(name: str) -> str:
    return _key(name)


def owners(index: Index, years: range, config: Config) -> list[Owner]:
    """Every owner of the index with its candidates (in the order ``candidates`` makes them)
    and its dependencies."""
    out = [Owner("c:" + c.path, "0" + c.path, contact_candidates(c, config, years), contact_deps(c))
           for c in index.contacts]
    ghosts: dict[str, Owner] = {}
    for event in index.events:
        for position, name in enumerate(event.ghosts):
            key = ghost_key(name)
            owner = ghosts.get(key)
            if owner is None:
                owner = ghosts[key] = Owner("g:" + key, "")
            if not owner.rank and event.date is not None:  # the first dated event listing them
                owner.rank = f"1{event.path}\0{position:06d}"
            if event.path not in owner.deps:
                owner.deps.append(event.path)
    for candidate in ghost_candidates(index.events, config):
        ghosts[ghost_key(candidate.contact)].candidates.append(candidate)
    out.extend(sorted(ghosts.values(), key=lambda o: o.rank))  # as ghost_candidates makes them
    out.extend(Owner("e:" + e.path, "2" + e.path, event_candidates(e, config), [e.path]) for e in index.events)
    return out


def contact_deps(contact: Contact) -> list[str]:
    """The notes a contact's candidates are computed from: its own, the events that list it, its
    ``met_at`` event, the events whose tasks link it, the daily notes that mention it."""
    deps = dict.fromkeys([contact.path])
    deps.update(dict.fromkeys(e.path for e in contact.events))
    if contact.met_at_event is not None:
        deps[contact.met_at_event.path] = None
    deps.update(dict.fromkeys(event.path for _, event in contact.debrief_tasks))
    deps.update(dict.fromkeys(path for _, path in contact.mentions))
    return list(deps)


def item_of(note: Note) -> Contact | Event | None:
    if note.skipped:
        return None
    if note.kind == "contact":
        return make_contact(note)
    if note.kind == "event":
        return make_event(note)
    return None


def dup_keys(contact: Contact) -> set[str]:
    """The keys :func:`relnotes.core.index._duplicates` groups contacts by."""
    keys = {DUP + "e" + e.casefold() for e in contact.emails}
    keys.update(DUP + "p" + k for k in (phone_key(p) for p in contact.phones) if k is not None)
    keys.add(DUP + "n" + name_key(contact.name))
    return keys


def defined_keys(note: Note, item: Contact | Event | None = None) -> set[str]:
    """Every key under which the resolver (or the duplicate check) finds this note (``item``:
    its contact or event, when made already)."""
    keys = {_key(note.stem), _key(note.path[:-3])}
    item = item or item_of(note)
    if item is not None:
        keys |= name_keys(item)
        if isinstance(item, Contact):
            keys |= dup_keys(item)
    return keys


def references(note: Note) -> Iterator[str]:
    """Every target the note names, as written, in the order written."""
    for key in _REFERENCE_KEYS:
        value = note.fields.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, str))
    for task in note.tasks:
        yield from task.links
    for link in note.links:
        yield link.target
    for entry in note.log:
        yield from entry.links
    yield from note.mentions


def reference_keys(note: Note) -> set[str]:
    """The keys a lookup of each of the note's references uses."""
    return {_key(target.removesuffix(".md")) for target in references(note)}


def surface(note: Note) -> str:
    """A hash of the note's link surface (see the module's docstring)."""
    return summary(note)[0]


def summary(note: Note) -> tuple[str, set[str], set[str]]:
    """The note's surface, the keys it defines, the keys it looks up (its item made once)."""
    item = item_of(note)
    defined = defined_keys(note, item)
    refs = list(references(note))
    parts: list[object] = [note.kind, note.skipped, note.path, note.stem, sorted(defined)]
    if isinstance(item, Contact):
        parts += [item.name, item.aliases, item.emails, item.phones]
    elif isinstance(item, Event):
        parts += [item.title, item.note.fields.get("aliases")]
    parts.append(refs)
    digest = blake2b(repr(parts).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return digest, defined, {_key(target.removesuffix(".md")) for target in refs}

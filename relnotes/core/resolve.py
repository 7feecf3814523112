"""Turning what a user typed into exactly one contact (or event), or a clear error.

``fold`` (case and accents folded) lives in :mod:`relnotes.core.names` and is imported from here too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeVar

from relnotes.core.index import Index
from relnotes.core.model import Contact, Event, Note
from relnotes.core.names import canonical, fold, lookup_key
from relnotes.errors import ResolveError

__all__ = ["Match", "fold", "link_name", "match_contact", "match_event", "resolve_contact",
           "resolve_contact_or_event", "several", "skipped_note", "skipped_notes"]

Item = TypeVar("Item", Contact, Event)


@dataclass
class Match:
    """What a typed name answers to: one contact, several (ambiguous), or none."""

    contacts: list[Contact]
    exact: bool  # by path, name, alias or file name (not by a first name, a start, or without accents)
    ghosts: dict[str, list[Event]] = field(default_factory=dict)  # listed in events, no note: name -> events


def match_contact(index: Index, target: str) -> Match:
    """The contacts ``target`` (already unwrapped from ``[[…]]``) names, the way a typed CONTACT is read.

    A file path (``contacts/Jane Doe.md``, ``.md`` optional) first, in exactly its case; then
    names, aliases and file names in any case, where the one written in the case typed wins
    over the others; then someone an event lists in ``people`` who has no note, by that exact
    name; then first names and starts of names; then the same ignoring accents.
    """
    by_path = _by_path(index, index.contacts, target)
    if by_path is not None:
        return Match([by_path], True)
    exact = index.resolve_contact(target)
    if exact:
        return Match(_same_case(exact, target), True)
    listed = _listed(index)
    ghost = listed.get(_casefolded(target))
    if ghost is not None:
        return Match([], True, {ghost[0]: ghost[1]})
    loose = _loose(index.contacts, target) or _loose(index.contacts, target, fold)
    return Match(loose, False, {} if loose else _loose_ghosts(listed, target))


def resolve_contact(index: Index, ref: str) -> Contact:
    """One contact by path, name, alias, file stem or wikilink; ResolveError lists candidates otherwise.

    :func:`match_contact` says in which order. A name that only someone listed in an event
    answers to says so, and how to create the note; one that only a skipped note answers to
    gets an error naming that note and why it is skipped.
    """
    from relnotes.core.links import reference

    target = reference(ref)
    match = match_contact(index, target)
    if len(match.contacts) == 1:
        return match.contacts[0]
    if match.contacts:
        raise ResolveError(several(ref, match.contacts))
    if match.ghosts:
        raise ResolveError("; ".join(_ghost_message(name, events) for name, events in match.ghosts.items()))
    skipped = skipped_note(index, target)
    if skipped is not None:
        raise ResolveError(skipped)
    raise ResolveError(f"no contact called {ref!r}{_suggest(index, target)}")


def match_event(index: Index, target: str) -> tuple[list[Event], bool]:
    """The events ``target`` names, and whether exactly: by path in exactly its case, by title,
    file name or alias in any case, else by the start of its title (with or without its date)."""
    by_path = _by_path(index, index.events, target)
    if by_path is not None:
        return [by_path], True
    exact: list[Event] = index.resolver.lookup(target, Event)
    if exact:
        return _same_case(exact, target), True
    return _loose_events(index.events, target), False


def resolve_contact_or_event(index: Index, ref: str) -> Contact | Event:
    """A contact as :func:`resolve_contact` finds it, else an event by its title, file stem or alias.

    An exact contact match wins over an event; an event (exact, then by the start of its title
    or its title without the leading date) wins over a contact that only loosely matches.
    """
    from relnotes.core.links import reference

    target = reference(ref)
    match = match_contact(index, target)
    if match.exact and match.contacts:
        return resolve_contact(index, ref)
    events, _ = match_event(index, target)
    if len(events) == 1:
        return events[0]
    if len(events) > 1:
        raise ResolveError(several(ref, events))
    return resolve_contact(index, ref)


def several(ref: str, found: Sequence[Contact | Event]) -> str:
    """``'jd' matches several contacts: Jane Doe (contacts/Jane Doe.md); …. Use the file name to pick one``."""
    what = "contacts" if isinstance(found[0], Contact) else "events"
    names = "; ".join(f"{item.note.name} ({item.path})" for item in sorted(found, key=lambda i: i.path))
    return f"{ref!r} matches several {what}: {names}. Use the file name to pick one"


def link_name(index: Index, note: Note) -> str:
    """What a new note links ``note`` by: its file name, or its path when another note has that name."""
    stem = canonical(note.stem)
    twins = sum(1 for other in index.notes if canonical(other.stem) == stem)
    return note.stem if twins == 1 else note.path[:-3]


def _by_path(index: Index, items: list[Item], target: str) -> Item | None:
    """The contact or event whose file ``target`` is: relative to the vault (or absolute, inside
    it), ``.md`` optional, in exactly the case written. Only what looks like a path counts."""
    path = target.replace("\\", "/")
    if not ("/" in path or path.endswith(".md")):
        return None
    if PurePosixPath(path).is_absolute():
        root = index.config.root.as_posix().rstrip("/") + "/"
        if not path.startswith(root):
            return None
        path = path[len(root):]
    path = path.removeprefix("./")
    path = path if path.endswith(".md") else f"{path}.md"
    return next((item for item in items if item.path == path), None)


def _same_case(found: list[Item], target: str) -> list[Item]:
    """Of several exact matches, the one whose name, alias, file name or path is written as typed."""
    if len(found) < 2:
        return found
    stem = target.removesuffix(".md")
    same = [item for item in found if target in _names(item) or stem in (item.note.stem, item.path[:-3])]
    return same if len(same) == 1 else found


def _names(item: Contact | Event) -> list[str]:
    if isinstance(item, Contact):
        return [item.name, *item.aliases]
    return [item.title, *item.note.fields.get("aliases", [])]


def _listed(index: Index) -> dict[str, tuple[str, list[Event]]]:
    """People events list in ``people`` who have no contact note, by name (case and spaces folded):
    the name as first written (events in path order) and the events listing it. Not a name a
    skipped contact note answers to: that note exists, it only needs fixing."""
    skipped = {_note_key(key) for note in index.notes if note.skipped and note.kind == "contact"
               for key in (note.stem, note.path[:-3], note.name)}
    listed: dict[str, tuple[str, list[Event]]] = {}
    for event in sorted(index.events, key=lambda e: e.path):
        for name in event.ghosts:
            if _note_key(name) in skipped:
                continue
            _, events = listed.setdefault(_casefolded(name), (name, []))
            if not events or events[-1] is not event:
                events.append(event)
    return listed


def _loose_ghosts(listed: dict[str, tuple[str, list[Event]]], target: str) -> dict[str, list[Event]]:
    """Listed people whose name starts with, or has a word equal to, ``target`` (then ignoring accents)."""
    for key in (canonical, fold):
        needle = " ".join(key(target).split())
        found = {name: events for name, events in listed.values() if needle and _matches(name, needle, key)}
        if found:
            return found
    return {}


def _casefolded(text: str) -> str:
    return lookup_key(text)


def _ghost_message(name: str, events: list[Event]) -> str:
    """``Sam Lee has no contact note yet (listed in events/…); create it with relnotes add "Sam Lee"``."""
    from relnotes.core.index import _quote

    paths = [event.path for event in events]
    if len(paths) > 3:
        listed = f"{', '.join(paths[:3])} and {len(paths) - 3} more"
    else:
        listed = " and ".join(filter(None, [", ".join(paths[:-1]), paths[-1]]))
    return f"{name} has no contact note yet (listed in {listed}); create it with relnotes add {_quote(name)}"


def _matches(name: str, needle: str, key: Callable[[str], str] = canonical) -> bool:
    folded = " ".join(key(name).split())
    return folded.startswith(needle) or needle in folded.split()


def _loose(contacts: list[Contact], target: str, key: Callable[[str], str] = canonical) -> list[Contact]:
    """For typed commands only: contacts whose name starts with, or has a word equal to, ``target``."""
    needle = " ".join(key(target).split())
    if not needle:
        return []
    return [c for c in contacts if any(_matches(n, needle, key) for n in (c.name, *c.aliases))]


DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[\s_:–—-]*")


def _loose_events(events: list[Event], target: str) -> list[Event]:
    """Events whose title (with or without its leading date) is or starts with ``target``."""
    needle = " ".join(fold(target).split())
    if not needle:
        return []
    found = []
    for event in events:
        names = {event.title, event.note.stem, DATE_PREFIX.sub("", event.title), DATE_PREFIX.sub("", event.note.stem)}
        if any(" ".join(fold(n).split()).startswith(needle) for n in names if n):
            found.append(event)
    return found


def skipped_note(index: Index, target: str) -> str | None:
    """``contacts/Connie.md is skipped: …; fix it first`` when only a skipped contact note answers to ``target``."""
    found = skipped_notes(index, target, ("contact",))
    if not found:
        return None
    return "; ".join(f"{n.path} is skipped: {_why(index, n)}" for n in found) + "; fix it first"


def skipped_notes(index: Index, target: str, kinds: tuple[str, ...] = ("contact", "event")) -> list[Note]:
    """The skipped notes in the contact (or event) folder that answer to ``target``: by path,
    file stem or name exactly, else by the start of a name or stem."""
    needle = " ".join(fold(target.removesuffix(".md")).split())
    if not needle:
        return []
    notes = [n for n in index.notes if n.skipped and n.kind in kinds]
    exact = [n for n in notes if needle in (_note_key(n.stem), _note_key(n.path[:-3]), _note_key(n.name))]
    return exact or [n for n in notes if _matches(n.name, needle, fold) or _matches(n.stem, needle, fold)]


def _note_key(text: str) -> str:
    return " ".join(fold(text).split())


def _why(index: Index, note: Note) -> str:
    problem = next((p for p in index.problems if p.file == note.path and p.skipped), None)
    if problem is None:
        return "it cannot be read (run 'relnotes check')"
    reason = problem.message
    for tail in ("; the note is skipped", "; skipped"):
        reason = reason.removesuffix(tail)
    return f"line {problem.line}: {reason}" if problem.line else reason


def _suggest(index: Index, target: str) -> str:
    """Up to three names that look like what was typed (whole names or any of their words)."""
    names = {c.name for c in index.contacts} | {a for c in index.contacts for a in c.aliases}
    keys: dict[str, str] = {}
    for name in sorted(names):
        for key in [name, *name.split()]:
            keys.setdefault(canonical(key), name)
    needle = canonical(target)
    close: list[str] = []
    for key in difflib.get_close_matches(needle, list(keys), n=6, cutoff=0.6):
        if keys[key] not in close:
            close.append(keys[key])
    for key, name in keys.items():
        if needle and needle in key and name not in close:
            close.append(name)
    if not close:
        return ""
    return " (did you mean " + ", ".join(close[:3]) + "?)"
